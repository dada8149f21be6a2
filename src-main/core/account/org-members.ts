/**
 * The open organization's members (id, name, email, role), fetched from `org_members` when the
 * server answers and kept in the replica's local settings so names show offline too.
 */
import type { Member } from '../../../src-shared/domain/account';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import { parseMembers } from '../auth/organizations';
import type { SessionService } from '../auth/session-service';
import type { Db } from '../db/database';

const KEY = 'org.members';

export function cachedMembers(db: Db): Member[] {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
  if (!row) return [];
  try {
    return parseMembers(JSON.parse(row.value));
  } catch {
    return [];
  }
}

export async function refreshMembers(db: Db, session: SessionService, orgId: string): Promise<Member[]> {
  try {
    const members = parseMembers(await session.rpc('org_members', { p_org_id: orgId }));
    const server = members.map((m) => ({ user_id: m.userId, display_name: m.displayName, email: m.email, role: m.role }));
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
      KEY,
      JSON.stringify(server),
    );
    return members;
  } catch (error) {
    // Offline or signed out: the copy from the last time serves.
    if (error instanceof AppError && (error.code === ErrorCode.Offline || error.code === ErrorCode.Unauthenticated)) {
      return cachedMembers(db);
    }
    throw error;
  }
}
