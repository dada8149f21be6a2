// Push's fast path for runs of plain inserts (20260101001620) gives the same answers, per
// mutation, as applying each mutation on its own (private.push_one, the path push always took):
// a fast-check property over generated batches on PostgreSQL 15, each batch sent both ways from
// the same data (two transactions, both rolled back), comparing the answers, the ledger, the
// rows and the change log. Plus a table of what sends a run back to the one-by-one path.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asCaller, fromPg, type Caller, type Db } from '../../support/db.ts';
import { seedOrg, type SeededOrg } from '../../support/seed.ts';
import { startStack, type Stack } from '../../support/stack.ts';

type Json = Record<string, unknown>;
interface Mutation {
  id: string;
  table: string;
  record_id: string;
  op: string;
  patch: unknown;
  base?: unknown;
}

let stack: Stack;
let org: SeededOrg;
let other: SeededOrg;
let client: pg.Client;
let db: Db;
let co: Caller;
let frameworkId: string;
const policies: string[] = [];
const controls: string[] = [];
let foreignPolicy: string;
let sentBefore: Mutation;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Fast Path Co');
  other = await seedOrg(stack, 'Other Co');
  client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  db = fromPg(client);
  co = { kind: 'user', id: org.users.compliance_officer.id };
  frameworkId = randomUUID();
  await stack.admin.query(`insert into frameworks (id, org_id, title, source_uuid) values ($1, $2, 'NIST', $3)`, [
    frameworkId,
    org.id,
    randomUUID(),
  ]);
  for (let i = 0; i < 3; i++) {
    policies.push(randomUUID());
    controls.push(randomUUID());
    await stack.admin.query(`insert into policies (id, org_id, title, body) values ($1, $2, $3, 'Text')`, [
      policies[i],
      org.id,
      `Policy ${i}`,
    ]);
    await stack.admin.query(`insert into controls (id, org_id, framework_id, control_key) values ($1, $2, $3, $4)`, [
      controls[i],
      org.id,
      frameworkId,
      `ac-${i}`,
    ]);
  }
  foreignPolicy = randomUUID();
  await stack.admin.query(`insert into policies (id, org_id, title) values ($1, $2, 'Theirs')`, [foreignPolicy, other.id]);
  // A mutation already answered for good: a resend of it must get that answer again.
  sentBefore = insertOf('policies', { title: 'Sent before', body: 'Once' });
  await asCaller(db, co, (tx) => pushFast(tx, [sentBefore]), { commit: true });
});

afterAll(async () => {
  await client?.end();
  await stack?.stop();
});

function insertOf(table: string, patch: unknown, recordId: string = randomUUID()): Mutation {
  return { id: randomUUID(), table, record_id: recordId, op: 'insert', patch, base: null };
}

async function pushFast(tx: Db, mutations: Mutation[]): Promise<Json[]> {
  const { rows } = await tx.query<{ answer: { status: string; results: Json[] } }>(
    `select public.push($1, $2::jsonb, 2, null) as answer`,
    [org.id, JSON.stringify(mutations)],
  );
  expect(rows[0]!.answer.status).toBe('ok');
  return rows[0]!.answer.results;
}

async function pushOneByOne(tx: Db, mutations: Mutation[]): Promise<Json[]> {
  const answers: Json[] = [];
  for (const m of mutations) {
    const { rows } = await tx.query<{ answer: Json }>(`select private.push_one($1, null, $2::jsonb) as answer`, [
      org.id,
      JSON.stringify(m),
    ]);
    answers.push(rows[0]!.answer);
  }
  return answers;
}

// Server clocks differ between the two transactions; everything else must be equal.
const CLOCKS = new Set(['created_at', 'updated_at', 'approved_at', 'deleted_at', 'changed_at', 'at']);
function normalized(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalized);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Json).map(([k, v]) => [k, CLOCKS.has(k) && v !== null ? '<time>' : normalized(v)]),
    );
  return value;
}

/** Everything a batch leaves behind for the org: ledger answers, rows, change log. */
async function outcome(tx: Db, mutations: Mutation[], answers: Json[]) {
  const ledger = await tx.query(
    `select id, answer from sync_mutations where user_id = $1 and id = any ($2::uuid[]) order by id`,
    [co.kind === 'user' ? co.id : null, mutations.map((m) => m.id).filter((id) => /^[0-9a-f-]{36}$/.test(id))],
  );
  const rows = await tx.query(
    `select 'policies' as t, to_jsonb(p) as row from policies p where org_id = $1
     union all select 'controls', to_jsonb(c) from controls c where org_id = $1
     union all select 'policy_controls', to_jsonb(l) from policy_controls l where org_id = $1
     order by 1, 2`,
    [org.id],
  );
  const log = await tx.query(
    `select table_name, record_id, op, row_version, row from sync_changes where org_id = $1 and txid = pg_current_xact_id()
     order by seq`,
    [org.id],
  );
  return normalized({ answers, ledger: ledger.rows, rows: rows.rows, log: log.rows });
}

async function bothWays(mutations: Mutation[]) {
  const fast = await asCaller(db, co, async (tx) => outcome(tx, mutations, await pushFast(tx, mutations)));
  const slow = await asCaller(db, co, async (tx) => outcome(tx, mutations, await pushOneByOne(tx, mutations)));
  return { fast, slow };
}

// Generated batches: runs of inserts into a few tables, some plain, some with what the slow
// path must decide (an existing record, another org's id, a repeat, a resend, a bad reference,
// an unknown field, a refused approval, a link pair that already exists under another id).
const policyPatch = fc.oneof(
  fc.record({ title: fc.string({ maxLength: 12 }), body: fc.string({ maxLength: 20 }) }),
  fc.record({ title: fc.string({ maxLength: 12 }) }),
  fc.record({ title: fc.string({ maxLength: 12 }), status: fc.constantFrom('draft', 'in_review', 'published') }),
);
const plain = fc.oneof(
  policyPatch.map((p) => () => insertOf('policies', p)),
  fc.nat().map((n) => () => insertOf('controls', { framework_id: frameworkId, control_key: `g-${n}-${randomUUID()}` })),
  fc.tuple(fc.nat({ max: 2 }), fc.nat({ max: 2 })).map(
    ([p, c]) =>
      () =>
        insertOf('policy_controls', { policy_id: policies[p], control_id: controls[c] }),
  ),
);
const odd = fc.constantFrom(
  'existing',
  'foreign',
  'resend',
  'repeat-record',
  'missing-parent',
  'unknown-field',
  'update',
  'bad-patch',
  'duplicate-key',
);
const step = fc.oneof(
  { weight: 5, arbitrary: plain.map((make) => ({ make })) },
  { weight: 1, arbitrary: odd.map((odd) => ({ odd })) },
);

function build(steps: ({ make: () => Mutation } | { odd: string })[]): Mutation[] {
  const out: Mutation[] = [];
  for (const s of steps) {
    if ('make' in s) {
      out.push(s.make());
      continue;
    }
    const last = out.at(-1);
    switch (s.odd) {
      case 'existing':
        out.push(insertOf('policies', { title: 'Again' }, policies[0]));
        break;
      case 'foreign':
        out.push(insertOf('policies', { title: 'Mine now' }, foreignPolicy));
        break;
      case 'resend':
        out.push(sentBefore);
        break;
      case 'repeat-record':
        out.push(last ? { ...insertOf(last.table, last.patch, last.record_id) } : insertOf('policies', { title: 'x' }));
        break;
      case 'missing-parent':
        out.push(insertOf('controls', { framework_id: randomUUID(), control_key: `m-${randomUUID()}` }));
        break;
      case 'unknown-field':
        out.push(insertOf('policies', { title: 'x', no_such_field: 1 }));
        break;
      case 'update':
        out.push({
          id: randomUUID(),
          table: 'policies',
          record_id: policies[1]!,
          op: 'update',
          patch: { title: 'Edited' },
          base: {},
        });
        break;
      case 'bad-patch':
        out.push(insertOf('policies', 'not an object'));
        break;
      case 'duplicate-key':
        out.push(insertOf('controls', { framework_id: frameworkId, control_key: 'ac-2' }));
        break;
    }
  }
  return out;
}

describe('push fast path', () => {
  it('answers every generated batch exactly as one mutation at a time, and leaves the same rows, ledger and change log', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        const mutations = build(steps);
        const { fast, slow } = await bothWays(mutations);
        expect(fast).toEqual(slow);
      }),
      { numRuns: 40 },
    );
  });

  it('takes a run of plain inserts whole, in one statement, and a resend of it gets the same answers', async () => {
    const batch = Array.from({ length: 50 }, (_, i) => insertOf('policies', { title: `Run ${i}`, body: 'B' }));
    const taken = await asCaller(db, co, async (tx) => {
      const { rows } = await tx.query<{ answers: Json[] | null }>(
        `select private.push_insert_run($1, null, 'policies', '{body,title}', $2::jsonb) as answers`,
        [org.id, JSON.stringify(batch)],
      );
      return rows[0]!.answers;
    });
    expect(taken).toHaveLength(50);
    expect(taken!.map((a) => [a.id, a.status, (a.row as Json).title])).toEqual(
      batch.map((m, i) => [m.id, 'applied', `Run ${i}`]),
    );
    const first = await asCaller(db, co, (tx) => pushFast(tx, batch), { commit: true });
    const again = await asCaller(db, co, (tx) => pushFast(tx, batch));
    expect(again).toEqual(first);
    expect(first.every((a) => a.status === 'applied')).toBe(true);
  });

  it.each([
    ['a record already there', () => [insertOf('policies', { title: 'a' }), insertOf('policies', { title: 'b' }, policies[2])]],
    [
      'a record id twice',
      () => {
        const m = insertOf('policies', { title: 'a' });
        return [m, { ...insertOf('policies', { title: 'b' }, m.record_id) }];
      },
    ],
    ['a mutation sent before', () => [insertOf('policies', { title: 'a' }), { ...sentBefore, patch: { title: 'Sent before' } }]],
    [
      'a parent that is missing',
      () => [
        insertOf('controls', { framework_id: frameworkId, control_key: `k-${randomUUID()}` }),
        insertOf('controls', { framework_id: randomUUID(), control_key: `k-${randomUUID()}` }),
      ],
    ],
    [
      'another org’s record id',
      () => [insertOf('policies', { title: 'a' }), insertOf('policies', { title: 'b' }, foreignPolicy)],
    ],
    [
      'an approval the caller may not give',
      () => [insertOf('policies', { title: 'a', status: 'draft' }), insertOf('policies', { title: 'b', status: 'published' })],
    ],
  ])('sends the run back to one at a time, having changed nothing, for %s', async (_what, make) => {
    const run = make() as Mutation[];
    const keys = [...new Set(run.flatMap((m) => Object.keys(m.patch as Json)))].sort();
    const left = await asCaller(db, co, async (tx) => {
      const { rows } = await tx.query<{ answers: unknown }>(
        `select private.push_insert_run($1, null, $2, $3::text[], $4::jsonb) as answers`,
        [org.id, run[0]!.table, keys, JSON.stringify(run)],
      );
      const ledger = await tx.query(`select 1 from sync_mutations where id = any ($1::uuid[]) and answer is null`, [
        run.map((m) => m.id),
      ]);
      const changes = await tx.query(`select 1 from sync_changes where txid = pg_current_xact_id()`);
      return { answers: rows[0]!.answers, claimed: ledger.rowCount, logged: changes.rowCount };
    });
    expect(left).toEqual({ answers: null, claimed: 0, logged: 0 });
  });
});
