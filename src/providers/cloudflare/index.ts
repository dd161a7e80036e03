/**
 * The Cloudflare adapter: the API client, the token verdict for `tend check` and a
 * sweep's preflight, and the listing and deletion helpers a sweep uses.
 */
export {
  cloudflareBaseUrl,
  CloudflareApi,
  DEFAULT_CLOUDFLARE_API,
  describeAnswer,
  errorCodes,
  type CfAnswer,
  type CloudflareAuth,
} from './api.js';
export {
  defaultBatchSize,
  deleteRecordsInBatches,
  listAllRecords,
  listAllTunnels,
  ListingIncompleteError,
  resolveZone,
  type DeleteOutcome,
  type ResolvedZone,
  type ZoneLookup,
  type ZonePlan,
} from './records.js';
export type { CfRecord, CfTunnel, CfZone, RecordsUsage } from './schema.js';
export { tokenShape, type TokenShape } from './tokens.js';
export {
  CloudflareVerdictCache,
  verifyCloudflareToken,
  type TokenVerdict,
  type VerifyTokenOptions,
} from './verify.js';
