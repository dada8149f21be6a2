// A nonce is accepted once per device: the claim_request_nonce RPC inserts it into a table with a
// unique key (as the caller, for the caller's own unrevoked device) and says whether it was new.
// With `seen` (the signature checked out) it also notes the device's last-seen time and app version.
import type { SupabaseClient } from 'npm:@supabase/supabase-js@2';
import { GuardError } from './signed-request.ts';

export async function claimNonce(
  db: SupabaseClient,
  deviceId: string,
  nonce: string,
  seen: boolean,
  appVersion: string | null,
): Promise<void> {
  const { data, error } = await db.rpc('claim_request_nonce', {
    p_device_id: deviceId,
    p_nonce: nonce,
    p_seen: seen,
    p_app_version: appVersion,
  });
  if (error) {
    // The device was revoked between the lookup and now: the same answer as if it had been before.
    if (error.code === '42501') throw new GuardError('device_revoked', 'this device was revoked: ask an admin');
    throw new Error(`nonce check failed: ${error.message}`);
  }
  if (data !== true) throw new GuardError('replayed_nonce', 'this request was already received once (nonce reused)');
}
