import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cloudflareBaseUrl, DEFAULT_CLOUDFLARE_API } from '../../src/providers/cloudflare/api.js';
import { tunnelEditGrant } from '../../src/providers/cloudflare/policies.js';
import {
  isGlobalKeyShape,
  isCertainGlobalKey,
  ownerFromShape,
  tokenShape,
} from '../../src/providers/cloudflare/tokens.js';
import { judgeStatus } from '../../src/providers/cloudflare/verify-status.js';

test('prefixed formats say what they are', () => {
  assert.equal(tokenShape('cfut_OPu0XAVRZeEfei6xiPdQk9jqo22pSpVO4Mdgwho'), 'user-token');
  assert.equal(tokenShape('cfat_OPu0XAVRZeEfei6xiPdQk9jqo22pSpVO4Mdgwho'), 'account-token');
  assert.equal(tokenShape('cfk_0123456789abcdef0123456789abcdef0123'), 'global-key');
  assert.equal(ownerFromShape('user-token'), 'user');
  assert.equal(ownerFromShape('account-token'), 'account');
  assert.equal(ownerFromShape('legacy-token'), undefined);
});

test('legacy shapes are told apart by length and alphabet', () => {
  assert.equal(tokenShape('0123456789abcdef0123456789abcdef01234'), 'legacy-global-key');
  assert.equal(tokenShape('0123456789abcdef0123456789abcdef0123456789abc'), 'legacy-global-key');
  assert.equal(tokenShape('KILnf48K3CwBM5zbEeFUt0ru8w2TS_Oc2glWoCxn'), 'legacy-token');
  assert.equal(tokenShape('0123456789abcdef0123456789abcdef0123456'.toUpperCase()), 'unknown');
  assert.equal(tokenShape('short'), 'unknown');
  assert.ok(isGlobalKeyShape('legacy-global-key'));
  assert.ok(!isGlobalKeyShape('legacy-token'));
});

test('a 40-character hex value may be a legacy token as well as a Global API Key', () => {
  const forty = '0123456789abcdef0123456789abcdef01234567';
  assert.equal(tokenShape(forty), 'legacy-global-key');
  assert.ok(!isCertainGlobalKey('legacy-global-key', forty));
  assert.ok(isCertainGlobalKey('legacy-global-key', '0123456789abcdef0123456789abcdef01234'));
  assert.ok(isCertainGlobalKey('global-key', 'cfk_0123456789abcdef0123456789abcdef0123'));
});

test('whitespace, control characters and the empty value are malformed', () => {
  assert.equal(tokenShape(''), 'malformed');
  assert.equal(tokenShape('cfut_abcdef\n'), 'malformed');
  assert.equal(tokenShape(' cfut_abcdef'), 'malformed');
  assert.equal(tokenShape('cfut_abc\u00e9'), 'malformed');
});

const NOW = new Date('2026-11-10T12:00:00Z');
const DAY = 86_400_000;

function statusClasses(status: Parameters<typeof judgeStatus>[0], within?: number): string[] {
  return judgeStatus(status, NOW, within).problems.map((problem) => problem.class);
}

test('status: an expiry in the past is expired, and not also expiring', () => {
  const past = { id: 'x', status: 'active', expires_on: '2026-10-31T23:59:59Z' };
  assert.deepEqual(statusClasses(past, 14 * DAY), ['token-expired']);
  assert.deepEqual(statusClasses({ id: 'x', status: 'expired' }, 14 * DAY), ['token-expired']);
  assert.equal(judgeStatus(past, NOW, 14 * DAY).usable, false);
});

test('status: disabled, not yet valid, and expiring within the window', () => {
  assert.deepEqual(statusClasses({ id: 'x', status: 'disabled' }), ['token-disabled']);
  const later = { id: 'x', status: 'active', not_before: '2026-12-01T00:00:00Z' };
  assert.deepEqual(statusClasses(later), ['token-not-yet-valid']);
  const soon = { id: 'x', status: 'active', expires_on: '2026-11-15T12:00:00Z' };
  assert.deepEqual(statusClasses(soon, 14 * DAY), ['token-expiring']);
  assert.equal(judgeStatus(soon, NOW, 14 * DAY).usable, true);
  assert.deepEqual(statusClasses(soon, 2 * DAY), []);
  assert.deepEqual(statusClasses(soon), []);
});

test('status: an unknown status or an unreadable time is unverified, never guessed', () => {
  assert.deepEqual(statusClasses({ id: 'x', status: 'suspended' }), ['unverified']);
  assert.deepEqual(statusClasses({ id: 'x', status: 'active', expires_on: 'soon' }), [
    'unverified',
  ]);
});

const ACCOUNT = '023e105f4ecef8ad9ca31a8372d0c353';

function policy(effect: string, group: string, resource: string) {
  return {
    id: 'p',
    effect,
    permission_groups: [{ id: 'g', name: group }],
    resources: { [resource]: '*' },
  };
}

test('tunnel:edit is read from policies naming the account or every account', () => {
  const account = `com.cloudflare.api.account.${ACCOUNT}`;
  const grant = policy('allow', 'Cloudflare Tunnel Write', account);
  assert.equal(tunnelEditGrant([grant], ACCOUNT), 'granted');
  const legacy = policy('allow', 'Argo Tunnel Write', 'com.cloudflare.api.account.*');
  assert.equal(tunnelEditGrant([legacy], ACCOUNT), 'granted');
  const readOnly = policy('allow', 'Cloudflare Tunnel Read', account);
  assert.equal(tunnelEditGrant([readOnly], ACCOUNT), 'absent');
  const elsewhere = policy('allow', 'Cloudflare Tunnel Write', 'com.cloudflare.api.account.0');
  assert.equal(tunnelEditGrant([elsewhere], ACCOUNT), 'absent');
  const deny = policy('deny', 'Cloudflare Tunnel Write', account);
  assert.equal(tunnelEditGrant([grant, deny], ACCOUNT), 'denied');
});

test('the API base: manifest first, then TEND_CLOUDFLARE_API_URL, then the public API', () => {
  const env = { TEND_CLOUDFLARE_API_URL: 'http://127.0.0.1:9/client/v4/' };
  const manifest = { apiUrl: 'http://127.0.0.1:8/v4' };
  assert.equal(cloudflareBaseUrl(manifest, env), 'http://127.0.0.1:8/v4');
  assert.equal(cloudflareBaseUrl({}, env), 'http://127.0.0.1:9/client/v4');
  assert.equal(cloudflareBaseUrl(undefined, {}), DEFAULT_CLOUDFLARE_API);
  assert.equal(cloudflareBaseUrl({}, { TEND_CLOUDFLARE_API_URL: '' }), DEFAULT_CLOUDFLARE_API);
});
