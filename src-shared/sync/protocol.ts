/**
 * The sync protocol version: what `p_schema_version` of `push` and `pull` means. It is not the
 * replica's `PRAGMA user_version` (that counts local migrations, which the server never sees);
 * it names the wire format both sides code to (docs: supabase/README.md, issue 8).
 *
 *   1  every client before the sync engine: insert base `null`, jsonb sent as strings, `''` for
 *      empty uuids. A server that speaks 2 answers it `update_required`.
 *   2  base `{}` for inserts, values in the server's representation (jsonb as JSON, `null` for
 *      an empty uuid, ISO times with milliseconds), the device id on push and pull, final
 *      answers only in the ledger, deterministic ids of rows unique by a key.
 *
 * Mapping from the replica: protocol 2 starts with replica migration 0019 (sync-replica), the
 * first replica that has row_version, the pulled-only tables and the outbox states. A replica
 * at a lower user_version is migrated before it can sync, so an app always sends the version
 * below, whatever its replica's user_version is.
 */
export const SYNC_PROTOCOL_VERSION = 2;

/** The first replica migration (PRAGMA user_version) whose replica speaks SYNC_PROTOCOL_VERSION. */
export const FIRST_REPLICA_VERSION_OF_PROTOCOL_2 = 19;
