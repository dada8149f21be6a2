// Object names are claims: an evidence file lives at `{org_id}/{sha256}` of its bytes. The stand-in
// checks the claim whenever an upload completes (plain or resumable), so a client that sends
// other bytes under a name is refused and nothing is stored.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { storageError } from './storage-errors.ts';

const SHA256 = /^[0-9a-f]{64}$/;

/** The SHA-256 an object's name claims for its bytes, or null when the bucket makes no claim. */
export function claimedSha256(bucketId: string, name: string): string | null {
  if (bucketId !== 'evidence-files') return null;
  const last = name.split('/').at(-1) ?? '';
  // A name that is no hash is refused by the object policies; here it only cannot be checked.
  return SHA256.test(last) ? last : null;
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function sha256OfBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Throws Supabase-shaped 400 InvalidChecksum when the bytes do not hash to what the name claims. */
export function assertClaim(bucketId: string, name: string, actual: string): void {
  const claimed = claimedSha256(bucketId, name);
  if (claimed !== null && claimed !== actual) {
    throw storageError(
      400,
      'InvalidChecksum',
      `The uploaded bytes hash to ${actual}, not to the SHA-256 in the object name (${claimed}); nothing was stored`,
    );
  }
}
