// Pull under concurrent writers: 8 connections write records in transactions that take their
// transaction id early and commit late, in random order, while one device pulls through
// supabase-js the whole time. Every change must arrive exactly once.
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asCaller, fromPg } from '../../support/db.ts';
import { seedOrg, type SeededOrg } from '../../support/seed.ts';
import { startStack, type Stack } from '../../support/stack.ts';

const WRITERS = 8;
const TRANSACTIONS_PER_WRITER = 25;
const PAGE = 40;

interface Change {
  table: string;
  id: string;
  op: string;
  row_version: number;
  row: Record<string, unknown>;
}
interface PullAnswer {
  status: string;
  changes: Change[];
  cursor: string;
  has_more: boolean;
}

let stack: Stack;
let org: SeededOrg;
let reader: SupabaseClient;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Concurrent Co');
  reader = await stack.client(org.users.viewer);
});

afterAll(async () => {
  await stack?.stop();
});

let tombstoneWrites = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function pull(cursor: string | null): Promise<PullAnswer> {
  const { data, error } = await reader.rpc('pull', { p_org_id: org.id, p_cursor: cursor, p_limit: PAGE, p_schema_version: 2 });
  if (error) throw error;
  return data as PullAnswer;
}

async function writer(index: number, frameworkId: string): Promise<void> {
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  const db = fromPg(client);
  const mine: string[] = [];
  try {
    for (let t = 0; t < TRANSACTIONS_PER_WRITER; t++) {
      await asCaller(
        db,
        { kind: 'user', id: org.users.compliance_officer.id },
        async (tx) => {
          // The first write takes the transaction id; the random pause makes transactions
          // commit in a different order than their ids (and their change-log seqs) were taken.
          const id = randomUUID();
          await tx.query(`insert into controls (id, org_id, framework_id, control_key, title) values ($1, $2, $3, $4, 'new')`, [
            id,
            org.id,
            frameworkId,
            `w${index}-${t}`,
          ]);
          mine.push(id);
          await sleep(Math.random() * 25);
          const other = mine[Math.floor(Math.random() * mine.length)]!;
          await tx.query(`update controls set notes = $2 where id = $1`, [other, `writer ${index} tx ${t}`]);
          if (Math.random() < 0.2) {
            await tx.query(`update controls set deleted_at = now() where id = $1`, [other]);
            tombstoneWrites++;
          }
          await sleep(Math.random() * 10);
        },
        { commit: true },
      );
    }
  } finally {
    await client.end();
  }
}

describe('pull with concurrent writers', () => {
  it('delivers every change exactly once, including tombstones, to a reader pulling throughout', async () => {
    const frameworkId = randomUUID();
    await stack.admin.query(`insert into frameworks (id, org_id, title) values ($1, $2, 'Catalog')`, [frameworkId, org.id]);

    const delivered: Change[] = [];
    let cursor: string | null = null;
    let writing = true;
    const writers = Array.from({ length: WRITERS }, (_, i) => writer(i, frameworkId));
    const done = Promise.all(writers).finally(() => (writing = false));
    let pulls = 0;
    while (writing) {
      const answer = await pull(cursor);
      expect(answer.status).toBe('ok');
      delivered.push(...answer.changes);
      cursor = answer.cursor;
      pulls++;
      if (!answer.has_more) await sleep(5);
    }
    await done;
    for (;;) {
      const answer = await pull(cursor);
      delivered.push(...answer.changes);
      cursor = answer.cursor;
      if (!answer.has_more && answer.changes.length === 0) break;
    }

    const expected = await stack.admin.query<{
      seq: string;
      table_name: string;
      record_id: string;
      row_version: string;
      op: string;
    }>(`select seq::text, table_name, record_id, row_version::text, op from sync_changes where org_id = $1 order by seq`, [
      org.id,
    ]);
    const key = (table: string, id: string, version: number | string) => `${table}/${id}/${version}`;
    const deliveredKeys = delivered.map((c) => key(c.table, c.id, c.row_version));
    expect(new Set(deliveredKeys).size).toBe(deliveredKeys.length); // nothing twice
    expect([...deliveredKeys].sort()).toEqual(expected.rows.map((r) => key(r.table_name, r.record_id, r.row_version)).sort()); // nothing missed
    expect(delivered.length).toBe(1 + WRITERS * TRANSACTIONS_PER_WRITER * 2 + tombstoneWrites);
    expect(delivered.some((c) => c.op === 'delete')).toBe(true);

    // The run did exercise late commits: some change arrived after one with a higher log
    // sequence, which a plain "seq > cursor" pull would have skipped for good.
    const seqOf = new Map(expected.rows.map((r) => [key(r.table_name, r.record_id, r.row_version), Number(r.seq)]));
    const seqs = deliveredKeys.map((k) => seqOf.get(k)!);
    const overtaken = seqs.filter((s, i) => seqs.slice(0, i).some((earlier) => earlier > s)).length;
    expect(overtaken).toBeGreaterThan(0);
    expect(pulls).toBeGreaterThan(1);

    // Applying the changes by row_version rebuilds exactly the server's rows.
    const replica = new Map<string, Change>();
    for (const c of delivered) {
      const current = replica.get(c.id);
      if (!current || current.row_version < c.row_version) replica.set(c.id, c);
    }
    const server = await stack.admin.query<{ id: string; notes: string | null; deleted_at: Date | null; row_version: string }>(
      `select id, notes, deleted_at, row_version::text from controls where org_id = $1`,
      [org.id],
    );
    expect(server.rows.length).toBe(WRITERS * TRANSACTIONS_PER_WRITER);
    for (const row of server.rows) {
      const local = replica.get(row.id)!;
      expect(local.row_version).toBe(Number(row.row_version));
      expect(local.row.notes).toBe(row.notes);
      expect(local.row.deleted_at === null).toBe(row.deleted_at === null);
    }
  });
});
