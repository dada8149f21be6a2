/**
 * Where pulled audit-trail events go: SRV-B's trail chain (trail-chain/applyRemoteTrailEvent)
 * keeps other devices' events with their chain in remote_audit_events; this replica's own
 * events stay in audit_events. Called inside the pull page's transaction.
 */
import type { Db } from '../db/database';
import type { Row } from './codec';
import { applyRemoteTrailEvent } from './trail-chain';

/** Stores another device's event; answers whether it was new. A malformed event throws (the caller holds it). */
export function applyRemoteTrailRow(db: Db, server: Row): boolean {
  return applyRemoteTrailEvent(db, server) === 'stored';
}
