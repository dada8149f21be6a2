/**
 * One rule on both sides: what the app offers and refuses per role (src-shared/domain/permissions)
 * against the access matrix that the server's row-level security is proven to enforce on
 * PostgreSQL 15 and PGlite (access-fixture.ts, asserted cell by cell in access-matrix*.test.ts).
 * A permission the app grants must never be one the server refuses; where the two are meant to be
 * equal, they are.
 */
import { describe, expect, it } from 'vitest';
import { can, type Permission } from '../../../src-shared/domain/permissions';
import { EXPECTED, ROLES, type Op } from './access-fixture';

/** The server rows each permission writes (or reads), and whether the app's rule is the same or stricter. */
const EVIDENCE_OF: Record<Exclude<Permission, 'device'>, { cells: [table: string, op: Op][]; same: boolean }> = {
  read: {
    cells: [
      ['policies', 'select'],
      ['audits', 'select'],
      ['evidence', 'select'],
      ['audit_events', 'select'],
    ],
    same: true,
  },
  'records.write': {
    cells: [
      ['frameworks', 'insert'],
      ['controls', 'update'],
      ['control_implementations', 'update'],
      ['policies', 'insert'],
      ['policy_revisions', 'insert'],
      ['policy_controls', 'insert'],
    ],
    same: true,
  },
  // Approval is an update of the policy on today's server; the app keeps it to owners and admins
  // (the approver rule the sync issue moves to the server), so the app is stricter here.
  'policies.approve': { cells: [['policies', 'update']], same: false },
  'audits.plan': {
    cells: [
      ['audits', 'insert'],
      ['audits', 'update'],
      ['audit_scope', 'insert'],
    ],
    same: true,
  },
  'audits.fieldwork': {
    cells: [
      ['audit_results', 'insert'],
      ['findings', 'insert'],
      ['findings', 'update'],
    ],
    same: true,
  },
  'org.admin': { cells: [['organizations', 'update']], same: true },
};

describe('roles: the app and the server agree', () => {
  for (const [permission, { cells, same }] of Object.entries(EVIDENCE_OF)) {
    for (const role of ROLES) {
      it(`${role} × ${permission}`, () => {
        const app = can(role, permission as Permission);
        for (const [table, op] of cells) {
          const server = EXPECTED[table]![op].includes(role);
          if (app) expect(server, `the app lets ${role} ${permission} but the server refuses ${op} on ${table}`).toBe(true);
          if (same) expect(app, `${role} may ${op} ${table} on the server but the app does not offer ${permission}`).toBe(server);
        }
      });
    }
  }
});
