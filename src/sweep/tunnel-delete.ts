/**
 * Deleting tunnels, a few at a time: there is no batch endpoint. With `clean`, a tunnel's
 * connections are removed first (the API refuses to delete a connected tunnel, code
 * 1022). A tunnel already gone counts as done; a 429 beyond the wait budget, or no
 * answer, stops the run cleanly with the rest left undone.
 */
import { DEFAULT_CONCURRENCY, forEachLimited } from '../core/concurrency.js';
import { VendorError } from '../core/errors.js';
import {
  describeAnswer,
  errorCodes,
  type CfAnswer,
  type CloudflareApi,
} from '../providers/cloudflare/index.js';
import type { DeletionResult } from './deletions.js';

export interface TunnelToDelete {
  id: string;
  connections: number;
}

const TUNNEL_NOT_FOUND = 1003;

export async function deleteTunnels(
  api: CloudflareApi,
  accountId: string,
  tunnels: TunnelToDelete[],
  options: { clean: boolean },
): Promise<DeletionResult> {
  const result: DeletionResult = { deleted: [], alreadyGone: [], failed: [], pending: [] };
  const started = await forEachLimited(
    tunnels,
    DEFAULT_CONCURRENCY,
    (tunnel) => deleteOne(api, accountId, tunnel, options.clean, result),
    () => result.stoppedEarly !== undefined,
  );
  result.pending.push(...tunnels.slice(started).map((tunnel) => tunnel.id));
  return result;
}

async function deleteOne(
  api: CloudflareApi,
  accountId: string,
  tunnel: TunnelToDelete,
  clean: boolean,
  result: DeletionResult,
): Promise<void> {
  try {
    if (clean && tunnel.connections > 0) {
      const cleaned = await api.deleteTunnelConnections(accountId, tunnel.id);
      if (!cleaned.success) {
        fail(result, tunnel.id, cleaned, 'its connections could not be cleaned');
        return;
      }
    }
    const answer = await api.deleteTunnel(accountId, tunnel.id);
    if (answer.success) result.deleted.push(tunnel.id);
    else if (answer.status === 404 && errorCodes(answer).includes(TUNNEL_NOT_FOUND)) {
      result.alreadyGone.push(tunnel.id);
    } else {
      fail(result, tunnel.id, answer, '');
      if (answer.status === 401 || answer.status === 403) {
        result.stoppedEarly ??= `a delete was refused: ${describeAnswer(answer)}`;
      }
    }
  } catch (error) {
    if (!(error instanceof VendorError)) throw error;
    result.pending.push(tunnel.id);
    result.stoppedEarly ??= `a delete could not be completed: ${error.message}`;
  }
}

function fail(result: DeletionResult, id: string, answer: CfAnswer<unknown>, what: string): void {
  const text = answer.errors.map((item) => item.message).join('; ');
  result.failed.push({
    id,
    status: answer.status,
    codes: errorCodes(answer),
    message: what ? `${what}: ${text}` : text,
  });
}
