// The server refuses what a client must not do (issue 8), on PostgreSQL 15 through the real
// push RPC (mutations as the app sends them) and, where the issue speaks of a probe, straight
// through the gateway's REST API with supabase-js: approval and publication only by owner and
// admin and never of one's own material edit, the server's clock for created_at, deleted_at
// and the trail, references kept inside the org with one answer for foreign and missing, and
// admins who may revoke someone's device but change nothing else of it. The gateway stand-in
// serves RPCs only, so a probe of a table runs its SQL as the caller exactly as PostgREST does
// (API role and JWT claims set in the transaction, tests/support/db.ts).
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asCaller, fromPg } from '../../support/db.ts';
import { seedOrg, type SeededOrg, type SeededUser } from '../../support/seed.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { mutation, PROTOCOL, push as pushMany, pushOne, type Answer } from './server-rules-push.ts';

let stack: Stack;
let org: SeededOrg;
let other: SeededOrg;
let owner: SupabaseClient;
let admin: SupabaseClient;
let co: SupabaseClient;
let viewer: SupabaseClient;

const BACKDATED = '2001-09-09T01:46:40.000Z';
const GENESIS = '0'.repeat(64);

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Rules Co');
  other = await seedOrg(stack, 'Elsewhere Inc');
  [owner, admin, co, viewer] = await Promise.all(
    [org.users.owner, org.users.admin, org.users.compliance_officer, org.users.viewer].map((u) => stack.client(u)),
  );
});

afterAll(async () => {
  await stack?.stop();
});

/** A probe: SQL run as this signed-in user (RLS, triggers and grants apply), committed. */
async function asUser(
  user: SeededUser,
  sql: string,
  params: unknown[] = [],
): Promise<{ rows: Record<string, unknown>[]; error?: { code: string; message: string } }> {
  const client = await stack.admin.connect();
  try {
    return await asCaller(
      fromPg(client),
      { kind: 'user', id: user.id },
      async (db) => {
        await db.exec('savepoint probe');
        try {
          return { rows: (await db.query(sql, params)).rows };
        } catch (error) {
          await db.exec('rollback to savepoint probe');
          const { code, message } = error as { code: string; message: string };
          return { rows: [], error: { code, message } };
        }
      },
      { commit: true },
    );
  } finally {
    client.release();
  }
}

const push = (client: SupabaseClient, m: ReturnType<typeof mutation>) => pushOne(client, org.id, m);
const pushAll = (client: SupabaseClient, ms: ReturnType<typeof mutation>[]) => pushMany(client, org.id, ms);

async function row(table: string, id: string): Promise<Record<string, unknown> | undefined> {
  const r = await stack.admin.query(`select * from ${table} where id = $1`, [id]);
  return r.rows[0] as Record<string, unknown> | undefined;
}

/** Is this timestamp the server's (within the last minute) and whole milliseconds? */
async function isServerStamp(value: unknown): Promise<boolean> {
  const r = await stack.admin.query<{ ok: boolean }>(
    `select $1::timestamptz > now() - interval '1 minute' and $1::timestamptz = date_trunc('milliseconds', $1::timestamptz) as ok`,
    [value],
  );
  return r.rows[0]!.ok;
}

const policyBody = 'Access is granted on a need-to-know basis.\nReviews happen quarterly.\n';

/** A policy written by the compliance officer and submitted for review. */
async function policyInReview(): Promise<string> {
  const id = randomUUID();
  const created = await push(co, mutation('policies', id, 'insert', { title: 'Access Control Policy', body: policyBody }));
  expect(created.status).toBe('applied');
  expect((await push(co, mutation('policies', id, 'update', { status: 'in_review' }, { status: 'draft' }))).status).toBe(
    'applied',
  );
  return id;
}

const approve = (id: string, extra: Record<string, unknown> = {}) =>
  mutation(
    'policies',
    id,
    'update',
    { status: 'approved', approved_by: org.users.viewer.id, approved_at: BACKDATED, ...extra },
    {
      status: 'in_review',
    },
  );

describe('approval and publication', () => {
  it("refuses a compliance officer's push of a published policy approved by anyone, and writes nothing", async () => {
    const id = randomUUID();
    const answer = await push(
      co,
      mutation('policies', id, 'insert', {
        title: 'Acceptable Use',
        body: 'Be nice.',
        status: 'published',
        approved_by: org.users.owner.id,
        approved_at: BACKDATED,
      }),
    );
    expect(answer).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    expect(answer.message).toContain('only an owner or admin can approve or publish');
    expect(await row('policies', id)).toBeUndefined();

    const inReview = await policyInReview();
    expect(await push(co, approve(inReview))).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    expect(await row('policies', inReview)).toMatchObject({ status: 'in_review', approved_by: null, approved_at: null });
  });

  it('stamps approved_by and approved_at from the approving admin and the server clock, whatever the client sent', async () => {
    const id = await policyInReview();
    const answer = await push(admin, approve(id, { approval_comment: 'Looks right' }));
    expect(answer.status).toBe('applied');
    expect(answer.row).toMatchObject({ status: 'approved', approved_by: org.users.admin.id, approval_comment: 'Looks right' });
    expect(await isServerStamp(answer.row!.approved_at)).toBe(true);
    // Publishing (also an owner's or admin's step) keeps the approval as it was given.
    const published = await push(
      owner,
      mutation('policies', id, 'update', { status: 'published', approved_by: 'me' }, { status: 'approved' }),
    );
    expect(published.row).toMatchObject({
      status: 'published',
      approved_by: org.users.admin.id,
      approved_at: answer.row!.approved_at,
    });
  });

  it('refuses publication by a compliance officer', async () => {
    const id = await policyInReview();
    expect((await push(admin, approve(id))).status).toBe('applied');
    const answer = await push(co, mutation('policies', id, 'update', { status: 'published' }, { status: 'approved' }));
    expect(answer).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    expect((await row('policies', id))!.status).toBe('approved');
  });

  it('stamps the approval on a policy revision too, and refuses it to a compliance officer', async () => {
    const policy = await policyInReview();
    const revision = randomUUID();
    expect(
      (await push(co, mutation('policy_revisions', revision, 'insert', { policy_id: policy, body: policyBody }))).status,
    ).toBe('applied');
    const stampRevision = () =>
      mutation(
        'policy_revisions',
        revision,
        'update',
        { approved_by: org.users.owner.id, approved_at: BACKDATED },
        { approved_by: null },
      );
    expect(await push(co, stampRevision())).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    const answer = await push(admin, stampRevision());
    expect(answer.row).toMatchObject({ approved_by: org.users.admin.id });
    expect(await isServerStamp(answer.row!.approved_at)).toBe(true);
  });

  it('refuses to let anyone approve their own material edit, unless the org allows it', async () => {
    const id = await policyInReview();
    const rewrite = await push(
      admin,
      mutation('policies', id, 'update', { body: 'Everyone may access everything.' }, { body: policyBody }),
    );
    expect(rewrite.status).toBe('applied');
    const refused = await push(admin, approve(id, { status: 'approved' }));
    expect(refused).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    expect(refused.message).toContain('you made the last material edit');
    expect((await row('policies', id))!.edited_by).toBe(org.users.admin.id);
    // Another admin-level member may approve it.
    expect((await push(owner, approve(id))).status).toBe('applied');

    // A one-person team: the owner allows self-approval (a compliance officer may not).
    expect((await co.rpc('set_org_allow_self_approval', { p_org_id: org.id, p_allowed: true })).error?.code).toBe('42501');
    const allowed = await owner.rpc('set_org_allow_self_approval', { p_org_id: org.id, p_allowed: true });
    expect(allowed).toMatchObject({ data: true, error: null });
    try {
      const own = await policyInReview();
      await push(admin, mutation('policies', own, 'update', { body: 'Rewritten by the admin.' }, { body: policyBody }));
      expect((await push(admin, approve(own))).status).toBe('applied');
    } finally {
      await owner.rpc('set_org_allow_self_approval', { p_org_id: org.id, p_allowed: false });
    }
  });

  it('does not take edited_by from the client', async () => {
    const id = randomUUID();
    const answer = await push(
      admin,
      mutation('policies', id, 'insert', { title: 'Backup', body: 'Daily.', edited_by: org.users.owner.id }),
    );
    expect(answer.row!.edited_by).toBe(org.users.admin.id);
  });
});

describe('minor versus material, decided by the server', () => {
  /** An approved policy at version 1.0 (approved by the owner; written by the compliance officer). */
  async function approvedPolicy(): Promise<string> {
    const id = await policyInReview();
    const answer = await push(owner, approve(id, { version_major: 1, version_minor: 0 }));
    expect(answer.row).toMatchObject({ status: 'approved', version_major: 1, version_minor: 0 });
    return id;
  }

  it('keeps the approval over a declared minor fix of a few characters', async () => {
    const id = await approvedPolicy();
    const fixed = policyBody.replace('need-to-know', 'need to know');
    const answer = await push(
      co,
      mutation('policies', id, 'update', { body: fixed, version_minor: 1 }, { body: policyBody, version_minor: 0 }),
    );
    expect(answer.row).toMatchObject({ status: 'approved', approved_by: org.users.owner.id, version_minor: 1 });
  });

  it('sends a whole-body rewrite declared minor back to draft, approval and comment cleared', async () => {
    const id = await approvedPolicy();
    const rewrite = 'x'.repeat(201);
    const answer = await push(
      co,
      mutation('policies', id, 'update', { body: rewrite, version_minor: 1 }, { body: policyBody, version_minor: 0 }),
    );
    expect(answer.row).toMatchObject({ status: 'draft', approved_by: null, approved_at: null, approval_comment: null });
    expect(answer.row!.edited_by).toBe(org.users.compliance_officer.id);
  });

  it('treats a title change declared minor as material', async () => {
    const id = await approvedPolicy();
    const answer = await push(
      co,
      mutation(
        'policies',
        id,
        'update',
        { title: 'Access Policy', version_minor: 1 },
        { title: 'Access Control Policy', version_minor: 0 },
      ),
    );
    expect(answer.row).toMatchObject({ status: 'draft', approved_by: null });
  });
});

describe("the server's clock", () => {
  it('ignores a backdated created_at and deleted_at pushed by a client, and clears deleted_at on undelete', async () => {
    const id = randomUUID();
    const created = await push(
      co,
      mutation('policies', id, 'insert', { title: 'Retention', body: 'Seven years.', created_at: BACKDATED }),
    );
    expect(await isServerStamp(created.row!.created_at)).toBe(true);
    expect(await isServerStamp(created.row!.updated_at)).toBe(true);
    const deleted = await push(co, mutation('policies', id, 'delete', { deleted_at: BACKDATED }));
    expect(await isServerStamp(deleted.row!.deleted_at)).toBe(true);
    const restored = await push(
      co,
      mutation('policies', id, 'update', { deleted_at: null }, { deleted_at: deleted.row!.deleted_at }),
    );
    expect(restored.row!.deleted_at).toBeNull();
  });

  it('ignores backdated times in a probe of the table itself', async () => {
    const { rows, error } = await asUser(
      org.users.compliance_officer,
      `insert into frameworks (id, org_id, title, created_at, deleted_at) values ($1, $2, 'Backdated', $3, $3) returning *`,
      [randomUUID(), org.id, BACKDATED],
    );
    expect(error).toBeUndefined();
    expect(await isServerStamp(rows[0]!.created_at)).toBe(true);
    expect(await isServerStamp(rows[0]!.deleted_at)).toBe(true);
  });

  it("keeps an event's claimed time in claimed_at and stamps at with the server's", async () => {
    const { data: device } = await co.rpc('register_device', {
      p_org_id: org.id,
      p_public_key: 'k'.repeat(43),
      p_name: 'laptop',
    });
    const { rows, error } = await asUser(
      org.users.compliance_officer,
      `insert into audit_events (id, org_id, record_table, record_id, actor, action, at, device_id, seq, prev_hash, hash)
       values ($1, $2, 'policies', $3, $4, 'create', $5, $6, 1, $7, $8) returning *`,
      [randomUUID(), org.id, randomUUID(), org.users.compliance_officer.id, BACKDATED, device, GENESIS, 'c'.repeat(64)],
    );
    expect(error).toBeUndefined();
    expect(await isServerStamp(rows[0]!.at)).toBe(true);
    expect((rows[0]!.claimed_at as Date).toISOString()).toBe(BACKDATED);
  });

  it("keeps evidence's claimed capture time as the device sent it, beside the server's created_at", async () => {
    const id = randomUUID();
    const claimed = '2026-03-04T05:06:07.089Z';
    const answer = await push(
      co,
      mutation('evidence', id, 'insert', { title: 'Badge photo', claimed_captured_at: claimed, created_at: BACKDATED }),
    );
    expect(new Date(answer.row!.claimed_captured_at as string).toISOString()).toBe(claimed);
    expect(await isServerStamp(answer.row!.created_at)).toBe(true);
  });
});

describe('references stay inside the organization', () => {
  let foreignFramework: string;
  let foreignPolicy: string;

  beforeAll(async () => {
    foreignFramework = randomUUID();
    foreignPolicy = randomUUID();
    await stack.admin.query(`insert into frameworks (id, org_id, title) values ($1, $2, 'Their NIST')`, [
      foreignFramework,
      other.id,
    ]);
    await stack.admin.query(`insert into policies (id, org_id, title) values ($1, $2, 'Their policy')`, [
      foreignPolicy,
      other.id,
    ]);
  });

  const withoutId = ({ id: _id, ...rest }: Answer) => rest;

  it("answers another org's id exactly like an id that exists nowhere", async () => {
    const viaForeign = await push(
      co,
      mutation('controls', randomUUID(), 'insert', { framework_id: foreignFramework, control_key: 'ac-1' }),
    );
    const viaMissing = await push(
      co,
      mutation('controls', randomUUID(), 'insert', { framework_id: randomUUID(), control_key: 'ac-1' }),
    );
    expect(viaForeign).toMatchObject({ status: 'rejected', reason: 'missing_reference' });
    expect(viaForeign.message).toBe('controls.framework_id references a record that does not exist');
    expect(JSON.stringify(withoutId(viaForeign))).toBe(JSON.stringify(withoutId(viaMissing)));
  });

  it('refuses an update that points an existing row at another org, and a probe of the table alike', async () => {
    const audit = randomUUID();
    expect((await push(admin, mutation('audits', audit, 'insert', { title: 'ISO 2026' }))).status).toBe('applied');
    const moved = await push(
      admin,
      mutation('audits', audit, 'update', { framework_id: foreignFramework }, { framework_id: null }),
    );
    expect(moved).toMatchObject({ status: 'rejected', reason: 'missing_reference' });
    expect((await row('audits', audit))!.framework_id).toBeNull();

    const probe = async (policyId: string) =>
      (
        await asUser(
          org.users.compliance_officer,
          `insert into policy_revisions (id, org_id, policy_id, body) values ($1, $2, $3, 'x')`,
          [randomUUID(), org.id, policyId],
        )
      ).error;
    const [foreign, missing] = [await probe(foreignPolicy), await probe(randomUUID())];
    expect(foreign).toEqual({ code: '23503', message: 'policy_revisions.policy_id references a record that does not exist' });
    expect(missing).toEqual(foreign);
  });

  it('still accepts references inside the org, and a new policy naming the revision that follows it', async () => {
    const framework = randomUUID();
    expect((await push(co, mutation('frameworks', framework, 'insert', { title: 'Ours' }))).status).toBe('applied');
    const control = await push(
      co,
      mutation('controls', randomUUID(), 'insert', { framework_id: framework, control_key: 'ac-2' }),
    );
    expect(control.status).toBe('applied');
    // The app's order: the policy first (it names its first revision), then that revision.
    const [policy, revision] = [randomUUID(), randomUUID()];
    const answers = await pushAll(co, [
      mutation('policies', policy, 'insert', { title: 'New', body: 'v1', current_revision_id: revision }),
      mutation('policy_revisions', revision, 'insert', { policy_id: policy, body: 'v1' }),
    ]);
    expect(answers.map((a) => a.status)).toEqual(['applied', 'applied']);
  });

  it("refuses to point a policy at another org's revision", async () => {
    const theirs = randomUUID();
    await stack.admin.query(`insert into policy_revisions (id, org_id, policy_id) values ($1, $2, $3)`, [
      theirs,
      other.id,
      foreignPolicy,
    ]);
    const policy = randomUUID();
    expect((await push(co, mutation('policies', policy, 'insert', { title: 'Mine' }))).status).toBe('applied');
    const answer = await push(
      co,
      mutation('policies', policy, 'update', { current_revision_id: theirs }, { current_revision_id: null }),
    );
    expect(answer).toMatchObject({
      status: 'rejected',
      reason: 'missing_reference',
      message: 'policies.current_revision_id references a record that does not exist',
    });
  });
});

describe('devices', () => {
  let device: string;

  beforeAll(async () => {
    const { data, error } = await viewer.rpc('register_device', {
      p_org_id: org.id,
      p_public_key: 'v'.repeat(43),
      p_name: "Vera's laptop",
    });
    expect(error).toBeNull();
    device = data as string;
  });

  const updateDevice = (user: SeededUser, set: string, value: unknown) =>
    asUser(user, `update devices set ${set} = $2 where id = $1 returning *`, [device, value]);

  it("lets an admin change nothing of another user's device but revoked_at", async () => {
    const { admin: adam } = org.users;
    for (const [set, value] of [
      ['public_key', 'a'.repeat(43)],
      ['user_id', adam.id],
      ['name', 'pwned'],
    ] as const) {
      expect((await updateDevice(adam, set, value)).error?.code, set).toBe('42501');
    }
    expect(await row('devices', device)).toMatchObject({
      public_key: 'v'.repeat(43),
      user_id: org.users.viewer.id,
      name: "Vera's laptop",
    });
  });

  it('lets the user rename their own device, but not revoke it or change its key', async () => {
    const renamed = await updateDevice(org.users.viewer, 'name', 'Work laptop');
    expect(renamed.error).toBeUndefined();
    expect(renamed.rows[0]!.name).toBe('Work laptop');
    expect((await updateDevice(org.users.viewer, 'public_key', 'b'.repeat(43))).error?.code).toBe('42501');
    expect((await updateDevice(org.users.viewer, 'revoked_at', BACKDATED)).error?.code).toBe('42501');
    // Another member who is no admin sees no row to change.
    expect((await updateDevice(org.users.compliance_officer, 'revoked_at', BACKDATED)).rows).toEqual([]);
    expect((await row('devices', device))!.revoked_at).toBeNull();
  });

  it("lets an admin revoke it, at the server's time", async () => {
    const { rows, error } = await updateDevice(org.users.admin, 'revoked_at', BACKDATED);
    expect(error).toBeUndefined();
    expect(await isServerStamp(rows[0]!.revoked_at)).toBe(true);
    const { data: answer } = await viewer.rpc('push', {
      p_org_id: org.id,
      p_mutations: [],
      p_schema_version: PROTOCOL,
      p_device_id: device,
    });
    expect(answer).toMatchObject({ status: 'device_revoked' });
  });
});
