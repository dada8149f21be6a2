/**
 * The person using this device in the local workspace: a display name ("Your name"), kept in
 * the local-only settings table. When set, it is the actor the core records for calls made as
 * 'local' (approvals, updated_by, the audit trail, test results, captured_by); unset, the actor
 * stays 'local'.
 */
import type { Profile } from '../../../src-shared/api/app';
import type { Db } from '../db/database';

const KEY = 'user.displayName';

/** The actor of the local workspace before anyone has set a name. */
export const LOCAL_ACTOR = 'local';

export function createProfileStore(db: Db) {
  const read = db.prepare('SELECT value FROM settings WHERE key = ?');
  const write = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );

  const displayName = (): string | null => {
    const row = read.get(KEY) as { value: string } | undefined;
    if (!row) return null;
    try {
      const value: unknown = JSON.parse(row.value);
      return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 120) : null;
    } catch {
      return null;
    }
  };

  return {
    displayName,
    current: (): Profile => ({ displayName: displayName() }),
    update(name: string): Profile {
      write.run(KEY, JSON.stringify(name));
      return { displayName: displayName() };
    },
    /** Who a call made as `actor` is recorded as: the display name stands in for 'local'. */
    actorFor(actor: string): string {
      return actor === LOCAL_ACTOR ? (displayName() ?? LOCAL_ACTOR) : actor;
    },
  };
}

export type ProfileStore = ReturnType<typeof createProfileStore>;
