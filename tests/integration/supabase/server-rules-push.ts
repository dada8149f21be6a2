// Shared by the server-rules tests: push mutations as a client sends them (wire format in
// supabase/README.md) and read the answers.
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';

import { SYNC_PROTOCOL_VERSION } from '../../../src-shared/sync/protocol';

/** The sync protocol version the app speaks. */
export const PROTOCOL = SYNC_PROTOCOL_VERSION;

export interface Mutation {
  id: string;
  table: string;
  record_id: string;
  op: 'insert' | 'update' | 'delete';
  patch: Record<string, unknown>;
  base: Record<string, unknown>;
}

export interface Answer {
  id: string;
  status: 'applied' | 'merged' | 'conflict' | 'rejected';
  reason?: string;
  message?: string;
  row?: Record<string, unknown>;
}

export const mutation = (
  table: string,
  recordId: string,
  op: Mutation['op'],
  patch: Record<string, unknown>,
  base: Record<string, unknown> = {},
): Mutation => ({ id: randomUUID(), table, record_id: recordId, op, patch, base });

/** Pushes mutations and answers one result per mutation; anything but `status: ok` throws. */
export async function push(client: SupabaseClient, orgId: string, mutations: Mutation[], deviceId?: string): Promise<Answer[]> {
  const { data, error } = await client.rpc('push', {
    p_org_id: orgId,
    p_mutations: mutations,
    p_schema_version: PROTOCOL,
    ...(deviceId ? { p_device_id: deviceId } : {}),
  });
  if (error) throw new Error(`push failed: ${error.message}`);
  const answer = data as { status: string; results?: Answer[]; message?: string };
  if (answer.status !== 'ok') throw new Error(`push answered ${answer.status}: ${answer.message}`);
  return answer.results!;
}

export async function pushOne(client: SupabaseClient, orgId: string, m: Mutation, deviceId?: string): Promise<Answer> {
  return (await push(client, orgId, [m], deviceId))[0]!;
}
