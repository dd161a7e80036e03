/** Who may call what: token verification, token states, Global API Keys, and rights. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ACCOUNT,
  GLOBAL_KEY,
  TOKENS,
  ZONE_COM,
  ZONE_ORG,
  call,
  codes,
  recordId,
  sampleWorld,
  tokenId,
  withSims,
} from './cloudflare-fixture.js';

const RECORDS = `/zones/${ZONE_COM}/dns_records`;
const globalKeyHeaders = { 'x-auth-email': GLOBAL_KEY.email, 'x-auth-key': GLOBAL_KEY.key };

test('verify: user tokens at the user endpoint, account tokens at their account', async () => {
  await withSims(sampleWorld(), async (sims) => {
    const user = await call(sims, '/user/tokens/verify', { token: TOKENS.full });
    assert.equal(user.status, 200);
    assert.deepEqual(user.body.messages, [
      { code: 10000, message: 'This API Token is valid and active' },
    ]);
    assert.equal(user.body.result.id, tokenId('full'));
    assert.equal(user.body.result.expires_on, '2027-01-01T00:00:00Z');
    const accountAtUser = await call(sims, '/user/tokens/verify', { token: TOKENS.account });
    assert.equal(accountAtUser.status, 401);
    assert.deepEqual(codes(accountAtUser), [1000]);
    const accountPath = `/accounts/${ACCOUNT}/tokens/verify`;
    const account = await call(sims, accountPath, { token: TOKENS.account });
    assert.equal(account.status, 200);
    assert.equal(account.body.result.status, 'active');
    const userAtAccount = await call(sims, accountPath, { token: TOKENS.full });
    assert.deepEqual([userAtAccount.status, codes(userAtAccount)], [401, [1000]]);
    const unknown = await call(sims, '/user/tokens/verify', { token: 'cfut_unknown' });
    assert.deepEqual([unknown.status, codes(unknown)], [401, [1000]]);
    const bare = await call(sims, '/user/tokens/verify');
    assert.deepEqual([bare.status, codes(bare)], [401, [1000]]);
  });
});

test('expired and disabled tokens verify with their status and are refused elsewhere', async () => {
  await withSims(sampleWorld(), async (sims) => {
    for (const [role, status] of [
      ['expired', 'expired'],
      ['disabled', 'disabled'],
    ] as const) {
      const verified = await call(sims, '/user/tokens/verify', { token: TOKENS[role] });
      assert.equal(verified.status, 200, role);
      assert.equal(verified.body.result.status, status);
      assert.deepEqual(verified.body.messages, []);
      const zone = await call(sims, `/zones/${ZONE_COM}`, { token: TOKENS[role] });
      assert.deepEqual([zone.status, codes(zone)], [401, [1000]], role);
    }
  });
});

test('before not_before: verify says active with not_before; nothing else works', async () => {
  await withSims(sampleWorld(), async (sims) => {
    const verified = await call(sims, '/user/tokens/verify', { token: TOKENS.early });
    assert.equal(verified.status, 200);
    assert.equal(verified.body.result.status, 'active');
    assert.equal(verified.body.result.not_before, '2026-07-01T00:00:00Z');
    assert.deepEqual(verified.body.messages, []);
    const records = await call(sims, RECORDS, { token: TOKENS.early });
    assert.deepEqual([records.status, codes(records)], [401, [1000]]);
  });
});

test('credentials in the wrong place, or none', async () => {
  await withSims(sampleWorld(), async (sims) => {
    const none = await call(sims, '/zones');
    assert.deepEqual([none.status, codes(none)], [400, [10000]]);
    const keyAsBearer = await call(sims, '/zones', { token: GLOBAL_KEY.key });
    assert.deepEqual([keyAsBearer.status, codes(keyAsBearer)], [401, [1000]]);
    const tokenAsKey = await call(sims, '/zones', {
      headers: { 'x-auth-email': GLOBAL_KEY.email, 'x-auth-key': TOKENS.full },
    });
    assert.deepEqual([tokenAsKey.status, codes(tokenAsKey)], [400, [6003]]);
    assert.deepEqual(
      tokenAsKey.body.errors[0].error_chain.map((e: { code: number }) => e.code),
      [6103],
    );
    const wrongKey = await call(sims, '/zones', {
      headers: { ...globalKeyHeaders, 'x-auth-key': 'a'.repeat(37) },
    });
    assert.deepEqual([wrongKey.status, codes(wrongKey)], [403, [9103]]);
    const keyAtVerify = await call(sims, '/user/tokens/verify', { headers: globalKeyHeaders });
    assert.deepEqual([keyAtVerify.status, codes(keyAtVerify)], [401, [1000]]);
  });
});

test('a Global API Key has every right on zones and records', async () => {
  await withSims(sampleWorld(), async (sims) => {
    const zones = await call(sims, '/zones', { headers: globalKeyHeaders });
    assert.equal(zones.body.result.length, 3);
    const record = `/zones/${ZONE_ORG}/dns_records/${recordId('example.org', 1)}`;
    const removed = await call(sims, record, {
      method: 'DELETE',
      headers: globalKeyHeaders,
    });
    assert.equal(removed.status, 200);
  });
});

test('zone rights: 9109 for a zone the token does not name, 10000 for a missing one', async () => {
  await withSims(sampleWorld(), async (sims) => {
    const elsewhere = await call(sims, `/zones/${ZONE_COM}`, { token: TOKENS.otherZone });
    assert.deepEqual([elsewhere.status, codes(elsewhere)], [403, [9109]]);
    const unknownZone = await call(sims, `/zones/${'9'.repeat(32)}`, { token: TOKENS.full });
    assert.deepEqual([unknownZone.status, codes(unknownZone)], [403, [9109]]);
    const noZoneRead = await call(sims, `/zones/${ZONE_COM}`, { token: TOKENS.dnsOnly });
    assert.deepEqual([noZoneRead.status, codes(noZoneRead)], [403, [10000]]);
    const listed = await call(sims, '/zones', { token: TOKENS.dnsOnly });
    const names = (listed.body.result as { id: string }[]).map((zone) => zone.id);
    assert.deepEqual(names, [ZONE_COM], 'a token sees the zones it names, whatever its rights');
    const elsewhereListed = await call(sims, '/zones', { token: TOKENS.otherZone });
    const others = (elsewhereListed.body.result as { id: string }[]).map((zone) => zone.id);
    assert.ok(!others.includes(ZONE_COM), 'zones the token does not name are left out');
    const records = await call(sims, RECORDS, { token: TOKENS.dnsOnly });
    assert.equal(records.status, 200, 'dns:read lists records');
  });
});

test('writes need dns:edit and are refused before the body is read', async () => {
  await withSims(sampleWorld(), async (sims) => {
    const garbage = { type: 'NOPE' };
    const record = `${RECORDS}/${recordId('example.com', 6)}`;
    const writes = [
      { method: 'POST', path: RECORDS, body: garbage },
      { method: 'POST', path: `${RECORDS}/batch`, body: { deletes: 'not a list' } },
      { method: 'PATCH', path: record, body: garbage },
      { method: 'DELETE', path: record, body: undefined },
    ];
    for (const write of writes) {
      const answer = await call(sims, write.path, { ...write, token: TOKENS.readOnly });
      assert.deepEqual([answer.status, codes(answer)], [403, [10000]], write.method);
    }
    const before = JSON.stringify(sims.snapshot().cloudflare);
    const invalid = await call(sims, RECORDS, {
      method: 'POST',
      body: garbage,
      token: TOKENS.full,
    });
    assert.deepEqual([invalid.status, codes(invalid)], [400, [1004]]);
    assert.equal(JSON.stringify(sims.snapshot().cloudflare), before);
  });
});

test('token details need api_tokens:read and list the policies', async () => {
  await withSims(sampleWorld(), async (sims) => {
    const path = `/user/tokens/${tokenId('full')}`;
    const details = await call(sims, path, { token: TOKENS.full });
    assert.equal(details.status, 200);
    type Policy = { permission_groups: { name: string }[] };
    const names = details.body.result.policies.flatMap((policy: Policy) =>
      policy.permission_groups.map((group) => group.name),
    );
    for (const name of ['Zone Read', 'DNS Read', 'DNS Write', 'Cloudflare Tunnel Write']) {
      assert.ok(names.includes(name), name);
    }
    const refused = await call(sims, path, { token: TOKENS.readOnly });
    assert.deepEqual([refused.status, codes(refused)], [403, [9109]]);
  });
});

test('tunnels need account rights: read to list, edit to delete', async () => {
  await withSims(sampleWorld(), async (sims) => {
    const tunnels = `/accounts/${ACCOUNT}/cfd_tunnel`;
    const listed = await call(sims, tunnels, { token: TOKENS.readOnly });
    assert.equal(listed.status, 200);
    const noAccount = await call(sims, tunnels, { token: TOKENS.dnsOnly });
    assert.deepEqual([noAccount.status, codes(noAccount)], [403, [9109]]);
    const idle = listed.body.result.find((t: { name: string }) => t.name === 'ws-42');
    const removed = await call(sims, `${tunnels}/${idle.id}`, {
      method: 'DELETE',
      token: TOKENS.readOnly,
      body: {},
    });
    assert.deepEqual([removed.status, codes(removed)], [403, [10000]]);
  });
});
