/**
 * Signed audit packages (issue 10): manifest.json names who signed (`signer`: device, key,
 * fingerprint, user, org) and lists every other file's SHA-256, and manifest.sig holds the
 * device key's Ed25519 signature over it, base64url, one line. The signed bytes are UTF-8 lines
 * joined by `\n`, no final newline:
 *
 *   complyflow-package-v1
 *   <lower-case hex SHA-256 of the manifest.json entry's bytes, exactly as stored>
 *
 * So changing any file changes its hash, and fixing the hash in the manifest changes the
 * manifest's hash: without the private key the signature no longer matches.
 */
import { createHash } from 'node:crypto';
import type { Manifest } from '../../../src-shared/domain/export';
import { keyFingerprint, verifyDeviceSignature, type DeviceSigner } from '../devices/device-signer';

export const SIGNATURE_NAME = 'manifest.sig';
export const PACKAGE_SIGNATURE_FORMAT = 'complyflow-package-v1';

export function packageSignedBytes(manifestBytes: Uint8Array): Buffer {
  const digest = createHash('sha256').update(manifestBytes).digest('hex');
  return Buffer.from(`${PACKAGE_SIGNATURE_FORMAT}\n${digest}`, 'utf8');
}

/** manifest.sig's content for these manifest bytes. */
export function signManifest(signer: DeviceSigner, manifestBytes: Uint8Array): Buffer {
  return Buffer.from(`${signer.sign(packageSignedBytes(manifestBytes)).toString('base64url')}\n`, 'utf8');
}

/** Why the signature does not hold, in words, or null when it does. */
export function manifestSignatureProblem(manifest: Manifest, manifestBytes: Uint8Array, signature: Buffer | null): string | null {
  if (!manifest.signer) return 'the package is not signed: its manifest names no signer';
  if (!signature) return `the package is not signed: it has no ${SIGNATURE_NAME}`;
  if (keyFingerprint(manifest.signer.publicKey) !== manifest.signer.fingerprint)
    return 'the fingerprint in the manifest is not the fingerprint of the public key beside it';
  const text = signature.toString('utf8').trim();
  if (!verifyDeviceSignature(manifest.signer.publicKey, packageSignedBytes(manifestBytes), text))
    return 'the signature does not match the manifest: the manifest (or a file and its hash) changed after it was signed';
  return null;
}
