// The fleet RPCs (issue 11) on PostgreSQL 15 through the gateway and supabase-js: members read
// the org's update policy, owners and admins set it (bad values refused in words, nothing
// changed); each device reports itself and only owners and admins see the fleet; push and pull
// answer update_required to a device below the org's minimum version (and not at or above it);
// the server's version check agrees with the app's (parity).
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareSemVer, SemVer } from '../../../src-shared/domain/update-policy';
import { asCaller, fromPg, type Db } from '../../support/db.ts';
import { MEMBER_ROLES, seedOrg, type MemberRole, type SeededOrg } from '../../support/seed.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { insert, pull, push } from './sync-contract-client.ts';

let stack: Stack;
let org: SeededOrg;
let other: SeededOrg;
const clients = {} as Record<MemberRole, SupabaseClient>;
let anon: SupabaseClient;
let outsider: SupabaseClient;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Fleet Co');
  other = await seedOrg(stack, 'Other Co');
  for (const role of MEMBER_ROLES) clients[role] = await stack.client(org.users[role]);
  anon = await stack.client();
  outsider = await stack.client(other.users.owner);
});

afterAll(async () => {
  await stack?.stop();
});

type Answer = { data: unknown; error: null } | { data: null; error: { code: string; message: string } };

async function rpc(client: SupabaseClient, name: string, args: Record<string, unknown>): Promise<Answer> {
  const { data, error } = await client.rpc(name, args);
  return error ? { data: null, error: { code: error.code, message: error.message } } : { data, error: null };
}

const policyArgs = (values: Partial<Record<string, unknown>> = {}) => ({
  p_org_id: org.id,
  p_channel: 'beta',
  p_minimum_version: null,
  p_pinned_version: null,
  p_rollout_percent: 50,
  p_defer_days: 7,
  p_install_mode: 'on-quit',
  ...values,
});

// The API role with the caller's claims, in a transaction, on a connection of its own.
async function asTableCaller<T>(userId: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    return await asCaller(fromPg(client), { kind: 'user', id: userId }, fn);
  } finally {
    await client.end();
  }
}

async function registerDevice(client: SupabaseClient, orgId = org.id): Promise<string> {
  const key = randomUUID().replaceAll('-', '').padEnd(43, 'A');
  const { data, error } = await client.rpc('register_device', { p_org_id: orgId, p_public_key: key, p_name: 'laptop' });
  if (error) throw new Error(error.message);
  return data as string;
}

const report = (client: SupabaseClient, deviceId: string, values: Partial<Record<string, unknown>> = {}) =>
  rpc(client, 'report_device', {
    p_device_id: deviceId,
    p_os: 'Linux 6.8 (x64)',
    p_app_version: '1.4.0',
    p_channel: 'latest',
    p_last_sync_at: new Date().toISOString(),
    p_changes_waiting: 2,
    ...values,
  });

describe('the org update policy', () => {
  it('is none until set; members read it, everyone else is refused', async () => {
    for (const role of MEMBER_ROLES)
      expect(await rpc(clients[role], 'org_update_policy', { p_org_id: org.id })).toEqual({ data: null, error: null });
    expect((await rpc(outsider, 'org_update_policy', { p_org_id: org.id })).error).toMatchObject({ code: '42501' });
    expect((await rpc(anon, 'org_update_policy', { p_org_id: org.id })).error).not.toBeNull();
  });

  it('owners and admins set it; other roles and outsiders are refused and nothing changes', async () => {
    for (const client of [clients.compliance_officer, clients.auditor, clients.viewer, outsider]) {
      expect((await rpc(client, 'set_update_policy', policyArgs({ p_channel: 'latest' }))).error).toMatchObject({
        code: '42501',
        message: 'only an owner or admin of this organization can set its update policy',
      });
    }
    expect((await rpc(anon, 'set_update_policy', policyArgs())).error).not.toBeNull();
    expect((await rpc(clients.viewer, 'org_update_policy', { p_org_id: org.id })).data).toBeNull();

    const saved = await rpc(
      clients.admin,
      'set_update_policy',
      policyArgs({ p_minimum_version: '1.2.0', p_pinned_version: '1.3.0' }),
    );
    expect(saved.data).toMatchObject({
      channel: 'beta',
      minimum_version: '1.2.0',
      pinned_version: '1.3.0',
      rollout_percent: 50,
      defer_days: 7,
      install_mode: 'on-quit',
      updated_by: org.users.admin.id,
      updated_by_name: org.users.admin.displayName,
    });
    expect((await rpc(clients.viewer, 'org_update_policy', { p_org_id: org.id })).data).toEqual(saved.data);
    const byOwner = await rpc(clients.owner, 'set_update_policy', policyArgs({ p_channel: null, p_rollout_percent: null }));
    expect(byOwner.data).toMatchObject({
      channel: null,
      rollout_percent: null,
      minimum_version: null,
      updated_by: org.users.owner.id,
    });
    expect((await rpc(outsider, 'org_update_policy', { p_org_id: other.id })).data).toBeNull();
  });

  it('bad values are refused in words and change nothing', async () => {
    await rpc(clients.owner, 'set_update_policy', policyArgs({ p_minimum_version: '1.0.0' }));
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ p_channel: 'nightly' }, /channel must be latest or beta/],
      [{ p_minimum_version: 'v1.2' }, /minimum version must be a version like 1\.4\.0/],
      [{ p_minimum_version: '1.2.0; drop table x' }, /minimum version must be a version/],
      [{ p_pinned_version: '01.2.0' }, /pinned version must be a version/],
      [{ p_minimum_version: '2.0.0', p_pinned_version: '1.9.9' }, /pinned version 1\.9\.9 is below the minimum version 2\.0\.0/],
      [{ p_rollout_percent: 101 }, /rollout must be between 0 and 100/],
      [{ p_rollout_percent: -1 }, /rollout must be between 0 and 100/],
      [{ p_defer_days: 91 }, /defer must be between 0 and 90/],
      [{ p_install_mode: 'now' }, /install mode must be on-quit, on-next-launch or manual/],
    ];
    for (const [values, words] of cases) {
      const answer = await rpc(clients.owner, 'set_update_policy', policyArgs(values));
      expect(answer.error, JSON.stringify(values)).toMatchObject({ code: '22023', message: expect.stringMatching(words) });
    }
    expect((await rpc(clients.viewer, 'org_update_policy', { p_org_id: org.id })).data).toMatchObject({
      channel: 'beta',
      minimum_version: '1.0.0',
      rollout_percent: 50,
    });
  });

  it('cannot be read or written as a table, by anyone', async () => {
    for (const client of [clients.owner, clients.viewer, anon]) {
      const { error } = await client
        .schema('private' as 'public')
        .from('org_update_policies')
        .select('*');
      expect(error).not.toBeNull();
    }
  });
});

describe('device reports and the fleet view', () => {
  it('a member reports only their own device; owners and admins see every device of the org', async () => {
    const viewerDevice = await registerDevice(clients.viewer);
    const auditorDevice = await registerDevice(clients.auditor);
    expect((await report(clients.viewer, viewerDevice, { p_os: 'macOS 15.1 (arm64)', p_changes_waiting: 4 })).data).toMatchObject(
      {
        id: viewerDevice,
        os: 'macOS 15.1 (arm64)',
        app_version: '1.4.0',
        changes_waiting: 4,
      },
    );
    // Another member's device, an outsider, anon: refused, nothing stored.
    expect((await report(clients.viewer, auditorDevice)).error).toMatchObject({ code: '42501' });
    expect((await report(clients.owner, auditorDevice)).error).toMatchObject({ code: '42501' });
    expect((await report(outsider, viewerDevice)).error).toMatchObject({ code: '42501' });
    expect((await report(anon, viewerDevice)).error).not.toBeNull();
    const stored = await stack.admin.query(`select id from device_reports where id = $1`, [auditorDevice]);
    expect(stored.rowCount).toBe(0);

    for (const role of ['owner', 'admin'] as const) {
      const fleet = (await rpc(clients[role], 'fleet_devices', { p_org_id: org.id })).data as Record<string, unknown>[];
      expect(fleet.find((d) => d.id === viewerDevice)).toMatchObject({
        user_id: org.users.viewer.id,
        user_name: org.users.viewer.displayName,
        name: 'laptop',
        os: 'macOS 15.1 (arm64)',
        app_version: '1.4.0',
        channel: 'latest',
        changes_waiting: 4,
        revoked_at: null,
        last_seen_at: expect.any(String),
      });
      expect(fleet.find((d) => d.id === auditorDevice)).toMatchObject({ os: null, changes_waiting: null });
    }
    for (const client of [clients.compliance_officer, clients.auditor, clients.viewer, outsider]) {
      expect((await rpc(client, 'fleet_devices', { p_org_id: org.id })).error).toMatchObject({
        code: '42501',
        message: 'only an owner or admin of this organization can see its fleet',
      });
    }
    // As a table (as PostgREST runs a table request): the device's own user reads their report, other members none.
    const read = (userId: string) =>
      asTableCaller(
        userId,
        async (db) => (await db.query(`select id from public.device_reports where id = $1`, [viewerDevice])).rows,
      );
    expect(await read(org.users.viewer.id)).toEqual([{ id: viewerDevice }]);
    expect(await read(org.users.auditor.id)).toEqual([]);
    expect(await read(org.users.admin.id)).toEqual([{ id: viewerDevice }]);
  });

  it('bad report values are refused in words and change nothing; a revoked device cannot report', async () => {
    const device = await registerDevice(clients.compliance_officer);
    await report(clients.compliance_officer, device, { p_os: 'Windows 11' });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ p_app_version: 'latest' }, /app version must be a version/],
      [{ p_channel: 'alpha' }, /channel must be latest or beta/],
      [{ p_os: 'x'.repeat(101) }, /operating system may be at most 100/],
      [{ p_changes_waiting: -1 }, /changes waiting must be a count/],
      [{ p_last_sync_at: new Date(Date.now() + 86_400_000).toISOString() }, /last sync time is in the future/],
    ];
    for (const [values, words] of cases) {
      expect((await report(clients.compliance_officer, device, values)).error, JSON.stringify(values)).toMatchObject({
        code: '22023',
        message: expect.stringMatching(words),
      });
    }
    const kept = await stack.admin.query(`select os, app_version, channel from device_reports where id = $1`, [device]);
    expect(kept.rows).toEqual([{ os: 'Windows 11', app_version: '1.4.0', channel: 'latest' }]);
    await rpc(clients.owner, 'revoke_device', { p_device_id: device });
    expect((await report(clients.compliance_officer, device)).error).toMatchObject({
      code: '42501',
      message: 'this device is revoked or not enrolled for you',
    });
  });
});

describe('update_required below the org minimum version', () => {
  it('push and pull refuse a device below the minimum (or that never reported), and sync one at or above it', async () => {
    const co = clients.compliance_officer;
    const device = await registerDevice(co);
    const unreported = await registerDevice(co);
    await rpc(clients.owner, 'set_update_policy', policyArgs({ p_minimum_version: '1.5.0' }));

    for (const [version, ok] of [
      ['1.4.9', false],
      ['1.5.0-beta.3', false],
      ['1.5.0', true],
      ['1.10.0', true],
    ] as const) {
      await report(co, device, { p_app_version: version });
      const policy = randomUUID();
      const pushed = await push(co, org.id, [insert('policies', policy, { title: `From ${version}` })], { p_device_id: device });
      const pulled = await pull(co, org.id, { p_device_id: device, p_limit: 1 });
      if (ok) {
        expect(pushed.status, version).toBe('ok');
        expect(pulled.status, version).toBe('ok');
      } else {
        const refusal = {
          status: 'update_required',
          min_app_version: '1.5.0',
          app_version: version,
          message: `update required: your organization requires ComplyFlow 1.5.0 or later (this computer runs ${version})`,
        };
        expect(pushed, version).toMatchObject(refusal);
        expect(pulled, version).toMatchObject(refusal);
      }
      const stored = await stack.admin.query(`select 1 from policies where id = $1`, [policy]);
      expect(stored.rowCount, version).toBe(ok ? 1 : 0);
    }
    expect(await pull(co, org.id, { p_device_id: unreported, p_limit: 1 })).toMatchObject({
      status: 'update_required',
      app_version: null,
      message: expect.stringContaining('this computer runs an unknown version'),
    });

    // Without a minimum, every device syncs again (also one that never reported).
    await rpc(clients.owner, 'set_update_policy', policyArgs({ p_minimum_version: null }));
    expect((await pull(co, org.id, { p_device_id: unreported, p_limit: 1 })).status).toBe('ok');
    // Another org's minimum does not apply here.
    await rpc(outsider, 'set_update_policy', { ...policyArgs({ p_minimum_version: '9.0.0' }), p_org_id: other.id });
    expect((await pull(co, org.id, { p_device_id: device, p_limit: 1 })).status).toBe('ok');
  });
});

describe('version parity: the server compares and accepts versions as the app does', () => {
  const versions = [
    '0.0.1',
    '1.0.0-alpha',
    '1.0.0-alpha.1',
    '1.0.0-alpha.beta',
    '1.0.0-beta',
    '1.0.0-beta.2',
    '1.0.0-beta.11',
    '1.0.0-rc.1',
    '1.0.0',
    '1.2.0',
    '1.10.0',
    '2.0.0-0',
    '2.0.0',
    '10.0.0',
  ];
  const candidates = [
    ...versions,
    'v1.0.0',
    '1.0',
    '1.0.0+b',
    '01.0.0',
    '1.0.0-01',
    '1.0.0-',
    '1.0.0\n',
    'x'.repeat(65),
    '1.0.0-rc-1',
  ];

  it('accepts exactly the same strings', async () => {
    const { rows } = await stack.admin.query<{ v: string; ok: boolean }>(
      `select v, private.is_semver(v) as ok from unnest($1::text[]) v`,
      [candidates],
    );
    for (const row of rows) expect(row.ok, JSON.stringify(row.v)).toBe(SemVer.safeParse(row.v).success);
  });

  it('orders every pair the same way', async () => {
    const { rows } = await stack.admin.query<{ a: string; b: string; c: number }>(
      `select a, b, private.semver_cmp(a, b) as c from unnest($1::text[]) a, unnest($1::text[]) b`,
      [versions],
    );
    expect(rows.length).toBe(versions.length ** 2);
    for (const row of rows) expect(row.c, `${row.a} vs ${row.b}`).toBe(compareSemVer(row.a, row.b));
    // The list is written in ascending order: both sides agree it is.
    const sorted = [...versions].sort(compareSemVer);
    expect(sorted).toEqual(versions);
  });
});
