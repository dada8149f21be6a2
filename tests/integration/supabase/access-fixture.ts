// The access matrix: one org (A) with a member in every role and one row in every table, an
// outsider who owns org B, and the expected answer for every table × operation × caller.
// Both the Postgres 15 and the PGlite test files assert every cell of it.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { asCaller, createAuthUser, type Caller, type Db } from '../../support/db.ts';

export const ROLES = ['owner', 'admin', 'compliance_officer', 'auditor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export type Actor = 'anon' | Role | 'outsider';
export const ACTORS: Actor[] = ['anon', ...ROLES, 'outsider'];
export type Op = 'select' | 'insert' | 'update' | 'delete' | 'move';
export const OPS: Op[] = ['select', 'insert', 'update', 'delete', 'move'];

const MEMBERS: Actor[] = [...ROLES];
const LIBRARY: Actor[] = ['owner', 'admin', 'compliance_officer'];
const MANAGERS: Actor[] = ['owner', 'admin'];
const EVIDENCE: Actor[] = ['owner', 'admin', 'compliance_officer', 'auditor'];
const FIELDWORK: Actor[] = ['owner', 'admin', 'auditor'];
const NOBODY: Actor[] = [];

/** Who may do what, per table. Every table in `public` must appear here (the catalog test checks). */
export const EXPECTED: Record<string, Record<Op, Actor[]>> = {
  organizations: { select: MEMBERS, insert: NOBODY, update: MANAGERS, delete: NOBODY, move: NOBODY },
  memberships: { select: MEMBERS, insert: MANAGERS, update: MANAGERS, delete: MANAGERS, move: NOBODY },
  devices: { select: MEMBERS, insert: MEMBERS, update: MANAGERS, delete: NOBODY, move: NOBODY },
  frameworks: { select: MEMBERS, insert: LIBRARY, update: LIBRARY, delete: NOBODY, move: NOBODY },
  controls: { select: MEMBERS, insert: LIBRARY, update: LIBRARY, delete: NOBODY, move: NOBODY },
  control_implementations: { select: MEMBERS, insert: LIBRARY, update: LIBRARY, delete: NOBODY, move: NOBODY },
  policies: { select: MEMBERS, insert: LIBRARY, update: LIBRARY, delete: NOBODY, move: NOBODY },
  policy_revisions: { select: MEMBERS, insert: LIBRARY, update: LIBRARY, delete: NOBODY, move: NOBODY },
  policy_controls: { select: MEMBERS, insert: LIBRARY, update: LIBRARY, delete: NOBODY, move: NOBODY },
  policy_conflicts: { select: MEMBERS, insert: LIBRARY, update: LIBRARY, delete: NOBODY, move: NOBODY },
  evidence: { select: MEMBERS, insert: EVIDENCE, update: EVIDENCE, delete: NOBODY, move: NOBODY },
  evidence_controls: { select: MEMBERS, insert: EVIDENCE, update: EVIDENCE, delete: NOBODY, move: NOBODY },
  audits: { select: MEMBERS, insert: MANAGERS, update: MANAGERS, delete: NOBODY, move: NOBODY },
  audit_scope: { select: MEMBERS, insert: MANAGERS, update: MANAGERS, delete: NOBODY, move: NOBODY },
  audit_assignments: { select: MEMBERS, insert: MANAGERS, update: MANAGERS, delete: NOBODY, move: NOBODY },
  audit_results: { select: MEMBERS, insert: FIELDWORK, update: FIELDWORK, delete: NOBODY, move: NOBODY },
  findings: { select: MEMBERS, insert: FIELDWORK, update: FIELDWORK, delete: NOBODY, move: NOBODY },
  audit_events: { select: MEMBERS, insert: EVIDENCE, update: NOBODY, delete: NOBODY, move: NOBODY },
  sync_changes: { select: MEMBERS, insert: NOBODY, update: NOBODY, delete: NOBODY, move: NOBODY },
  // The fixture's mutation row is the owner's: each user sees only their own; only push writes.
  sync_mutations: { select: ['owner'], insert: NOBODY, update: NOBODY, delete: NOBODY, move: NOBODY },
  // The fixture report is the viewer's device's: its user and the org's owners and admins read
  // it, only its user writes it; each member reports their own device (the insert cell).
  device_reports: { select: ['owner', 'admin', 'viewer'], insert: MEMBERS, update: ['viewer'], delete: NOBODY, move: NOBODY },
};

export interface World {
  orgA: string;
  orgB: string;
  users: Record<Exclude<Actor, 'anon'>, string>;
  /** the fixture row of each table, in org A (organizations: org A itself). */
  rows: Record<string, string>;
  ids: { framework: string; control: string; control2: string; policy: string; audit: string; evidence: string };
  /** Each user's enrolled device (the outsider's is in org B): audit events carry the device that recorded them. */
  devices: Record<Exclude<Actor, 'anon'>, string>;
}

const uuid = () => randomUUID();

/** Seeds org A and B as the superuser (bypassing RLS), the way a test arranges its world. */
export async function seedWorld(db: Db): Promise<World> {
  const users = Object.fromEntries([...ROLES, 'outsider'].map((r) => [r, uuid()])) as World['users'];
  for (const [role, id] of Object.entries(users)) await createAuthUser(db, id, `${role}-${id.slice(0, 8)}@a.example`);
  const orgA = uuid();
  const orgB = uuid();
  await db.query(`insert into organizations (id, name) values ($1, 'Org A'), ($2, 'Org B')`, [orgA, orgB]);
  for (const role of ROLES) {
    await db.query(`insert into memberships (org_id, user_id, role) values ($1, $2, $3)`, [orgA, users[role], role]);
  }
  await db.query(`insert into memberships (org_id, user_id, role) values ($1, $2, 'owner')`, [orgB, users.outsider]);
  // A's owner also administers B: so "move a row to B" is refused by the rule itself, not
  // merely because the caller has no rights in B.
  await db.query(`insert into memberships (org_id, user_id, role) values ($1, $2, 'admin')`, [orgB, users.owner]);

  const devices = Object.fromEntries(Object.keys(users).map((r) => [r, uuid()])) as World['devices'];
  for (const [role, id] of Object.entries(devices)) {
    await db.query(`insert into devices (id, org_id, user_id, public_key) values ($1, $2, $3, $4)`, [
      id,
      role === 'outsider' ? orgB : orgA,
      users[role as keyof typeof users],
      'MCowBQYDK2VwAyEA' + 'B'.repeat(44),
    ]);
  }

  const ids = {
    framework: uuid(),
    control: uuid(),
    control2: uuid(),
    policy: uuid(),
    audit: uuid(),
    evidence: uuid(),
  };
  const rows: Record<string, string> = { organizations: orgA };
  const ins = async (table: string, values: Record<string, unknown>) => {
    const id = (values.id as string | undefined) ?? uuid();
    const cols = Object.keys({ ...values, id, org_id: orgA });
    const all = { ...values, id, org_id: orgA } as Record<string, unknown>;
    await db.query(
      `insert into ${table} (${cols.join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
      cols.map((c) => all[c]),
    );
    return id;
  };
  rows.frameworks = await ins('frameworks', { id: ids.framework, title: 'NIST SP 800-53 LOW' });
  rows.controls = await ins('controls', { id: ids.control, framework_id: ids.framework, control_key: 'ac-1' });
  await ins('controls', { id: ids.control2, framework_id: ids.framework, control_key: 'ac-2' });
  rows.control_implementations = await ins('control_implementations', {
    catalog_source: 'catalog:nist sp 800-53',
    control_key: 'ac-1',
    status: 'implemented',
  });
  rows.policies = await ins('policies', { id: ids.policy, title: 'Access Control Policy', body: 'one\ntwo' });
  rows.policy_revisions = await ins('policy_revisions', { policy_id: ids.policy, body: 'one\ntwo' });
  rows.policy_controls = await ins('policy_controls', { policy_id: ids.policy, control_id: ids.control });
  rows.policy_conflicts = await ins('policy_conflicts', {
    policy_id: ids.policy,
    mutation_id: uuid(),
    base_body: 'a',
    ours_body: 'b',
    theirs_body: 'c',
  });
  rows.audits = await ins('audits', { id: ids.audit, title: 'SOC 2 2026', status: 'fieldwork' });
  rows.audit_scope = await ins('audit_scope', { audit_id: ids.audit, control_id: ids.control });
  rows.audit_assignments = await ins('audit_assignments', { audit_id: ids.audit, user_id: users.auditor });
  rows.evidence = await ins('evidence', { id: ids.evidence, title: 'MFA screenshot', audit_id: ids.audit });
  rows.evidence_controls = await ins('evidence_controls', { evidence_id: ids.evidence, control_id: ids.control });
  rows.audit_results = await ins('audit_results', { audit_id: ids.audit, control_id: ids.control, result: 'pass' });
  rows.findings = await ins('findings', { audit_id: ids.audit, control_id: ids.control, title: 'No MFA on VPN' });
  rows.audit_events = await ins('audit_events', {
    record_table: 'policies',
    record_id: ids.policy,
    actor: users.owner,
    at: new Date().toISOString(),
    action: 'create',
    hash: 'a'.repeat(64),
  });
  rows.devices = uuid();
  await db.query(`insert into devices (id, org_id, user_id, public_key) values ($1, $2, $3, $4)`, [
    rows.devices,
    orgA,
    users.viewer,
    'MCowBQYDK2VwAyEA' + 'A'.repeat(44),
  ]);
  rows.device_reports = rows.devices;
  await db.query(`insert into device_reports (id, org_id, user_id, os, app_version) values ($1, $2, $3, 'Linux', '1.0.0')`, [
    rows.devices,
    orgA,
    users.viewer,
  ]);
  rows.memberships = users.viewer; // the viewer's membership row (key: org A + user)
  rows.sync_mutations = uuid();
  await db.query(`insert into sync_mutations (id, org_id, user_id) values ($1, $2, $3)`, [
    rows.sync_mutations,
    orgA,
    users.owner,
  ]);
  const change = await db.query<{ seq: string }>(`select seq::text from sync_changes where org_id = $1 order by seq limit 1`, [
    orgA,
  ]);
  rows.sync_changes = change.rows[0]!.seq;
  return { orgA, orgB, users, rows, ids, devices };
}

/** The assurance level a caller's token claims; unset: a token without an aal claim. */
export type Aal = 'aal1' | 'aal2' | undefined;

export function callerOf(world: World, actor: Actor, aal?: Aal): Caller {
  return actor === 'anon' ? { kind: 'anon' } : { kind: 'user', id: world.users[actor], aal };
}

/** WHERE clause that finds the fixture row of a table. */
function fixtureWhere(table: string): string {
  if (table === 'memberships') return 'org_id = $1 and user_id = $2';
  if (table === 'sync_changes') return 'org_id = $1 and seq = $2::bigint';
  if (table === 'organizations') return '$1::uuid = id and $2::text is not null';
  return 'org_id = $1 and id = $2::uuid';
}

const actorOf = (world: World, userId: string) =>
  (Object.keys(world.users) as (keyof World['users'])[]).find((actor) => world.users[actor] === userId)!;

/** A new row the caller tries to insert into org A. */
function newRow(world: World, table: string, actorId: string | null): Record<string, unknown> {
  const { orgA, ids } = world;
  const base = { id: uuid(), org_id: orgA };
  switch (table) {
    case 'organizations':
      return { id: uuid(), name: 'Another org' };
    case 'memberships':
      return { org_id: orgA, user_id: uuid(), role: 'viewer' };
    case 'devices':
      return { ...base, user_id: actorId ?? uuid(), public_key: 'k'.repeat(44) };
    case 'frameworks':
      return { ...base, title: 'ISO 27001' };
    case 'controls':
      return { ...base, framework_id: ids.framework, control_key: `x-${uuid()}` };
    case 'control_implementations':
      return { ...base, catalog_source: 'catalog:nist sp 800-53', control_key: `x-${uuid()}` };
    case 'policies':
      return { ...base, title: 'Incident Response Plan' };
    case 'policy_revisions':
      return { ...base, policy_id: ids.policy, body: 'x' };
    case 'policy_controls':
      return { ...base, policy_id: ids.policy, control_id: ids.control2 };
    case 'policy_conflicts':
      return { ...base, policy_id: ids.policy, mutation_id: uuid(), base_body: '', ours_body: '', theirs_body: '' };
    case 'evidence':
      return { ...base, title: 'Access review', audit_id: ids.audit };
    case 'evidence_controls':
      return { ...base, evidence_id: ids.evidence, control_id: ids.control2 };
    case 'audits':
      return { ...base, title: 'ISO audit' };
    case 'audit_scope':
      return { ...base, audit_id: ids.audit, control_id: ids.control2 };
    case 'audit_assignments':
      return { ...base, audit_id: ids.audit, user_id: uuid() };
    case 'audit_results':
      return { ...base, audit_id: ids.audit, control_id: ids.control2, result: 'fail' };
    case 'findings':
      return { ...base, audit_id: ids.audit, title: 'Stale access review' };
    case 'audit_events':
      return {
        ...base,
        record_table: 'evidence',
        record_id: ids.evidence,
        actor: actorId ?? 'anon',
        at: new Date().toISOString(),
        action: 'update',
        // The first event of the caller's device chain (anon tries with the owner's device).
        device_id: world.devices[actorId === null ? 'owner' : actorOf(world, actorId)],
        seq: 1,
        prev_hash: '0'.repeat(64),
        hash: 'b'.repeat(64),
      };
    case 'sync_changes':
      return { org_id: orgA, table_name: 'policies', record_id: ids.policy, op: 'update', row_version: 9, row: {} };
    case 'sync_mutations':
      return { id: uuid(), org_id: orgA, user_id: actorId ?? uuid() };
    case 'device_reports':
      // The caller's own device (anon tries the owner's; the outsider's is in org B).
      return {
        id: world.devices[actorId === null ? 'owner' : actorOf(world, actorId)],
        org_id: orgA,
        user_id: actorId ?? uuid(),
        os: 'macOS 15',
      };
    default:
      throw new Error(`no insert builder for ${table}`);
  }
}

/** The harmless change each update cell tries. */
const UPDATE_SET: Record<string, string> = {
  organizations: `name = name || ' (renamed)'`,
  memberships: `role = 'auditor'`,
  devices: `revoked_at = now()`,
  frameworks: `title = 'renamed'`,
  controls: `notes = 'reviewed'`,
  control_implementations: `param_values = '{"ac-01_odp.01":"all staff"}'`,
  policies: `title = 'renamed'`,
  policy_revisions: `title = 'renamed'`,
  policy_controls: `deleted_at = now()`,
  policy_conflicts: `resolved_at = now()`,
  evidence: `title = 'renamed'`,
  evidence_controls: `deleted_at = now()`,
  audits: `title = 'renamed'`,
  audit_scope: `deleted_at = now()`,
  audit_assignments: `deleted_at = now()`,
  audit_results: `notes = 'retested'`,
  findings: `severity = 'high'`,
  audit_events: `after = '{"x":1}'`,
  sync_changes: `row = '{}'`,
  sync_mutations: `answer = '{"status":"applied"}'`,
  device_reports: `changes_waiting = 3`,
};

/** Runs one cell as the actor and answers whether the database let it happen. */
export async function attempt(db: Db, world: World, table: string, op: Op, actor: Actor, aal?: Aal): Promise<boolean> {
  const caller = callerOf(world, actor, aal);
  const actorId = caller.kind === 'user' ? caller.id : null;
  const key = [world.orgA, world.rows[table]];
  return asCaller(db, caller, async (tx) => {
    try {
      switch (op) {
        case 'select': {
          const r = await tx.query(`select 1 from ${table} where ${fixtureWhere(table)}`, key);
          return r.rows.length === 1;
        }
        case 'insert': {
          const row = newRow(world, table, actorId);
          const cols = Object.keys(row);
          const r = await tx.query(
            `insert into ${table} (${cols.join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
            cols.map((c) => (typeof row[c] === 'object' && row[c] !== null ? JSON.stringify(row[c]) : row[c])),
          );
          return r.rowCount === 1;
        }
        case 'update': {
          const r = await tx.query(`update ${table} set ${UPDATE_SET[table]} where ${fixtureWhere(table)}`, key);
          return r.rowCount === 1;
        }
        case 'delete': {
          const r = await tx.query(`delete from ${table} where ${fixtureWhere(table)}`, key);
          return r.rowCount === 1;
        }
        case 'move': {
          const r = await tx.query(`update ${table} set org_id = $3 where ${fixtureWhere(table)}`, [...key, world.orgB]);
          return r.rowCount === 1;
        }
      }
    } catch (error) {
      const code = (error as { code?: string }).code;
      // Refusals: RLS / privilege (42501). Anything else is a broken test, not a refusal.
      if (code === '42501') return false;
      throw error;
    }
  });
}

export interface Cell {
  table: string;
  op: Op;
  actor: Actor;
  allowed: boolean;
}

export function cells(): Cell[] {
  const out: Cell[] = [];
  for (const [table, ops] of Object.entries(EXPECTED)) {
    for (const op of OPS) {
      if (op === 'move' && table === 'organizations') continue; // the org itself has no org_id
      for (const actor of ACTORS) out.push({ table, op, actor, allowed: ops[op].includes(actor) });
    }
  }
  return out;
}

export async function assertCell(db: Db, world: World, cell: Cell, aal?: Aal): Promise<void> {
  const happened = await attempt(db, world, cell.table, cell.op, cell.actor, aal);
  expect(
    happened,
    `${cell.actor}${aal ? ` at ${aal}` : ''} ${cell.op} ${cell.table}: expected ${cell.allowed ? 'allowed' : 'refused'}`,
  ).toBe(cell.allowed);
}
