/**
 * The organization's update policy as this device last received it: the server's row
 * (org_update_policies, read by the `org_update_policy` RPC at each sync) kept in the replica's
 * local settings, so the policy applies offline and before the first sync of a session.
 * Local-only (the settings table never syncs); the server is the only writer of the org's copy.
 */
import { z } from 'zod';
import { OrgUpdatePolicy } from '../../../src-shared/domain/update-policy';
import type { Db } from '../db/database';

const KEY = 'fleet.org_update_policy';

/** What is kept: the policy and when this device received it. */
const Stored = z.object({ policy: OrgUpdatePolicy, receivedAt: z.string() });

/**
 * The org's update policy from the last sync, or null when no sync has brought one (the local
 * workspace, a new replica, or an org that has never saved one). A stored copy that no longer
 * reads (hand-edited, older shape) counts as none rather than as a half-policy.
 */
export function readOrgUpdatePolicy(db: Db): OrgUpdatePolicy | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
  if (!row) return null;
  try {
    const parsed = Stored.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data.policy : null;
  } catch {
    return null;
  }
}

/**
 * Keeps the policy a sync brought (null: the org has none any more). Answers whether it differs
 * from the copy kept before, so the caller emits `fleet.policyChanged` only for a real change.
 */
export function storeOrgUpdatePolicy(db: Db, policy: OrgUpdatePolicy | null, now = new Date()): boolean {
  const before = readOrgUpdatePolicy(db);
  if (policy === null) {
    db.prepare('DELETE FROM settings WHERE key = ?').run(KEY);
    return before !== null;
  }
  const value = OrgUpdatePolicy.parse(policy);
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    KEY,
    JSON.stringify({ policy: value, receivedAt: now.toISOString() }),
  );
  return before === null || !samePolicy(before, value);
}

export function samePolicy(a: OrgUpdatePolicy, b: OrgUpdatePolicy): boolean {
  return (Object.keys(a) as (keyof OrgUpdatePolicy)[]).every((k) => a[k] === b[k]);
}
