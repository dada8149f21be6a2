// The server's refusals must not refuse what the app itself does: a policy's whole life as the
// services record it (create, review, approval by an admin, publication, a minor fix, a
// material edit), each step's outbox entries pushed as the person who made it, all apply, and
// the server ends where the replica is, with its own approver and times.
import path from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/core/db/database';
import { createPoliciesService, type PoliciesService } from '../../../src-main/core/policies/policies-service';
import { seedOrg, type SeededOrg } from '../../support/seed.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { push, type Mutation } from './server-rules-push.ts';

let stack: Stack;
let org: SeededOrg;
let co: SupabaseClient;
let admin: SupabaseClient;
let dir: ReturnType<typeof tempDir>;
let db: Db;
let policies: PoliciesService;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Flow Co');
  co = await stack.client(org.users.compliance_officer);
  admin = await stack.client(org.users.admin);
  dir = tempDir();
  db = openDatabase(path.join(dir.path, 'replica.sqlite3'));
  policies = createPoliciesService({ db, orgId: org.id, now: () => new Date().toISOString() });
});

afterAll(async () => {
  db?.close();
  dir?.remove();
  await stack?.stop();
});

interface OutboxRow {
  seq: number;
  mutation_id: string;
  table_name: string;
  record_id: string;
  op: Mutation['op'];
  patch: string;
  base: string | null;
}

/** Pushes what the outbox holds as this client, in order, and empties it; answers the statuses. */
async function sync(client: SupabaseClient): Promise<string[]> {
  const rows = db.prepare('SELECT * FROM outbox ORDER BY seq').all() as OutboxRow[];
  const mutations = rows.map((r) => ({
    id: r.mutation_id,
    table: r.table_name,
    record_id: r.record_id,
    op: r.op,
    patch: JSON.parse(r.patch) as Record<string, unknown>,
    base: r.base === null ? {} : (JSON.parse(r.base) as Record<string, unknown>),
  }));
  const answers = await push(client, org.id, mutations);
  db.prepare('DELETE FROM outbox').run();
  return answers.map((a) => (a.status === 'rejected' ? `${a.reason}: ${a.message}` : a.status));
}

// 'merged' is written too: this replica does not take the server's rows back (the engine does),
// so its base for an approval time is its own clock's, not the server's.
const refused = (status: string) => status !== 'applied' && status !== 'merged';

const server = async (id: string) => (await stack.admin.query(`select * from policies where id = $1`, [id])).rows[0]!;

describe("the app's own policy workflow passes the server's rules", () => {
  it('applies every step when each is pushed by the person who took it', async () => {
    const coId = org.users.compliance_officer.id;
    const adminId = org.users.admin.id;
    const body = 'Access is granted on a need-to-know basis.\n\nReviews happen quarterly.';

    const created = policies.create({ title: 'Access Control Policy', body, owner: 'CISO', nextReviewDate: null }, coId);
    policies.submitForReview(created.id, coId);
    expect((await sync(co)).filter(refused)).toEqual([]);

    policies.approve(created.id, adminId, 'Fine by me');
    policies.publish(created.id, adminId);
    expect((await sync(admin)).filter(refused)).toEqual([]);
    const published = await server(created.id);
    expect(published).toMatchObject({ status: 'published', approved_by: adminId, edited_by: coId });

    policies.update({ id: created.id, body: body.replace('quarterly', 'every quarter'), minor: true }, coId);
    expect((await sync(co)).filter(refused)).toEqual([]);
    expect(await server(created.id)).toMatchObject({ status: 'published', approved_by: adminId, version_minor: 1 });

    policies.update({ id: created.id, body: 'Everyone may access everything.', minor: false }, coId);
    expect((await sync(co)).filter(refused)).toEqual([]);
    const local = policies.get(created.id);
    const after = await server(created.id);
    expect(after).toMatchObject({ status: 'draft', approved_by: null, body: local.body, version_major: local.versionMajor });
    const revisions = await stack.admin.query(
      `select approved_by, published_at is not null as published from policy_revisions where policy_id = $1 order by created_at, version_minor`,
      [created.id],
    );
    // The first (approved, published) text and its minor fix carry the admin's approval; the rewrite none.
    expect(revisions.rows).toEqual([
      { approved_by: adminId, published: true },
      { approved_by: adminId, published: true },
      { approved_by: null, published: false },
    ]);
  });

  it("refuses the admin's approval of a text they rewrote themselves, as pushed by the app", async () => {
    const adminId = org.users.admin.id;
    const created = policies.create({ title: 'Backup Policy', body: 'Daily.', owner: '', nextReviewDate: null }, adminId);
    policies.submitForReview(created.id, adminId);
    policies.approve(created.id, adminId, null);
    const answers = await sync(admin);
    expect(answers.slice(0, 3).filter(refused)).toEqual([]);
    expect(answers.slice(3).every((s) => s.startsWith('forbidden: you made the last material edit'))).toBe(true);
    expect(await server(created.id)).toMatchObject({ status: 'in_review', approved_by: null });
  });
});
