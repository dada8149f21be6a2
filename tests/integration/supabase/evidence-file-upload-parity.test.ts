// One rule for an auditor's evidence files in the app and on the server: the auditor may upload the
// file of evidence captured in an audit exactly when they may record fieldwork in it. The app's
// rule on a real replica (mayDoFieldwork, src-main/core/audits/assignments.ts) and the
// evidence-files insert policy on PostgreSQL 15 (private.is_evidence_file_in_assigned_audit,
// supabase/migrations/20260101001700_evidence_file_policies.sql) decide the same situations.
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/core/db/database';
import { mayDoFieldwork } from '../../../src-main/core/audits/assignments';
import { asCaller, createAuthUser, fromPg } from '../../support/db.ts';
import { applyMigrations } from '../../support/migrations.ts';
import { startPostgres, type PostgresServer } from '../../support/postgres.ts';
import { tempDir } from '../../support/temp-dir';

interface Case {
  name: string;
  assignedTo: 'me' | 'someone else' | null;
  assignmentDeleted?: boolean;
  auditStatus: 'planned' | 'fieldwork' | 'reporting' | 'closed';
  auditDeleted?: boolean;
  may: boolean;
}

const cases: Case[] = [
  { name: 'assigned, in fieldwork', assignedTo: 'me', auditStatus: 'fieldwork', may: true },
  { name: 'assigned, still planned', assignedTo: 'me', auditStatus: 'planned', may: true },
  { name: 'assigned, reporting', assignedTo: 'me', auditStatus: 'reporting', may: true },
  { name: 'assigned, audit closed', assignedTo: 'me', auditStatus: 'closed', may: false },
  { name: 'assigned, audit deleted', assignedTo: 'me', auditStatus: 'fieldwork', auditDeleted: true, may: false },
  { name: 'assignment withdrawn', assignedTo: 'me', assignmentDeleted: true, auditStatus: 'fieldwork', may: false },
  { name: 'assigned to another auditor', assignedTo: 'someone else', auditStatus: 'fieldwork', may: false },
  { name: 'not assigned at all', assignedTo: null, auditStatus: 'fieldwork', may: false },
];

const me = randomUUID();
const colleague = randomUUID();
const orgId = randomUUID();
const AT = '2026-02-01T10:00:00.000Z';
let server: PostgresServer;
let client: pg.Client;
const dir = tempDir();

beforeAll(async () => {
  server = await startPostgres();
  client = new pg.Client({ connectionString: server.url });
  await client.connect();
  await applyMigrations(fromPg(client));
  await client.query(`insert into organizations (id, name) values ($1, 'Parity Co')`, [orgId]);
  for (const [id, email] of [
    [me, 'me@files-parity.example'],
    [colleague, 'colleague@files-parity.example'],
  ]) {
    await createAuthUser(fromPg(client), id, email);
    await client.query(`insert into memberships (org_id, user_id, role) values ($1, $2, 'auditor')`, [orgId, id]);
  }
});

afterAll(async () => {
  await client?.end();
  await server?.stop();
  dir.remove();
});

const userOf = (c: Case) => (c.assignedTo === 'me' ? me : colleague);

function appDecides(c: Case, auditId: string): boolean {
  const db = openDatabase(path.join(dir.path, `${randomUUID()}.sqlite3`));
  try {
    db.prepare(
      `INSERT INTO audits (id, org_id, title, window_start, window_end, status, created_at, updated_at, updated_by, deleted_at)
       VALUES (?, ?, 'Audit', '2026-01-01', '2026-03-31', ?, ?, ?, 'seed', ?)`,
    ).run(auditId, orgId, c.auditStatus, AT, AT, c.auditDeleted ? AT : null);
    if (c.assignedTo) {
      db.prepare(
        `INSERT INTO audit_assignments (id, org_id, audit_id, user_id, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(randomUUID(), orgId, auditId, userOf(c), AT, AT, c.assignmentDeleted ? AT : null);
    }
    return mayDoFieldwork(db, me, auditId);
  } finally {
    db.close();
  }
}

/** The server: evidence captured in the audit names a hash; may I write the object of that name? */
async function serverDecides(c: Case, auditId: string): Promise<boolean> {
  const sha256 = createHash('sha256').update(auditId).digest('hex');
  await client.query(`insert into audits (id, org_id, title, status, deleted_at) values ($1, $2, 'Audit', $3, $4)`, [
    auditId,
    orgId,
    c.auditStatus,
    c.auditDeleted ? AT : null,
  ]);
  if (c.assignedTo) {
    await client.query(`insert into audit_assignments (org_id, audit_id, user_id, deleted_at) values ($1, $2, $3, $4)`, [
      orgId,
      auditId,
      userOf(c),
      c.assignmentDeleted ? AT : null,
    ]);
  }
  await client.query(`insert into evidence (id, org_id, title, sha256, audit_id) values ($1, $2, 'Screenshot', $3, $4)`, [
    randomUUID(),
    orgId,
    sha256,
    auditId,
  ]);
  try {
    await asCaller(
      fromPg(client),
      { kind: 'user', id: me },
      (db) =>
        db.query(`insert into storage.objects (bucket_id, name, owner) values ('evidence-files', $1, $2)`, [
          `${orgId}/${sha256}`,
          me,
        ]),
      { commit: true },
    );
    return true;
  } catch (error) {
    expect((error as { code: string }).code).toBe('42501');
    return false;
  }
}

describe("an auditor's evidence files by assignment: the app and the server agree", () => {
  it('has cases both ways', () => {
    expect(cases.some((c) => c.may)).toBe(true);
    expect(cases.some((c) => !c.may)).toBe(true);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const auditId = randomUUID();
    expect({ app: appDecides(c, auditId), server: await serverDecides(c, auditId) }).toEqual({ app: c.may, server: c.may });
  });
});
