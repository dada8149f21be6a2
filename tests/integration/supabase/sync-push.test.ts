// Push through supabase-js: each mutation id applied once, repeats answered with the first
// answer, reordering and resending harmless, a lost answer after commit harmless, per-field
// merges, three-way merges of policy text with conflicts kept, per-mutation refusals by role,
// "update required" for old clients, and membership changes (history for a new member, purge
// for a removed one).
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { implementationId } from '../../../src-main/core/frameworks/implementations';
import { seedOrg, type SeededOrg } from '../../support/seed.ts';
import { startStack, type Stack } from '../../support/stack.ts';

interface Mutation {
  id: string;
  table: string;
  record_id: string;
  op: 'insert' | 'update' | 'delete';
  patch: Record<string, unknown>;
  base?: Record<string, unknown>;
}
interface Answer {
  id: string;
  status: 'applied' | 'merged' | 'conflict' | 'rejected';
  reason?: string;
  message?: string;
  row?: Record<string, unknown>;
  overridden?: string[];
  conflict_id?: string;
}
interface PushAnswer {
  status: string;
  results: Answer[];
  message?: string;
}

let stack: Stack;
let org: SeededOrg;
let co: SupabaseClient;
let auditor: SupabaseClient;
let viewer: SupabaseClient;
let frameworkId: string;
let controlId: string;
let auditId: string;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Push Co');
  co = await stack.client(org.users.compliance_officer);
  auditor = await stack.client(org.users.auditor);
  viewer = await stack.client(org.users.viewer);
  frameworkId = randomUUID();
  controlId = randomUUID();
  auditId = randomUUID();
  await stack.admin.query(`insert into frameworks (id, org_id, title) values ($1, $2, 'NIST')`, [frameworkId, org.id]);
  await stack.admin.query(`insert into controls (id, org_id, framework_id, control_key) values ($1, $2, $3, 'ac-1')`, [
    controlId,
    org.id,
    frameworkId,
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

async function push(client: SupabaseClient, mutations: Mutation[], schemaVersion = 2): Promise<PushAnswer> {
  const { data, error } = await client.rpc('push', { p_org_id: org.id, p_mutations: mutations, p_schema_version: schemaVersion });
  if (error) throw error;
  return data as PushAnswer;
}

const insertPolicy = (id: string, fields: Record<string, unknown> = {}): Mutation => ({
  id: randomUUID(),
  table: 'policies',
  record_id: id,
  op: 'insert',
  patch: { title: 'Access Control Policy', body: 'one\ntwo\nthree\nfour\nfive', owner: 'CISO', ...fields },
});
const update = (table: string, id: string, patch: Record<string, unknown>, base: Record<string, unknown>): Mutation => ({
  id: randomUUID(),
  table,
  record_id: id,
  op: 'update',
  patch,
  base,
});

async function snapshot(table: string, ids: string[]) {
  const r = await stack.admin.query(`select * from ${table} where id = any ($1) order by id`, [ids]);
  return r.rows;
}

async function changeCount(): Promise<number> {
  const r = await stack.admin.query<{ n: string }>(`select count(*)::text as n from sync_changes where org_id = $1`, [org.id]);
  return Number(r.rows[0]!.n);
}

describe('idempotent push', () => {
  it('applies a batch once: the same batch again, and again reordered, changes nothing and gets the first answers', async () => {
    const policy = randomUUID();
    const batch = [
      insertPolicy(policy),
      update('policies', policy, { owner: 'Head of IT' }, { owner: 'CISO' }),
      update('policies', policy, { next_review_date: '2027-01-31' }, { next_review_date: null }),
    ];
    const first = await push(co, batch);
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const state = await snapshot('policies', [policy]);
    const changes = await changeCount();

    const again = await push(co, batch);
    expect(again.results).toEqual(first.results);
    const reordered = await push(co, [batch[2]!, batch[0]!, batch[1]!]);
    expect(reordered.results).toEqual([first.results[2], first.results[0], first.results[1]]);
    expect(await snapshot('policies', [policy])).toEqual(state);
    expect(await changeCount()).toBe(changes);
    expect(state[0]).toMatchObject({ owner: 'Head of IT', row_version: '3' });
  });

  it('ends in the same state whichever order independent field edits arrive in', async () => {
    const a = randomUUID();
    const b = randomUUID();
    await push(co, [insertPolicy(a), insertPolicy(b)]);
    const edits = (id: string) => [
      update('policies', id, { owner: 'Legal' }, { owner: 'CISO' }),
      update('policies', id, { title: 'Access Policy' }, { title: 'Access Control Policy' }),
      update('policies', id, { next_review_date: '2027-06-30' }, { next_review_date: null }),
    ];
    const inOrder = edits(a);
    const reversed = edits(b).reverse();
    await push(co, inOrder);
    await push(co, reversed);
    await push(co, reversed); // delivered twice
    const [ra, rb] = [(await snapshot('policies', [a]))[0]!, (await snapshot('policies', [b]))[0]!];
    for (const field of ['owner', 'title', 'next_review_date', 'body', 'status', 'row_version']) {
      expect(rb[field], field).toEqual(ra[field]);
    }
  });

  it('applies nothing twice when the answer is lost after the server committed, and the client resends', async () => {
    const policy = randomUUID();
    const batch = [insertPolicy(policy), update('policies', policy, { owner: 'DPO' }, { owner: 'CISO' })];
    const before = await changeCount();
    stack.gateway.rest.dropAfterCommit.add('push');
    const lost = await co.rpc('push', { p_org_id: org.id, p_mutations: batch, p_schema_version: 2 });
    expect(lost.error).not.toBeNull(); // the client saw a dropped connection, not an answer
    expect(await changeCount()).toBe(before + 2); // ...but the server had committed
    const committed = await snapshot('policies', [policy]);

    const resent = await push(co, batch);
    expect(resent.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(await changeCount()).toBe(before + 2);
    expect(await snapshot('policies', [policy])).toEqual(committed);
  });

  it('applies a batch once when the same batch is sent several times at the same moment', async () => {
    const policy = randomUUID();
    const batch = [insertPolicy(policy), update('policies', policy, { owner: 'Risk' }, { owner: 'CISO' })];
    const before = await changeCount();
    const answers = await Promise.all([1, 2, 3, 4].map(() => push(co, batch)));
    for (const answer of answers) expect(answer.results).toEqual(answers[0]!.results);
    expect(answers[0]!.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(await changeCount()).toBe(before + 2);
  });

  it("applies another user's mutation that happens to carry an id someone already used, instead of replaying their answer", async () => {
    const mutation = insertPolicy(randomUUID());
    await push(co, [mutation]);
    const admin = await stack.client(org.users.admin);
    const theirs = { ...mutation, record_id: randomUUID() };
    const { data } = await admin.rpc('push', { p_org_id: org.id, p_mutations: [theirs], p_schema_version: 2 });
    expect((data as PushAnswer).results[0]).toMatchObject({ id: mutation.id, status: 'applied' });
    expect(await snapshot('policies', [theirs.record_id])).toHaveLength(1);
  });
});

describe('refusals are per mutation', () => {
  it("refuses each of a viewer's mutations on its own, with a reason, and answers the batch", async () => {
    const policy = randomUUID();
    const answer = await push(viewer, [
      insertPolicy(policy),
      update('controls', controlId, { notes: 'viewer was here' }, { notes: null }),
    ]);
    expect(answer.status).toBe('ok');
    expect(answer.results.map((r) => [r.status, r.reason])).toEqual([
      ['rejected', 'forbidden'],
      ['rejected', 'forbidden'],
    ]);
    expect(await snapshot('policies', [policy])).toEqual([]);
    expect((await snapshot('controls', [controlId]))[0]!.notes).toBeNull();
  });

  it('applies the rest of a batch around a refused mutation', async () => {
    const result = randomUUID();
    const policy = randomUUID();
    const finding = randomUUID();
    const answer = await push(auditor, [
      {
        id: randomUUID(),
        table: 'audit_results',
        record_id: result,
        op: 'insert',
        patch: { audit_id: auditId, control_id: controlId, result: 'fail' },
      },
      insertPolicy(policy), // an auditor does not write policies
      {
        id: randomUUID(),
        table: 'findings',
        record_id: finding,
        op: 'insert',
        patch: { audit_id: auditId, control_id: controlId, title: 'MFA missing', severity: 'high' },
      },
    ]);
    expect(answer.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(answer.results[1]!.reason).toBe('forbidden');
    expect(await snapshot('audit_results', [result])).toHaveLength(1);
    expect(await snapshot('policies', [policy])).toHaveLength(0);
    expect(await snapshot('findings', [finding])).toHaveLength(1);
  });

  it('rejects a move to another org, an unknown table or field, and a malformed mutation', async () => {
    const policy = randomUUID();
    await push(co, [insertPolicy(policy)]);
    const answer = await push(co, [
      update('policies', policy, { org_id: randomUUID() }, {}),
      { id: randomUUID(), table: 'memberships', record_id: randomUUID(), op: 'insert', patch: { role: 'owner' } },
      { id: randomUUID(), table: 'no_such_table; drop table policies', record_id: randomUUID(), op: 'insert', patch: {} },
      update('policies', policy, { colour: 'red' }, {}),
      { id: randomUUID(), table: 'policies', record_id: policy, op: 'upsert' as never, patch: {} },
      update('policies', randomUUID(), { title: 'x' }, {}),
    ]);
    expect(answer.results.map((r) => r.reason)).toEqual([
      'forbidden',
      'unknown_table',
      'unknown_table',
      'unknown_field',
      'invalid',
      'not_found',
    ]);
  });
});

describe('merging', () => {
  it('merges edits of different fields, and lets the later write of the same field win, naming it', async () => {
    const policy = randomUUID();
    await push(co, [insertPolicy(policy)]);
    const admin = await stack.client(org.users.admin);
    const first = await push(admin, [update('policies', policy, { title: 'AC Policy' }, { title: 'Access Control Policy' })]);
    expect(first.results[0]!.status).toBe('applied');
    // Another device edited from the same base, a different field: nothing lost.
    const other = await push(co, [update('policies', policy, { owner: 'CTO' }, { owner: 'CISO' })]);
    expect(other.results[0]!.status).toBe('applied');
    expect(other.results[0]!.row).toMatchObject({ title: 'AC Policy', owner: 'CTO' });
    // ...and the same field: the later write wins and the answer says which field it overrode.
    const same = await push(co, [update('policies', policy, { title: 'Access Policy' }, { title: 'Access Control Policy' })]);
    expect(same.results[0]).toMatchObject({ status: 'merged', overridden: ['title'] });
    expect(same.results[0]!.row).toMatchObject({ title: 'Access Policy', owner: 'CTO' });
  });

  it('merges concurrent edits of different lines of a policy three-way against the base', async () => {
    const policy = randomUUID();
    await push(co, [insertPolicy(policy)]);
    const base = 'one\ntwo\nthree\nfour\nfive';
    await push(co, [update('policies', policy, { body: 'ONE\ntwo\nthree\nfour\nfive' }, { body: base })]);
    const answer = await push(co, [update('policies', policy, { body: 'one\ntwo\nthree\nfour\nFIVE\nsix' }, { body: base })]);
    expect(answer.results[0]!.status).toBe('merged');
    expect(answer.results[0]!.row!.body).toBe('ONE\ntwo\nthree\nfour\nFIVE\nsix');
  });

  it('keeps both texts as a conflict record when the same lines were changed differently', async () => {
    const policy = randomUUID();
    await push(co, [insertPolicy(policy)]);
    const base = 'one\ntwo\nthree\nfour\nfive';
    const theirs = 'one\ntwo\nTHREE (device A)\nfour\nfive';
    const ours = 'one\ntwo\nthree, device B\nfour\nfive';
    await push(co, [update('policies', policy, { body: theirs }, { body: base })]);
    const mutation = update('policies', policy, { body: ours, owner: 'Security' }, { body: base, owner: 'CISO' });
    const answer = await push(co, [mutation]);
    expect(answer.results[0]!.status).toBe('conflict');
    expect(answer.results[0]!.row).toMatchObject({ body: theirs, owner: 'Security' }); // other fields still applied
    const conflict = await stack.admin.query(`select * from policy_conflicts where id = $1`, [answer.results[0]!.conflict_id]);
    expect(conflict.rows[0]).toMatchObject({
      policy_id: policy,
      mutation_id: mutation.id,
      base_body: base,
      ours_body: ours,
      theirs_body: theirs,
      resolved_at: null,
    });
    // Every device learns of the conflict through pull.
    const { data } = await viewer.rpc('pull', { p_org_id: org.id, p_cursor: null, p_limit: 5000, p_schema_version: 2 });
    const changes = (data as { changes: { table: string; id: string }[] }).changes;
    expect(changes.some((c) => c.table === 'policy_conflicts' && c.id === answer.results[0]!.conflict_id)).toBe(true);
  });

  it('sends an approved policy back to draft on a material change, not on a declared minor one', async () => {
    const policy = randomUUID();
    // Approved by the owner (approval is not the compliance officer's to push).
    await stack.admin.query(
      `insert into policies (id, org_id, title, body, status, approved_by, approved_at, version_major, version_minor)
       values ($1, $2, 'Access Control Policy', 'one\ntwo\nthree\nfour\nfive', 'approved', 'CEO', '2026-01-02T00:00:00Z', 1, 0)`,
      [policy, org.id],
    );
    const minor = await push(co, [
      update(
        'policies',
        policy,
        { body: 'one\ntwo\nthree\nfour\nfive.', version_minor: 1 },
        { body: 'one\ntwo\nthree\nfour\nfive', version_minor: 0 },
      ),
    ]);
    expect(minor.results[0]!.row).toMatchObject({ status: 'approved', approved_by: 'CEO' });
    const material = await push(co, [
      update('policies', policy, { body: 'something else entirely' }, { body: 'one\ntwo\nthree\nfour\nfive.' }),
    ]);
    expect(material.results[0]!.row).toMatchObject({ status: 'draft', approved_by: null, approved_at: null });
  });

  it('tombstones a record on delete, and pull hands the tombstone out', async () => {
    const policy = randomUUID();
    await push(co, [insertPolicy(policy)]);
    const answer = await push(co, [{ id: randomUUID(), table: 'policies', record_id: policy, op: 'delete', patch: {} }]);
    expect(answer.results[0]!.status).toBe('applied');
    expect(answer.results[0]!.row!.deleted_at).not.toBeNull();
    const { data } = await viewer.rpc('pull', { p_org_id: org.id, p_cursor: null, p_limit: 5000, p_schema_version: 2 });
    const changes = (data as { changes: { table: string; id: string; op: string }[] }).changes;
    expect(changes.filter((c) => c.id === policy).map((c) => c.op)).toEqual(['insert', 'delete']);
  });
});

describe('versions and membership', () => {
  it('tells a client whose schema is too old to update, and applies nothing', async () => {
    const policy = randomUUID();
    const answer = await push(co, [insertPolicy(policy)], 1);
    expect(answer).toMatchObject({ status: 'update_required', min_client_schema_version: 2 });
    expect(answer.message).toMatch(/^update required/);
    expect(await snapshot('policies', [policy])).toEqual([]);
    const { data } = await co.rpc('pull', { p_org_id: org.id, p_cursor: null, p_schema_version: 1 });
    expect(data).toMatchObject({ status: 'update_required' });
    const info = await co.rpc('sync_info');
    expect(info.data).toEqual({ server_schema_version: 2, min_client_schema_version: 2 });
  });

  it("gives a newly added member the org's whole history, and tells a removed member to purge", async () => {
    const email = `newcomer-${randomUUID().slice(0, 8)}@push.example`;
    const userId = await stack.createUser(email, 'newcomer-password');
    const newcomer = await stack.client({ email, password: 'newcomer-password' });
    const before = await newcomer.rpc('pull', { p_org_id: org.id, p_cursor: null, p_schema_version: 2 });
    expect(before.data).toMatchObject({ status: 'purge' });

    const admin = await stack.client(org.users.admin);
    await stack.admin.query(`insert into memberships (org_id, user_id, role) values ($1, $2, 'viewer')`, [org.id, userId]);
    let cursor: string | null = null;
    let total = 0;
    for (;;) {
      const { data } = await newcomer.rpc('pull', { p_org_id: org.id, p_cursor: cursor, p_limit: 100, p_schema_version: 2 });
      const page = data as { status: string; changes: unknown[]; cursor: string; has_more: boolean; role: string };
      expect(page.status).toBe('ok');
      expect(page.role).toBe('viewer');
      total += page.changes.length;
      cursor = page.cursor;
      if (!page.has_more) break;
    }
    const all = await changeCount();
    expect(total).toBe(all);

    // A viewer may not remove anyone; an admin may.
    const refused = await viewer.rpc('remove_member', { p_org_id: org.id, p_user_id: userId });
    expect(refused.status).toBe(403);
    const removed = await admin.rpc('remove_member', { p_org_id: org.id, p_user_id: userId });
    expect(removed.error).toBeNull();
    const after = await newcomer.rpc('pull', { p_org_id: org.id, p_cursor: cursor, p_schema_version: 2 });
    expect(after.data).toMatchObject({ status: 'purge' });
    const pushAfter = await newcomer.rpc('push', { p_org_id: org.id, p_mutations: [], p_schema_version: 2 });
    expect(pushAfter.data).toMatchObject({ status: 'purge' });
  });

  it('refuses pushes from a revoked device', async () => {
    const { data: deviceId, error } = await co.rpc('register_device', {
      p_org_id: org.id,
      p_public_key: 'MCowBQYDK2VwAyEA'.padEnd(60, 'A'),
      p_name: 'laptop',
    });
    expect(error).toBeNull();
    const ok = await co.rpc('push', { p_org_id: org.id, p_mutations: [], p_schema_version: 2, p_device_id: deviceId });
    expect(ok.data).toMatchObject({ status: 'ok' });
    await stack.admin.query(`update devices set revoked_at = now() where id = $1`, [deviceId]);
    const refused = await co.rpc('push', {
      p_org_id: org.id,
      p_mutations: [insertPolicy(randomUUID())],
      p_schema_version: 2,
      p_device_id: deviceId,
    });
    expect(refused.data).toMatchObject({ status: 'device_revoked' });
  });
});

describe('shared control implementations', () => {
  it('two devices that each made the same implementation offline end with one record holding both edits', async () => {
    const id = implementationId(org.id, 'catalog:nist special publication 800-53 revision 5.1.1', 'ac-2');
    const made = (patch: Record<string, unknown>): Mutation => ({
      id: randomUUID(),
      table: 'control_implementations',
      record_id: id,
      op: 'insert',
      patch: { catalog_source: 'catalog:nist special publication 800-53 revision 5.1.1', control_key: 'ac-2', ...patch },
    });
    const first = await push(co, [made({ status: 'implemented', owner: 'Dana' })]);
    expect(first.results[0]).toMatchObject({ status: 'applied' });
    // The second device's insert of the same key finds the record and merges into it.
    const second = await push(co, [made({ param_values: '{"ac-02_odp.01":"manager approval"}' })]);
    expect(second.results[0]!.status).not.toBe('rejected');
    const rows = await stack.admin.query(
      `select status, owner, param_values from control_implementations where org_id = $1 and control_key = 'ac-2'`,
      [org.id],
    );
    expect(rows.rows).toEqual([{ status: 'implemented', owner: 'Dana', param_values: '{"ac-02_odp.01":"manager approval"}' }]);
    // A viewer may not write it.
    const refused = await push(viewer, [update('control_implementations', id, { notes: 'x' }, { notes: '' })]);
    expect(refused.results[0]).toMatchObject({ status: 'rejected', reason: 'forbidden' });
  });
});
