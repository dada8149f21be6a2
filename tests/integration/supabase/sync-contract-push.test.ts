// The push half of sync protocol 2 (issue 8, "the contract must fit") on PostgreSQL 15 through
// the gateway and supabase-js: an insert without base, two devices making the same row under
// different ids or the same id, timestamps compared as instants, retryable answers kept out of
// the ledger, the losing value named, and a merged policy body recorded as a revision.
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { insert, pull, push, update, type Mutation } from './sync-contract-client.ts';

let stack: Stack;
let org: SeededOrg;
let co: SupabaseClient;
let admin: SupabaseClient;
let auditor: SupabaseClient;
let frameworkId: string;
let auditId: string;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Contract Co');
  co = await stack.client(org.users.compliance_officer);
  admin = await stack.client(org.users.admin);
  auditor = await stack.client(org.users.auditor);
  frameworkId = randomUUID();
  auditId = randomUUID();
  await stack.admin.query(`insert into frameworks (id, org_id, title, source_uuid) values ($1, $2, 'NIST', $3)`, [
    frameworkId,
    org.id,
    randomUUID(),
  ]);
  await stack.admin.query(`insert into audits (id, org_id, title, status) values ($1, $2, 'SOC 2', 'fieldwork')`, [
    auditId,
    org.id,
  ]);
  await stack.admin.query(`insert into audit_assignments (org_id, audit_id, user_id) values ($1, $2, $3)`, [
    org.id,
    auditId,
    org.users.auditor.id,
  ]);
});

afterAll(async () => {
  await stack?.stop();
});

const sendTo = (client: SupabaseClient, mutations: Mutation[]) => push(client, org.id, mutations);

async function rows(table: string, where: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  return (await stack.admin.query(`select * from ${table} where ${where} order by created_at, id`, params)).rows;
}

async function newControl(key: string): Promise<string> {
  const id = randomUUID();
  await stack.admin.query(`insert into controls (id, org_id, framework_id, control_key) values ($1, $2, $3, $4)`, [
    id,
    org.id,
    frameworkId,
    key,
  ]);
  return id;
}

async function newPolicy(body = 'one\ntwo\nthree\nfour\nfive'): Promise<string> {
  const id = randomUUID();
  const answer = await sendTo(co, [insert('policies', id, { title: 'Access Control', body, owner: 'CISO' })]);
  expect(answer.results[0]!.status).toBe('applied');
  return id;
}

describe('an insert without base (item 1)', () => {
  it('applies an insert whose base is null or missing, and an update whose base is null writes its fields as is', async () => {
    const a = randomUUID();
    const b = randomUUID();
    const answer = await sendTo(co, [
      insert('policies', a, { title: 'Null base', body: 'x' }, null),
      insert('policies', b, { title: 'No base', body: 'y' }),
      update('policies', a, { owner: 'DPO' }, null),
    ]);
    expect(answer.results.map((r) => [r.status, r.reason])).toEqual([
      ['applied', undefined],
      ['applied', undefined],
      ['applied', undefined],
    ]);
    expect(await rows('policies', 'id = any ($1)', [[a, b]])).toHaveLength(2);
    expect(answer.results[2]!.row).toMatchObject({ title: 'Null base', owner: 'DPO' });
  });

  it('still refuses a base that is not an object', async () => {
    const answer = await sendTo(co, [insert('policies', randomUUID(), { title: 'x' }, 'nope' as never)]);
    expect(answer.results[0]).toMatchObject({ status: 'rejected', reason: 'invalid' });
  });
});

describe('two devices making the same row (item 5)', () => {
  it('merges a second link of the same policy and control under another id into the first row', async () => {
    const policy = await newPolicy();
    const control = await newControl('ac-2');
    const first = randomUUID();
    const second = randomUUID();
    expect(
      (await sendTo(co, [insert('policy_controls', first, { policy_id: policy, control_id: control })])).results[0]!.status,
    ).toBe('applied');
    const answer = await sendTo(admin, [insert('policy_controls', second, { policy_id: policy, control_id: control })]);
    expect(answer.results[0]).toMatchObject({ status: 'merged', merged_into: first });
    expect(answer.results[0]!.row).toMatchObject({ id: first, policy_id: policy, control_id: control });
    expect((await rows('policy_controls', 'policy_id = $1', [policy])).map((r) => r.id)).toEqual([first]);
  });

  it('ends with one row per pair when two devices link the same pairs at the same moment', async () => {
    const policy = await newPolicy();
    const controls = await Promise.all(Array.from({ length: 8 }, (_, i) => newControl(`sc-${i}-${randomUUID().slice(0, 4)}`)));
    const links = () =>
      controls.map((control) => insert('policy_controls', randomUUID(), { policy_id: policy, control_id: control }));
    const [a, b] = await Promise.all([sendTo(co, links()), sendTo(admin, links())]);
    for (const answer of [...a.results, ...b.results]) expect(answer.status).not.toBe('rejected');
    const stored = await rows('policy_controls', 'policy_id = $1', [policy]);
    expect(stored).toHaveLength(controls.length);
    // Whichever device lost the race was told where its link went.
    const merged = [...a.results, ...b.results].filter((r) => r.merged_into);
    expect(merged).toHaveLength(controls.length);
    expect(new Set(merged.map((r) => r.merged_into))).toEqual(new Set(stored.map((r) => r.id)));
  });

  it('links the pair again when the second link is merged into a pair another device unlinked', async () => {
    const policy = await newPolicy();
    const control = await newControl('ac-6');
    const first = randomUUID();
    await sendTo(co, [insert('policy_controls', first, { policy_id: policy, control_id: control })]);
    await sendTo(co, [{ id: randomUUID(), table: 'policy_controls', record_id: first, op: 'delete' }]);
    const answer = await sendTo(admin, [insert('policy_controls', randomUUID(), { policy_id: policy, control_id: control })]);
    expect(answer.results[0]).toMatchObject({ status: 'merged', merged_into: first, row: { id: first, deleted_at: null } });
  });

  it('merges audit results of the same control from two auditors per field instead of answering duplicate', async () => {
    const control = await newControl('ac-3');
    const mine = randomUUID();
    const theirs = randomUUID();
    await sendTo(auditor, [insert('audit_results', mine, { audit_id: auditId, control_id: control, result: 'fail' })]);
    const answer = await sendTo(admin, [
      insert('audit_results', theirs, { audit_id: auditId, control_id: control, notes: 'seen MFA logs' }),
    ]);
    expect(answer.results[0]).toMatchObject({ status: 'merged', merged_into: mine });
    expect(await rows('audit_results', 'audit_id = $1 and control_id = $2', [auditId, control])).toEqual([
      expect.objectContaining({ id: mine, result: 'fail', notes: 'seen MFA logs' }),
    ]);
  });

  it('merges a framework imported twice from the same source; a tombstoned one does not hold the source', async () => {
    const source = randomUUID();
    const first = randomUUID();
    await sendTo(co, [insert('frameworks', first, { title: 'ISO 27001', source_uuid: source })]);
    const again = await sendTo(admin, [insert('frameworks', randomUUID(), { title: 'ISO 27001:2022', source_uuid: source })]);
    expect(again.results[0]).toMatchObject({ status: 'merged', merged_into: first, row: { title: 'ISO 27001:2022' } });
    await sendTo(co, [{ id: randomUUID(), table: 'frameworks', record_id: first, op: 'delete' }]);
    const fresh = randomUUID();
    const reimport = await sendTo(co, [insert('frameworks', fresh, { title: 'ISO 27001', source_uuid: source })]);
    expect(reimport.results[0]).toMatchObject({ status: 'applied', row: { id: fresh } });
  });

  it('merges per field when both devices derived the same id from the key', async () => {
    const policy = await newPolicy();
    const control = await newControl('ac-4');
    const id = randomUUID(); // what stable-id.ts derives from (table, org, policy, control) on both devices
    await sendTo(co, [insert('policy_controls', id, { policy_id: policy, control_id: control })]);
    const answer = await sendTo(admin, [insert('policy_controls', id, { policy_id: policy, control_id: control })]);
    expect(answer.results[0]!.status).toBe('applied');
    expect(answer.results[0]!.merged_into).toBeUndefined();
    expect(await rows('policy_controls', 'policy_id = $1', [policy])).toHaveLength(1);
  });

  it('answers a record id taken in another organization as duplicate, never merging into a row the caller cannot see', async () => {
    const other = await seedOrg(stack, 'Other Co');
    const theirs = randomUUID();
    await stack.admin.query(`insert into policies (id, org_id, title) values ($1, $2, 'Theirs')`, [theirs, other.id]);
    const answer = await sendTo(co, [insert('policies', theirs, { title: 'Mine' })]);
    expect(answer.results[0]).toMatchObject({ status: 'rejected', reason: 'duplicate' });
    expect((await rows('policies', 'id = $1', [theirs]))[0]).toMatchObject({ org_id: other.id, title: 'Theirs' });
  });
});

describe('timestamps compared as instants (item 7)', () => {
  async function frameworkArchivedAt(stored: string): Promise<string> {
    const id = randomUUID();
    await sendTo(co, [insert('frameworks', id, { title: 'Archived', source_uuid: randomUUID() })]);
    await stack.admin.query(`update frameworks set archived_at = $2 where id = $1`, [id, stored]);
    return id;
  }

  it.each([
    ['a millisecond base against a stored microsecond value', '2026-03-04 05:06:07.123456+00', '2026-03-04T05:06:07.123Z'],
    ['a microsecond base against a stored millisecond value', '2026-03-04 05:06:07.123+00', '2026-03-04T05:06:07.123456+00:00'],
    ['another offset of the same instant', '2026-03-04 05:06:07.5+00', '2026-03-04T06:06:07.500+01:00'],
  ])('%s is the same value: the edit applies without overriding anything', async (_, stored, base) => {
    const id = await frameworkArchivedAt(stored);
    const answer = await sendTo(co, [update('frameworks', id, { archived_at: null }, { archived_at: base })]);
    expect(answer.results[0]!.status).toBe('applied');
    expect(answer.results[0]!.overridden).toBeUndefined();
    expect(answer.results[0]!.row!.archived_at).toBeNull();
  });

  it('a base one millisecond away is another value: the edit wins and says what it overrode', async () => {
    const id = await frameworkArchivedAt('2026-03-04 05:06:07.123+00');
    const answer = await sendTo(co, [
      update('frameworks', id, { archived_at: null }, { archived_at: '2026-03-04T05:06:07.124Z' }),
    ]);
    expect(answer.results[0]).toMatchObject({ status: 'merged', overridden: ['archived_at'] });
  });
});

describe('only final answers are kept (item 10)', () => {
  it('applies a link refused for a missing control once the control has arrived, when the same mutation is sent again', async () => {
    const policy = await newPolicy();
    const control = randomUUID();
    const link = insert('policy_controls', randomUUID(), { policy_id: policy, control_id: control });
    const early = await sendTo(co, [link]);
    expect(early.results[0]).toMatchObject({ status: 'rejected', reason: 'missing_reference' });
    expect(await rows('sync_mutations', 'id = $1', [link.id])).toEqual([]);

    await sendTo(co, [insert('controls', control, { framework_id: frameworkId, control_key: 'ac-5' })]);
    const resent = await sendTo(co, [link]);
    expect(resent.results[0]!.status).toBe('applied');
    expect(await rows('policy_controls', 'policy_id = $1', [policy])).toHaveLength(1);
    // Now final: kept, and a further resend gets the same answer and changes nothing.
    expect((await rows('sync_mutations', 'id = $1', [link.id]))[0]).toMatchObject({ user_id: org.users.compliance_officer.id });
    expect((await sendTo(co, [link])).results).toEqual(resent.results);
  });

  it('keeps a final refusal: the resend gets it again', async () => {
    const viewer = await stack.client(org.users.viewer);
    const mutation = insert('policies', randomUUID(), { title: 'Viewer was here' });
    const first = await sendTo(viewer, [mutation]);
    expect(first.results[0]).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    expect(await rows('sync_mutations', 'id = $1', [mutation.id])).toHaveLength(1);
    expect((await sendTo(viewer, [mutation])).results).toEqual(first.results);
  });

  it('does not keep an unknown field (an updated server may know it)', async () => {
    const policy = await newPolicy();
    const mutation = update('policies', policy, { colour: 'red' }, {});
    expect((await sendTo(co, [mutation])).results[0]!.reason).toBe('unknown_field');
    expect(await rows('sync_mutations', 'id = $1', [mutation.id])).toEqual([]);
  });
});

describe('the value that lost', () => {
  it('names the overridden field with the value it replaced and who wrote that value', async () => {
    const policy = await newPolicy();
    await sendTo(admin, [update('policies', policy, { owner: 'Head of IT' }, { owner: 'CISO' })]);
    const answer = await sendTo(co, [
      update('policies', policy, { owner: 'CTO', title: 'AC' }, { owner: 'CISO', title: 'Access Control' }),
    ]);
    expect(answer.results[0]).toMatchObject({
      status: 'merged',
      overridden: ['owner'],
      previous: { owner: 'Head of IT' },
      previous_by: org.users.admin.id,
      row: { owner: 'CTO', title: 'AC' },
    });
  });
});

describe('a merged policy body becomes a revision (item 13)', () => {
  it("points the policy's current revision at a new revision holding the merged text, which pull hands out", async () => {
    const base = 'one\ntwo\nthree\nfour\nfive';
    const policy = await newPolicy(base);
    const theirRevision = randomUUID();
    await sendTo(admin, [
      insert('policy_revisions', theirRevision, {
        policy_id: policy,
        title: 'Access Control',
        body: 'ONE\ntwo\nthree\nfour\nfive',
      }),
      update('policies', policy, { body: 'ONE\ntwo\nthree\nfour\nfive', current_revision_id: theirRevision }, { body: base }),
    ]);
    const answer = await sendTo(co, [
      update('policies', policy, { body: 'one\ntwo\nthree\nfour\nFIVE', version_minor: 2 }, { body: base, version_minor: 1 }),
    ]);
    const result = answer.results[0]!;
    expect(result.status).toBe('merged');
    expect(result.row!.body).toBe('ONE\ntwo\nthree\nfour\nFIVE');
    const current = result.row!.current_revision_id as string;
    expect(current).not.toBe(theirRevision);
    expect((await rows('policy_revisions', 'id = $1', [current]))[0]).toMatchObject({
      policy_id: policy,
      title: 'Access Control',
      body: 'ONE\ntwo\nthree\nfour\nFIVE',
      version_minor: 2,
      base_revision_id: theirRevision,
    });
    const pulled = await pull(co, org.id, { p_limit: 5000 });
    expect(pulled.changes.some((c) => c.table === 'policy_revisions' && c.id === current)).toBe(true);
  });
});
