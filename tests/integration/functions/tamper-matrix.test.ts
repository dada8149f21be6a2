// The tamper matrix against the real functions (Deno through the stand-in gateway, PostgreSQL 15):
// requests signed by the app's Node signer, then changed one way each. Not one is accepted, each
// is refused with its 401 code, and the untouched request passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JwtKeys } from '../../support/gateway/jwt';
import { addMember, seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { registerDevice, send, sessionOf, signed, type Device } from './signed-client';

let stack: Stack;
let acme: SeededOrg;
let globex: SeededOrg;
let officer: { token: string };
let device: Device;

beforeAll(async () => {
  stack = await startStack({ functions: true });
  acme = await seedOrg(stack, 'Acme');
  globex = await seedOrg(stack, 'Globex');
  officer = await sessionOf(stack, acme.users.compliance_officer);
  device = await registerDevice(stack, acme.users.compliance_officer, acme.id);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const seenAt = async (deviceId: string) =>
  (
    await stack.admin.query<{ last_seen_at: Date | null; app_version: string | null }>(
      'select last_seen_at, app_version from public.devices where id = $1',
      [deviceId],
    )
  ).rows[0]!;

describe('signed edge functions', () => {
  it('accepts the request as signed, answers who signed it, and notes when the device was seen', async () => {
    expect((await seenAt(device.id)).last_seen_at).toBeNull();
    const answer = await send(stack, signed(device, { token: officer.token, path: '/functions/v1/session-info?probe=1' }));
    expect(answer).toEqual({
      status: 200,
      body: {
        user_id: acme.users.compliance_officer.id,
        email: acme.users.compliance_officer.email,
        device_id: device.id,
        org_id: acme.id,
        memberships: [expect.objectContaining({ org_id: acme.id, role: 'compliance_officer' })],
      },
    });
    const seen = await seenAt(device.id);
    expect(seen.last_seen_at).toBeInstanceOf(Date);
    expect(seen.app_version).toBe('9.8.7-test');
  });

  // Every function the app calls sits behind the same guard; each gets the whole matrix. An answer
  // from the handler itself (400 for this body, 403 for an officer training a voice) proves the
  // guard let the untouched request in.
  it.each([
    ['session-info', 200],
    ['ai-draft-policy', 400],
    ['ai-gap-analysis', 400],
    ['voice-summary', 400],
    ['voice-training', 403],
  ])(
    '%s refuses every tampered request with its code and accepts none',
    async (fn, goodStatus) => {
      const at = `/functions/v1/${fn}`;
      const fresh = await registerDevice(stack, acme.users.compliance_officer, acme.id, `matrix ${fn}`);
      const good = () => signed(fresh, { token: officer.token, body: '{"a":1}', path: at });
      const expired = await new JwtKeys(stack.jwtSecret).sign(
        {
          role: 'authenticated',
          aud: 'authenticated',
          sub: acme.users.compliance_officer.id,
          email: acme.users.compliance_officer.email,
        },
        -60,
      );
      // Another user's device: the viewer's token with the officer's device (and its key).
      const viewer = await sessionOf(stack, acme.users.viewer);
      // Another org's device: Globex's owner's device, signed with its own key, sent with an Acme token;
      // and a device the officer registered in Globex before being removed from it.
      const globexDevice = await registerDevice(stack, globex.users.owner, globex.id);
      await addMember(stack, globex.id, { ...acme.users.compliance_officer, displayName: 'Cora at Globex' }, 'viewer');
      const formerDevice = await registerDevice(stack, acme.users.compliance_officer, globex.id, 'former');
      await stack.admin.query('delete from public.memberships where org_id = $1 and user_id = $2', [
        globex.id,
        acme.users.compliance_officer.id,
      ]);
      const revoked = await registerDevice(stack, acme.users.compliance_officer, acme.id, `lost laptop ${fn}`);
      const { client: admin } = await sessionOf(stack, acme.users.admin);
      const { error } = await admin.rpc('revoke_device', { p_device_id: revoked.id });
      expect(error).toBeNull();

      const replay = good();
      const passed = await send(stack, replay);
      expect(passed.status, JSON.stringify(passed.body)).toBe(goodStatus);
      const now = Date.now() / 1000;
      const cases: [string, string, ReturnType<typeof good>][] = [
        ['body changed', 'bad_signature', { ...good(), body: Buffer.from('{"a":2}') }],
        ['path changed', 'bad_signature', { ...good(), path: `${at}?x=1` }],
        ['method changed', 'bad_signature', { ...signed(fresh, { token: officer.token, body: '', path: at }), method: 'GET' }],
        ['timestamp 301 s old', 'stale_timestamp', signed(fresh, { token: officer.token, path: at, nowSeconds: now - 301 })],
        // The clock moves on between signing and checking: a second for the request to arrive
        // (the exact ±300/301 boundary is proven against a fixed clock in tests/functions).
        [
          'timestamp 301 s ahead',
          'stale_timestamp',
          signed(fresh, { token: officer.token, path: at, nowSeconds: Math.ceil(now) + 302 }),
        ],
        ['nonce reused', 'replayed_nonce', replay],
        ['revoked device', 'device_revoked', signed(revoked, { token: officer.token, path: at })],
        ["another user's device", 'unknown_device', signed(fresh, { token: viewer.token, path: at })],
        ["another org's device", 'unknown_device', signed(globexDevice, { token: officer.token, path: at })],
        ['device of an org the user left', 'unknown_device', signed(formerDevice, { token: officer.token, path: at })],
        ['no JWT', 'missing_token', signed(fresh, { token: null, path: at })],
        ['valid signature, expired JWT', 'expired_token', signed(fresh, { token: expired, path: at })],
        [
          'no signature headers',
          'missing_signature_headers',
          { ...good(), headers: { authorization: `Bearer ${officer.token}` } },
        ],
      ];
      const outcomes: [string, number, unknown][] = [];
      for (const [name, , request] of cases) {
        const answer = await send(stack, request);
        outcomes.push([name, answer.status, answer.body.code]);
        expect(typeof answer.body.message === 'string' && answer.body.message.length > 10, name).toBe(true);
      }
      expect(outcomes).toEqual(cases.map(([name, code]) => [name, 401, code]));
      // The matrix device was seen once (the good request), the others never.
      for (const other of [revoked, globexDevice, formerDevice]) expect((await seenAt(other.id)).last_seen_at).toBeNull();
    },
    60_000,
  );

  it('keeps each nonce once in a table that pg_cron clears after 10 minutes', async () => {
    const nonces = await stack.admin.query('select count(*)::int as n from private.request_nonces where device_id = $1', [
      device.id,
    ]);
    expect(nonces.rows[0].n).toBeGreaterThan(0);
    const jobs = await stack.admin.query<{ command: string; schedule: string }>(
      `select command, schedule from cron.job where jobname = 'complyflow-request-nonces'`,
    );
    expect(jobs.rows).toEqual([{ schedule: '* * * * *', command: expect.stringContaining("interval '10 minutes'") }]);
  });
});
