/**
 * Issue 8, item 4: a row valid on the server must always apply to the replica. Per synced
 * table, fast-check generates rows from the SERVER table's own columns (types, nullability,
 * the CHECKed value sets), PostgreSQL 15 with the real migrations takes or refuses each (only
 * the rows it takes count), `pull` (called as a member) returns them, and the real apply path
 * writes them into a real replica: every one applies, none is held, and each value comes back
 * to the server's representation (or to the replica's default where the server has null and
 * the replica does not allow it).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db as Replica } from '../../../src-main/core/db/database';
import { syncedTables } from '../../../src-main/core/db/migrations';
import { applyPage, type ServerChange } from '../../../src-main/core/sync/apply';
import { encodeValue, replicaColumns, sameInstant } from '../../../src-main/core/sync/codec';
import { SYNC_PROTOCOL_VERSION } from '../../../src-shared/sync/protocol';
import { asCaller, fromPg } from '../../support/db';
import { applyMigrations } from '../../support/migrations';
import { startPostgres, type PostgresServer } from '../../support/postgres';
import { tempDir } from '../../support/temp-dir';

let server: PostgresServer;
let client: pg.Client;
let replica: Replica;
let dir: ReturnType<typeof tempDir>;
let cursor: string | null = null;
const ORG = randomUUID();
const USER = randomUUID();

interface Column {
  name: string;
  type: string;
  nullable: boolean;
}
const serverColumns = new Map<string, Column[]>();
/** Foreign keys of each table: column → parent table. */
const parents = new Map<string, Map<string, string>>();

beforeAll(async () => {
  server = await startPostgres();
  client = new pg.Client({ connectionString: server.url });
  await client.connect();
  await applyMigrations(fromPg(client));
  await client.query(`insert into auth.users (id, email) values ($1, 'member@example.test')`, [USER]);
  await client.query(`insert into organizations (id, name) values ($1, 'Property Co')`, [ORG]);
  await client.query(`insert into memberships (org_id, user_id, role) values ($1, $2, 'owner')`, [ORG, USER]);
  const columns = await client.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
    `select table_name, column_name, data_type, is_nullable from information_schema.columns
     where table_schema = 'public' order by ordinal_position`,
  );
  for (const row of columns.rows) {
    const list = serverColumns.get(row.table_name) ?? [];
    list.push({ name: row.column_name, type: row.data_type, nullable: row.is_nullable === 'YES' });
    serverColumns.set(row.table_name, list);
  }
  const fks = await client.query<{ table_name: string; column_name: string; parent: string }>(
    `select kcu.table_name, kcu.column_name, ccu.table_name as parent
     from information_schema.table_constraints tc
     join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
     join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
     where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = 'public'`,
  );
  for (const row of fks.rows) {
    if (row.column_name === 'org_id') continue;
    const map = parents.get(row.table_name) ?? new Map<string, string>();
    map.set(row.column_name, row.parent);
    parents.set(row.table_name, map);
  }
  dir = tempDir();
  replica = openDatabase(`${dir.path}/replica.sqlite3`);
}, 120_000);

afterAll(async () => {
  replica?.close();
  dir?.remove();
  await client?.end();
  await server?.stop();
});

/** Value sets the server CHECKs (a value outside them is refused, so generating it tests nothing). */
const CHECKED: Record<string, Record<string, readonly string[]>> = {
  policies: { status: ['draft', 'in_review', 'approved', 'published'] },
  controls: { status: ['not_started', 'in_progress', 'implemented', 'not_applicable'] },
  control_implementations: { status: ['not_started', 'in_progress', 'implemented', 'not_applicable'] },
  audits: { status: ['planned', 'fieldwork', 'reporting', 'closed'] },
  audit_results: { result: ['pass', 'fail', 'not_tested', 'not_applicable'] },
  findings: { severity: ['low', 'medium', 'high', 'critical'], status: ['open', 'in_remediation', 'closed', 'accepted'] },
};
const SERVER_STAMPED = new Set(['id', 'org_id', 'row_version']);

const text = fc.string({ unit: 'grapheme', maxLength: 30 }).filter((s) => !s.includes('\u0000'));
const day = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true });
const timestamp = fc
  .tuple(day, fc.integer({ min: 0, max: 999 }))
  .map(([d, micros]) => `${d.toISOString().slice(0, 23)}${String(micros).padStart(3, '0')}+00:00`);

function valueOf(table: string, column: Column): fc.Arbitrary<unknown> {
  const checked = CHECKED[table]?.[column.name];
  let base: fc.Arbitrary<unknown>;
  if (checked) base = fc.constantFrom(...checked);
  else if (table === 'evidence' && column.name === 'sha256') base = fc.stringMatching(/^[0-9a-f]{64}$/);
  else if (table === 'evidence' && column.name === 'size_bytes') base = fc.integer({ min: 0, max: 2 ** 40 });
  else if (table === 'evidence' && column.name === 'renewal_days') base = fc.integer({ min: 1, max: 10_000 });
  else if (table === 'frameworks' && column.name === 'source_uuid') base = fc.uuid();
  // A device of the org or none (the server refuses a reference outside the org): none here.
  else if (table === 'evidence' && column.name === 'device_id') return fc.constant(null);
  else if (column.type === 'uuid') base = fc.uuid();
  else if (column.type === 'integer') base = fc.integer({ min: -100_000, max: 100_000 });
  else if (column.type === 'bigint') base = fc.integer({ min: 0, max: 2 ** 40 });
  else if (column.type === 'date') base = day.map((d) => d.toISOString().slice(0, 10));
  else if (column.type.startsWith('timestamp')) base = timestamp;
  else if (column.type === 'jsonb') base = fc.jsonValue({ maxDepth: 2 });
  else if (column.type === 'boolean') base = fc.boolean();
  else base = text;
  return column.nullable ? fc.option(base, { nil: null }) : base;
}

/** A fresh parent row (and its own parents) on the server; answers its id. */
async function makeParent(table: string): Promise<string> {
  const id = randomUUID();
  switch (table) {
    case 'controls': {
      const framework = await makeParent('frameworks');
      await client.query(`insert into controls (id, org_id, framework_id, control_key) values ($1, $2, $3, $4)`, [
        id,
        ORG,
        framework,
        `k-${id}`,
      ]);
      return id;
    }
    case 'policy_revisions': {
      const policy = await makeParent('policies');
      await client.query(`insert into policy_revisions (id, org_id, policy_id) values ($1, $2, $3)`, [id, ORG, policy]);
      return id;
    }
    case 'frameworks':
    case 'policies':
    case 'audits':
    case 'evidence':
      await client.query(`insert into ${table} (id, org_id) values ($1, $2)`, [id, ORG]);
      return id;
    default:
      throw new Error(`no recipe for a ${table} parent`);
  }
}

/** What pull hands out since the last call, as the member sees it. */
async function pullAll(): Promise<ServerChange[]> {
  const changes: ServerChange[] = [];
  for (;;) {
    const answer = await asCaller(fromPg(client), { kind: 'user', id: USER }, async (db) => {
      const { rows } = await db.query<{ pull: { status: string; changes: ServerChange[]; cursor: string; has_more: boolean } }>(
        `select public.pull($1, $2, 1000, $3) as pull`,
        [ORG, cursor, SYNC_PROTOCOL_VERSION],
      );
      return rows[0].pull;
    });
    expect(answer.status).toBe('ok');
    changes.push(...answer.changes);
    cursor = answer.cursor;
    if (!answer.has_more) return changes;
  }
}

const rowArbitrary = (table: string) => {
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const column of serverColumns.get(table) ?? []) {
    if (SERVER_STAMPED.has(column.name) || parents.get(table)?.has(column.name)) continue;
    shape[column.name] = valueOf(table, column);
  }
  const fkFlags: Record<string, fc.Arbitrary<boolean>> = {};
  for (const [column] of parents.get(table) ?? []) {
    const nullable = serverColumns.get(table)?.find((c) => c.name === column)?.nullable ?? false;
    fkFlags[column] = nullable ? fc.boolean() : fc.constant(true);
  }
  return fc.record({ values: fc.record(shape), withParent: fc.record(fkFlags) });
};

/** The server's value and the replica's, compared as the codec promises. */
function expectRoundTrip(table: string, serverRow: Record<string, unknown>, local: Record<string, unknown>) {
  for (const column of replicaColumns(replica, table)) {
    if (!(column.name in serverRow)) continue;
    const sent = serverRow[column.name];
    const kept = local[column.name];
    const what = `${table}.${column.name}: server ${JSON.stringify(sent)}, replica ${JSON.stringify(kept)}`;
    if (sent === null) {
      // The replica's stand-ins for a null it cannot hold (codec.ts says why each is safe).
      const standIn =
        kept === column.fallback ||
        (table === 'frameworks' && column.name === 'source_uuid' && kept === `server:${String(serverRow.id)}`) ||
        (table === 'audits' && column.name === 'window_end' && kept === (serverRow.window_start ?? ''));
      expect(kept === null || encodeValue(table, column.name, kept) === null || (column.notNull && standIn), what).toBe(true);
      continue;
    }
    const back = encodeValue(table, column.name, kept);
    if (typeof sent === 'string' && (column.name.endsWith('_at') || column.name === 'at'))
      expect(sameInstant(sent, back), what).toBe(true);
    else expect(back, what).toEqual(sent);
  }
}

describe('every row valid on the server applies to the replica and round-trips', () => {
  it.each(syncedTables.map((table) => ({ table })))('$table', async ({ table }) => {
    let taken = 0;
    await fc.assert(
      fc.asyncProperty(rowArbitrary(table), async ({ values, withParent }) => {
        const row: Record<string, unknown> = { ...values, id: randomUUID(), org_id: ORG };
        for (const [column, parent] of parents.get(table) ?? []) {
          row[column] = withParent[column] ? await makeParent(parent) : null;
        }
        const columns = Object.keys(row);
        try {
          await client.query(
            `insert into ${table} (${columns.map((c) => `"${c}"`).join(', ')})
             select ${columns.map((c) => `r."${c}"`).join(', ')} from jsonb_populate_record(null::public.${table}, $1) r`,
            [JSON.stringify(row)],
          );
        } catch (error) {
          // Refused by the server (a CHECK, a unique key): not a row the replica must take.
          if (/^2[23]/.test((error as { code?: string }).code ?? '')) return;
          throw error;
        }
        taken += 1;
        const changes = await pullAll();
        const report = applyPage(replica, changes, { now: new Date().toISOString() });
        expect(report.held, JSON.stringify(replica.prepare('SELECT table_name, reason FROM sync_held LIMIT 3').all())).toBe(0);
        const mine = changes.filter((c) => c.table === table && c.id === row.id).at(-1);
        expect(mine, 'pull returned the row').toBeDefined();
        const local = replica.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(row.id) as Record<string, unknown>;
        expect(local, 'the replica has the row').toBeDefined();
        expectRoundTrip(table, mine!.row, local);
      }),
      // The server refuses some generated rows (an audit window that ends before it starts): enough
      // runs that the rows it takes are many whatever the draw.
      { numRuns: 100 },
    );
    expect(taken, 'the server took enough generated rows to mean something').toBeGreaterThanOrEqual(30);
  });
});
