import type { Migration } from '../migrate';

/**
 * Capture you can prove (issue 10): evidence captured in an audit carries this computer's
 * Ed25519 signature over complyflow-capture-v1 (src-main/core/evidence/capture-signature.ts).
 * Additive columns of the synced evidence table, all on the server too (20260101001540):
 * - claimed_captured_at: when the device says it captured the file (the server keeps its own
 *   received time in created_at);
 * - capture_controls: the control ids it was captured for, as signed (sorted, comma-joined);
 * - capture_device_id / capture_device_name: the signing device (a local id in the local
 *   workspace, never a server reference) and the computer's name when it signed;
 * - capture_public_key / capture_key_fingerprint / capture_signature: base64url raw key, its
 *   fingerprint, base64url signature. Null on evidence captured outside an audit.
 */
export const m0021: Migration = {
  version: 21,
  name: 'capture-signatures',
  sql: /* sql */ `
    ALTER TABLE evidence ADD COLUMN claimed_captured_at TEXT;
    ALTER TABLE evidence ADD COLUMN capture_controls TEXT;
    ALTER TABLE evidence ADD COLUMN capture_device_id TEXT;
    ALTER TABLE evidence ADD COLUMN capture_device_name TEXT;
    ALTER TABLE evidence ADD COLUMN capture_public_key TEXT;
    ALTER TABLE evidence ADD COLUMN capture_key_fingerprint TEXT;
    ALTER TABLE evidence ADD COLUMN capture_signature TEXT;
  `,
};
