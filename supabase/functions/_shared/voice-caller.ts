// The part of the guard's Caller (guard.ts, serveSigned) that the voice functions use, so their
// handlers can be driven by tests without the guard and read as what they rely on.
import type { SupabaseClient } from 'npm:@supabase/supabase-js@2';

export interface VoiceCaller {
  userId: string;
  deviceId: string;
  orgId: string;
  /** supabase-js as the caller: RLS applies. */
  db: SupabaseClient;
  /** Service role: only for what RLS cannot do (writing the summary cache). */
  admin: SupabaseClient;
  /** The raw body bytes the signature covered. */
  body: Uint8Array;
}

/** Everything a voice function answers is JSON `{ code, message }` on failure. */
export function voiceError(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ code, message }, { status, headers });
}
