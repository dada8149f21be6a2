/**
 * The org update policy kept in a real replica file: none until a sync brings one, kept across
 * closing and reopening (it applies offline), a change reported only when something differs,
 * and a damaged stored copy read as none rather than as half a policy.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../src-main/core/db/database';
import { readOrgUpdatePolicy, storeOrgUpdatePolicy } from '../../../../src-main/core/fleet/org-update-policy';
import type { OrgUpdatePolicy } from '../../../../src-shared/domain/update-policy';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let db: Db;
const file = () => `${dir.path}/replica.sqlite`;

beforeEach(() => {
  dir = tempDir();
  db = openDatabase(file());
});
afterEach(() => {
  db.close();
  dir.remove();
});

const policy: OrgUpdatePolicy = {
  channel: 'beta',
  minimumVersion: '1.4.0',
  pinnedVersion: null,
  rolloutPercent: 25,
  deferDays: 7,
  installMode: 'on-quit',
  updatedAt: '2026-12-01T10:00:00.000Z',
  updatedBy: 'Ada Admin',
};

describe('readOrgUpdatePolicy', () => {
  it('is null until a sync has brought a policy', () => {
    expect(readOrgUpdatePolicy(db)).toBeNull();
  });

  it('keeps the policy across reopening the replica (offline)', () => {
    expect(storeOrgUpdatePolicy(db, policy)).toBe(true);
    db.close();
    db = openDatabase(file());
    expect(readOrgUpdatePolicy(db)).toEqual(policy);
  });

  it('reports a change only when a key differs', () => {
    storeOrgUpdatePolicy(db, policy);
    expect(storeOrgUpdatePolicy(db, { ...policy })).toBe(false);
    expect(storeOrgUpdatePolicy(db, { ...policy, minimumVersion: '1.5.0' })).toBe(true);
    expect(readOrgUpdatePolicy(db)?.minimumVersion).toBe('1.5.0');
    expect(storeOrgUpdatePolicy(db, null)).toBe(true);
    expect(readOrgUpdatePolicy(db)).toBeNull();
    expect(storeOrgUpdatePolicy(db, null)).toBe(false);
  });

  it('refuses to keep a policy that does not validate, and keeps the previous one', () => {
    storeOrgUpdatePolicy(db, policy);
    expect(() => storeOrgUpdatePolicy(db, { ...policy, minimumVersion: 'v1' })).toThrow();
    expect(readOrgUpdatePolicy(db)).toEqual(policy);
  });

  it('reads a damaged stored copy as none', () => {
    storeOrgUpdatePolicy(db, policy);
    db.prepare("UPDATE settings SET value = '{not json' WHERE key = 'fleet.org_update_policy'").run();
    expect(readOrgUpdatePolicy(db)).toBeNull();
    db.prepare(`UPDATE settings SET value = ? WHERE key = 'fleet.org_update_policy'`).run(
      JSON.stringify({ policy: { ...policy, rolloutPercent: 400 }, receivedAt: 'x' }),
    );
    expect(readOrgUpdatePolicy(db)).toBeNull();
  });
});
