// The sync RPCs as the contract tests call them through supabase-js (protocol 2), with the
// answer shapes of supabase/README.md.
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';

export const PROTOCOL = 2;

export interface Mutation {
  id: string;
  table: string;
  record_id: string;
  op: 'insert' | 'update' | 'delete';
  patch?: Record<string, unknown> | null;
  base?: Record<string, unknown> | null;
}

export interface Answer {
  id: string;
  status: 'applied' | 'merged' | 'conflict' | 'rejected';
  reason?: string;
  message?: string;
  row?: Record<string, unknown>;
  overridden?: string[];
  previous?: Record<string, unknown>;
  previous_by?: string | null;
  merged_into?: string;
  conflict_id?: string;
}

export interface PushAnswer {
  status: string;
  results: Answer[];
  message?: string;
}

export interface PullAnswer {
  status: string;
  changes: { table: string; id: string; op: string; row_version: number; row: Record<string, unknown> }[];
  cursor: string;
  has_more: boolean;
  estimated_total?: number;
  message?: string;
}

export async function push(
  client: SupabaseClient,
  orgId: string,
  mutations: Mutation[],
  extra: { p_schema_version?: number | null; p_device_id?: string } = {},
): Promise<PushAnswer> {
  const { data, error } = await client.rpc('push', {
    p_org_id: orgId,
    p_mutations: mutations,
    p_schema_version: PROTOCOL,
    ...extra,
  });
  if (error) throw new Error(`push failed: ${error.message}`);
  return data as PushAnswer;
}

export async function pull(
  client: SupabaseClient,
  orgId: string,
  args: { p_cursor?: string | null; p_limit?: number; p_schema_version?: number | null; p_device_id?: string } = {},
): Promise<PullAnswer> {
  const { data, error } = await client.rpc('pull', { p_org_id: orgId, p_cursor: null, p_schema_version: PROTOCOL, ...args });
  if (error) throw new Error(`pull failed: ${error.message}`);
  return data as PullAnswer;
}

export const insert = (
  table: string,
  recordId: string,
  patch: Record<string, unknown>,
  base?: Record<string, unknown> | null,
): Mutation => ({
  id: randomUUID(),
  table,
  record_id: recordId,
  op: 'insert',
  patch,
  ...(base === undefined ? {} : { base }),
});

export const update = (
  table: string,
  recordId: string,
  patch: Record<string, unknown>,
  base: Record<string, unknown> | null,
): Mutation => ({
  id: randomUUID(),
  table,
  record_id: recordId,
  op: 'update',
  patch,
  base,
});
