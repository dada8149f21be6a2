/**
 * Capture you can prove: evidence captured in an audit is signed by this computer's device key
 * (device-signer.ts) when it is added, so the organization and an auditor can tell the file, the
 * time the device claims and where it was captured have not changed since.
 *
 * The signed bytes (other tools can check them) are UTF-8 lines joined by `\n`, no final newline:
 *
 *   complyflow-capture-v1
 *   <lower-case hex SHA-256 of the file>
 *   <claimed capture time: ISO 8601 UTC with milliseconds, e.g. 2026-12-02T01:30:00.000Z>
 *   <audit id>
 *   <control ids it was captured for, lower case, sorted, joined by ','; one in fieldwork>
 *   <device id>
 *   <public key: base64url of the raw 32-byte Ed25519 key>
 *   <key fingerprint: first 16 hex digits of the SHA-256 of the raw key>
 *
 * The signature is Ed25519 over those bytes, kept base64url in capture_signature beside every
 * signed field (migration 0021), so it verifies with nothing but the row.
 */
import type { CaptureProof } from '../../../src-shared/domain/evidence';
import { keyFingerprint, verifyDeviceSignature, type DeviceSigner } from '../devices/device-signer';

export const CAPTURE_FORMAT = 'complyflow-capture-v1';

export interface CaptureFields {
  sha256: string;
  claimedCapturedAt: string;
  auditId: string;
  controlIds: readonly string[];
  deviceId: string;
  publicKey: string;
  fingerprint: string;
}

/** The row's capture columns (migration 0021). */
export interface CaptureColumns {
  claimed_captured_at: string | null;
  capture_controls: string | null;
  capture_device_id: string | null;
  capture_device_name: string | null;
  capture_public_key: string | null;
  capture_key_fingerprint: string | null;
  capture_signature: string | null;
}

export const UNSIGNED: Omit<CaptureColumns, 'claimed_captured_at'> = {
  capture_controls: null,
  capture_device_id: null,
  capture_device_name: null,
  capture_public_key: null,
  capture_key_fingerprint: null,
  capture_signature: null,
};

export const controlsLine = (controlIds: readonly string[]) =>
  [...new Set(controlIds.map((id) => id.toLowerCase()))].sort().join(',');

/** The exact bytes a capture signature covers. */
export function captureBytes(fields: CaptureFields): Buffer {
  return Buffer.from(
    [
      CAPTURE_FORMAT,
      fields.sha256,
      fields.claimedCapturedAt,
      fields.auditId,
      controlsLine(fields.controlIds),
      fields.deviceId,
      fields.publicKey,
      fields.fingerprint,
    ].join('\n'),
    'utf8',
  );
}

/** The capture columns for a file captured now in an audit, signed by this computer. */
export function signCapture(
  signer: DeviceSigner,
  capture: { sha256: string; claimedCapturedAt: string; auditId: string; controlIds: readonly string[]; deviceName: string },
): Omit<CaptureColumns, 'claimed_captured_at'> {
  const fields: CaptureFields = {
    ...capture,
    deviceId: signer.deviceId,
    publicKey: signer.publicKey,
    fingerprint: signer.fingerprint,
  };
  return {
    capture_controls: controlsLine(capture.controlIds),
    capture_device_id: signer.deviceId,
    capture_device_name: capture.deviceName.slice(0, 200),
    capture_public_key: signer.publicKey,
    capture_key_fingerprint: signer.fingerprint,
    capture_signature: signer.sign(captureBytes(fields)).toString('base64url'),
  };
}

/**
 * What a row's capture signature says, or null when it has none. `registeredKey` is the public
 * key the server registered for the device (undefined: not known here, so not compared).
 */
export function verifyCapture(
  row: CaptureColumns & { sha256: string; audit_id: string | null },
  registeredKey?: string | null,
): CaptureProof | null {
  if (!row.capture_signature) return null;
  const publicKey = row.capture_public_key ?? '';
  const fingerprint = row.capture_key_fingerprint ?? '';
  const signed: CaptureFields = {
    sha256: row.sha256,
    claimedCapturedAt: row.claimed_captured_at ?? '',
    auditId: row.audit_id ?? '',
    controlIds: row.capture_controls ? row.capture_controls.split(',') : [],
    deviceId: row.capture_device_id ?? '',
    publicKey,
    fingerprint,
  };
  // The fingerprint is signed too, but must also be the key's own, or a reader comparing
  // fingerprints would be misled.
  const matches =
    fingerprint === keyFingerprint(publicKey) &&
    controlsLine(signed.controlIds) === row.capture_controls &&
    verifyDeviceSignature(publicKey, captureBytes(signed), row.capture_signature);
  const keyChecked = registeredKey !== undefined;
  return {
    deviceId: signed.deviceId,
    deviceName: row.capture_device_name ?? '',
    capturedAt: signed.claimedCapturedAt,
    fingerprint,
    status: !matches ? 'mismatch' : keyChecked && registeredKey !== publicKey ? 'unregistered-key' : 'valid',
    keyChecked,
  };
}
