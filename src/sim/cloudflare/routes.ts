/** Every endpoint the simulated Cloudflare serves; more specific paths come first. */
import { batchRecords } from './batch.js';
import {
  createRecord,
  deleteRecord,
  exportRecords,
  getRecord,
  listRecords,
  patchRecord,
  putRecord,
  recordUsage,
} from './records.js';
import type { Route } from './router.js';
import { tokenDetails, verifyAccountToken, verifyUserToken } from './tokens.js';
import {
  cleanConnections,
  deleteTunnel,
  getTunnel,
  listConnections,
  listTunnels,
} from './tunnels.js';
import { getZone, listZones } from './zones.js';

const RECORDS = '/zones/{zone_id}/dns_records';
const TUNNEL = '/accounts/{account_id}/cfd_tunnel/{tunnel_id}';

export const CLOUDFLARE_ROUTES: Route[] = [
  { method: 'GET', path: '/user/tokens/verify', handle: verifyUserToken },
  { method: 'GET', path: '/user/tokens/{token_id}', handle: tokenDetails },
  { method: 'GET', path: '/accounts/{account_id}/tokens/verify', handle: verifyAccountToken },
  { method: 'GET', path: '/zones', handle: listZones },
  { method: 'GET', path: '/zones/{zone_id}', handle: getZone },
  { method: 'GET', path: RECORDS, handle: listRecords },
  { method: 'POST', path: RECORDS, handle: createRecord },
  { method: 'POST', path: `${RECORDS}/batch`, handle: batchRecords },
  { method: 'GET', path: `${RECORDS}/export`, handle: exportRecords },
  { method: 'GET', path: `${RECORDS}/usage`, handle: recordUsage },
  { method: 'GET', path: `${RECORDS}/{dns_record_id}`, handle: getRecord },
  { method: 'PATCH', path: `${RECORDS}/{dns_record_id}`, handle: patchRecord },
  { method: 'PUT', path: `${RECORDS}/{dns_record_id}`, handle: putRecord },
  { method: 'DELETE', path: `${RECORDS}/{dns_record_id}`, handle: deleteRecord },
  { method: 'GET', path: '/accounts/{account_id}/cfd_tunnel', handle: listTunnels },
  { method: 'GET', path: TUNNEL, handle: getTunnel },
  { method: 'DELETE', path: TUNNEL, handle: deleteTunnel },
  { method: 'GET', path: `${TUNNEL}/connections`, handle: listConnections },
  { method: 'DELETE', path: `${TUNNEL}/connections`, handle: cleanConnections },
];
