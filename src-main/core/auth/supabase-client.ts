/**
 * The one supabase-js client of the core, unmodified: its session lives in the host's
 * SecretStore (never in the replica, never in the renderer), and on Node 20 its realtime socket
 * needs `ws`. Its fetch records Retry-After headers (retry-after.ts). Tokens refresh in the background for as long as the core runs.
 */
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import ws from 'ws';
import type { SecretStore } from '../secrets/secret-store';
import type { Project } from './project';
import type { RetryAfterLog } from './retry-after';

export const sessionKey = (project: Project) => `complyflow.session.${new URL(project.url).host}`;

export function createSupabase(
  project: Project,
  secrets: SecretStore,
  fetchImpl?: typeof fetch,
  retryAfter?: RetryAfterLog,
): SupabaseClient {
  const fetcher = retryAfter ? retryAfter.wrap(fetchImpl) : fetchImpl;
  return createClient(project.url, project.anonKey, {
    auth: {
      storageKey: sessionKey(project),
      storage: {
        getItem: (key: string) => secrets.get(key),
        setItem: (key: string, value: string) => secrets.set(key, value),
        removeItem: (key: string) => secrets.remove(key),
      },
      persistSession: true,
      autoRefreshToken: true,
      detectSessionInUrl: false,
    },
    realtime: { transport: ws as never },
    global: fetcher ? { fetch: fetcher } : undefined,
  });
}
