/**
 * The shared transport over a real loopback server: retries for 5xx, `Retry-After` on 429,
 * and a server that hangs is asked at most twice, then not again in the same run.
 */
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createContext } from '../../src/core/context.js';
import { VendorError } from '../../src/core/errors.js';
import { memorySink } from '../../src/core/log.js';

async function withServer(
  handle: (path: string, res: ServerResponse, hits: number) => void,
  run: (root: string, hits: () => number) => Promise<void>,
): Promise<void> {
  let hits = 0;
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    hits += 1;
    held.push(res);
    handle(req.url ?? '/', res, hits);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await run(`http://127.0.0.1:${port}`, () => hits);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function context(timeoutMs: string) {
  return createContext({
    env: { TEND_HTTP_TIMEOUT_MS: timeoutMs, TEND_HTTP_BACKOFF_MS: '5' },
    stdout: memorySink(),
    stderr: memorySink(),
  });
}

test('5xx is retried for idempotent requests, then the answer is returned', async () => {
  await withServer(
    (_path, res, hits) => {
      res.writeHead(hits < 3 ? 503 : 200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    },
    async (root, hits) => {
      const ctx = context('2000');
      const answer = await ctx.http.request({ vendor: 'x', method: 'GET', url: `${root}/a` });
      assert.equal(answer.status, 200);
      assert.equal(answer.attempts, 3);
      assert.equal(hits(), 3);
    },
  );
});

test('429 waits for Retry-After and tries again, whatever the method', async () => {
  await withServer(
    (_path, res, hits) => {
      res.writeHead(hits === 1 ? 429 : 200, { 'retry-after': '0' });
      res.end('{}');
    },
    async (root) => {
      const ctx = context('2000');
      const answer = await ctx.http.request({ vendor: 'x', method: 'POST', url: `${root}/b` });
      assert.equal(answer.status, 200);
      assert.equal(answer.attempts, 2);
    },
  );
});

test('a hanging server is asked twice, then not again in the same run', async () => {
  await withServer(
    () => undefined,
    async (root, hits) => {
      const ctx = context('200');
      const ask = () => ctx.http.request({ vendor: 'x', method: 'GET', url: `${root}/slow` });
      await assert.rejects(ask(), VendorError);
      assert.equal(hits(), 2);
      await assert.rejects(ask(), /not asked again/);
      assert.equal(hits(), 2);
    },
  );
});
