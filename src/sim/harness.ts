/**
 * What every simulated vendor shares: a real HTTP server on loopback, a log of every
 * request (for request-count expectations), and the scripted faults of the world.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultWorld, Vendor } from './world.js';

export interface SimRequest {
  method: string;
  /** Relative to the vendor's API base, without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Parsed JSON body; undefined when absent or not JSON. */
  body: unknown;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** Sent as JSON unless it is a string. */
  body?: unknown;
}

export type SimHandler = (request: SimRequest) => SimResponse | Promise<SimResponse>;

export interface RequestRecord {
  vendor: Vendor;
  method: string;
  path: string;
  query: string;
  status: number;
}

export interface VendorServerOptions {
  vendor: Vendor;
  /** The API base under the server root: `/client/v4`, `/api/v1`, `/api` or ''. */
  basePath: string;
  handler: SimHandler;
  faults: FaultSet;
  log: RequestRecord[];
  /** Called when a fault with `deleteRecords` fires. */
  onDeleteRecords?: (ids: string[]) => void;
}

export interface RunningServer {
  /** Server root, e.g. http://127.0.0.1:40123 */
  root: string;
  close(): Promise<void>;
}

export function pathPattern(template: string): RegExp {
  if (template === '*') return /^.*$/;
  const escaped = template
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${escaped}/?$`);
}

interface ArmedFault {
  fault: FaultWorld;
  pattern: RegExp;
  seen: number;
  fired: number;
}

/** The world's scripted faults, with their counters. */
export class FaultSet {
  readonly #armed: ArmedFault[];
  readonly #blocked = new Map<Vendor, { until: number; fault: FaultWorld }>();

  constructor(faults: FaultWorld[] = []) {
    this.#armed = faults.map((fault) => ({
      fault,
      pattern: pathPattern(fault.path),
      seen: 0,
      fired: 0,
    }));
  }

  /** The fault to apply to this request, if any; counts the request against each match. */
  match(vendor: Vendor, request: SimRequest): FaultWorld | undefined {
    const block = this.#blocked.get(vendor);
    if (block && Date.now() < block.until) {
      const left = Math.ceil((block.until - Date.now()) / 1000);
      return { ...block.fault, headers: { ...block.fault.headers, 'retry-after': String(left) } };
    }
    let hit: FaultWorld | undefined;
    for (const armed of this.#armed) {
      if (!this.#applies(armed.fault, armed.pattern, vendor, request)) continue;
      armed.seen += 1;
      const { nth = 1, times } = armed.fault;
      if (armed.seen < nth || (times !== undefined && armed.fired >= times)) continue;
      armed.fired += 1;
      hit ??= armed.fault;
    }
    if (hit?.blockAll) {
      this.#blocked.set(vendor, { until: Date.now() + hit.blockAll * 1000, fault: hit });
      return { ...hit, headers: { ...hit.headers, 'retry-after': String(hit.blockAll) } };
    }
    return hit;
  }

  #applies(fault: FaultWorld, pattern: RegExp, vendor: Vendor, request: SimRequest): boolean {
    if (fault.vendor !== vendor) return false;
    if (fault.method && fault.method.toUpperCase() !== request.method) return false;
    if (!pattern.test(request.path)) return false;
    for (const [key, value] of Object.entries(fault.query ?? {})) {
      if (request.query.get(key) !== value) return false;
    }
    return !fault.bodyContains || request.rawBody.includes(fault.bodyContains);
  }
}

export async function startVendorServer(options: VendorServerOptions): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      void serve(options, req.method ?? 'GET', req.url ?? '/', req.headers, rawBody, res);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 2000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    root: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function serve(
  options: VendorServerOptions,
  method: string,
  rawUrl: string,
  headers: IncomingHttpHeaders,
  rawBody: string,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(rawUrl, 'http://sim');
  const record: RequestRecord = {
    vendor: options.vendor,
    method,
    path: url.pathname,
    query: url.search,
    status: 0,
  };
  options.log.push(record);
  if (!url.pathname.startsWith(options.basePath)) {
    return send(res, record, { status: 404, body: { message: `not under ${options.basePath}` } });
  }
  const path = url.pathname.slice(options.basePath.length) || '/';
  record.path = path;
  const request: SimRequest = {
    method,
    path,
    query: url.searchParams,
    headers,
    rawBody,
    body: parseBody(rawBody),
  };
  const fault = options.faults.match(options.vendor, request);
  if (fault?.deleteRecords) options.onDeleteRecords?.(fault.deleteRecords);
  if (fault?.hang) await sleep(fault.hang * 1000);
  if (fault?.reset) {
    record.status = -1;
    res.socket?.resetAndDestroy();
    return;
  }
  if (fault?.status !== undefined) {
    return send(res, record, {
      status: fault.status,
      headers: fault.headers ?? {},
      body: fault.body ?? {},
    });
  }
  try {
    send(res, record, await options.handler(request));
  } catch (error) {
    send(res, record, { status: 500, body: { message: `simulator bug: ${String(error)}` } });
  }
}

function send(res: ServerResponse, record: RequestRecord, response: SimResponse): void {
  record.status = response.status;
  const isText = typeof response.body === 'string';
  const payload =
    response.body === undefined
      ? ''
      : isText
        ? (response.body as string)
        : JSON.stringify(response.body);
  res.writeHead(response.status, {
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json',
    ...response.headers,
  });
  res.end(payload);
}

function parseBody(raw: string): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
