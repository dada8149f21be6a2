// The storage.objects row an upload writes, as the caller: the object policies decide (insert,
// and update too when the client asked for x-upsert), exactly as for Supabase Storage.
import type pg from 'pg';

export interface ObjectMetadata {
  size: number;
  mimetype: string;
  cacheControl: string;
}

export interface ObjectRow {
  bucketId: string;
  name: string;
  owner: string | null;
  metadata: ObjectMetadata;
  version?: string | null;
  upsert: boolean;
}

/** Inserts (or, with upsert, overwrites) the row and answers its id; throws what Postgres says. */
export async function writeObjectRow(client: pg.PoolClient, row: ObjectRow): Promise<string> {
  const insert = `insert into storage.objects (bucket_id, name, owner, owner_id, metadata, version)
    values ($1, $2, $3::uuid, $3::text, $4::jsonb, $5)`;
  const sql = row.upsert
    ? `${insert} on conflict (bucket_id, name) do update set metadata = excluded.metadata, owner = excluded.owner,
         owner_id = excluded.owner_id, version = excluded.version, updated_at = now() returning id`
    : `${insert} returning id`;
  const r = await client.query<{ id: string }>(sql, [
    row.bucketId,
    row.name,
    row.owner,
    JSON.stringify(row.metadata),
    row.version ?? null,
  ]);
  return r.rows[0]!.id;
}
