/**
 * Checks an audit package offline, on the receiving side: the manifest is readable, every file it
 * lists is present with the listed size and SHA-256, nothing unlisted was added, and no entry
 * name could escape an extraction folder or disagrees with itself (local header, central directory
 * and Unicode Path fields, zip-entry-names.ts), and manifest.sig is the signature of the signer the
 * manifest names over exactly the manifest's bytes (package-signature.ts). Every problem names its
 * file. The signer is who the package says signed: compare the fingerprint with one you trust.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { entryNameProblems } from './zip-entry-names';
import yauzl from 'yauzl';
import { Manifest, type VerifyResult } from '../../../src-shared/domain/export';
import { MANIFEST_NAME } from './package-writer';
import { isUnsafeEntryName } from './zip-names';
import { manifestSignatureProblem, SIGNATURE_NAME } from './package-signature';

type Problem = VerifyResult['problems'][number];

const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(
      file, // decodeStrings off: yauzl would reject a whole zip over one '../' name; we name it instead.
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true },
      (error, zip) => (error ? reject(error) : resolve(zip)),
    ),
  );
}

function readEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/** Streams one entry through SHA-256; a damaged entry (bad deflate, wrong size) rejects. */
function hashEntry(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  keep = false,
): Promise<{ sha256: string; size: number; bytes?: Buffer }> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(error);
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        hash.update(chunk);
        if (keep) {
          if (size > MAX_MANIFEST_BYTES) stream.destroy(new Error('the manifest is too large'));
          else chunks.push(chunk);
        }
      });
      stream.on('error', reject);
      stream.on('end', () => resolve({ sha256: hash.digest('hex'), size, bytes: keep ? Buffer.concat(chunks) : undefined }));
    });
  });
}

export class UnreadablePackageError extends Error {}

const foldName = (name: string) => name.normalize('NFC').toLowerCase();

/** Throws UnreadablePackageError when the file is not a zip or has no usable manifest. */
export async function verifyPackage(zipPath: string): Promise<VerifyResult> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(zipPath);
  } catch (error) {
    throw new UnreadablePackageError(`${zipPath} is not a readable zip: ${(error as Error).message}`);
  }
  try {
    let entries: yauzl.Entry[];
    try {
      entries = await readEntries(zip);
    } catch (error) {
      throw new UnreadablePackageError(`${zipPath} is damaged: ${(error as Error).message}`);
    }
    const problems: Problem[] = [];
    const byName = new Map<string, yauzl.Entry>();
    const folded = new Set<string>();
    const file = await open(zipPath, 'r');
    try {
      for (const entry of entries) {
        const raw = entry.fileName as unknown as Buffer | string;
        const rawName = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
        for (const problem of await entryNameProblems(file, {
          rawName,
          extraFields: entry.extraFields,
          relativeOffsetOfLocalHeader: entry.relativeOffsetOfLocalHeader,
        }))
          problems.push({ file: rawName.toString('utf8'), problem: `names disagree: ${problem}` });
      }
    } finally {
      await file.close();
    }
    for (const entry of entries) {
      const raw = entry.fileName as unknown as Buffer | string;
      entry.fileName = Buffer.isBuffer(raw) ? raw.toString('utf8') : raw;
      if (isUnsafeEntryName(entry.fileName))
        problems.push({ file: entry.fileName, problem: 'entry name could escape the folder it is extracted into' });
      if (byName.has(entry.fileName)) problems.push({ file: entry.fileName, problem: 'appears more than once in the zip' });
      else if (folded.has(foldName(entry.fileName)))
        problems.push({ file: entry.fileName, problem: 'collides with another entry on case-insensitive file systems' });
      folded.add(foldName(entry.fileName));
      // Unix mode in the high bits: only regular files and folders. A symlink named
      // evidence/report.pdf would point the auditor at a file of their own when extracted.
      const type = (entry.externalFileAttributes >>> 16) & 0o170000;
      if (type !== 0 && type !== 0o100000 && type !== 0o040000)
        problems.push({ file: entry.fileName, problem: 'is a symbolic link or special file, not a regular file' });
      byName.set(entry.fileName, entry);
    }

    const manifestEntry = byName.get(MANIFEST_NAME);
    if (!manifestEntry)
      throw new UnreadablePackageError(`${zipPath} has no ${MANIFEST_NAME}: it is not a ComplyFlow audit package.`);
    let manifest: Manifest;
    let manifestBytes: Buffer;
    try {
      const { bytes } = await hashEntry(zip, manifestEntry, true);
      manifestBytes = bytes!;
      const parsed = Manifest.safeParse(JSON.parse(bytes!.toString('utf8')));
      if (!parsed.success)
        throw new Error(
          parsed.error.issues
            .map((i) => `${i.path.join('.')}: ${i.message}`)
            .slice(0, 3)
            .join('; '),
        );
      manifest = parsed.data;
    } catch (error) {
      throw new UnreadablePackageError(`${MANIFEST_NAME} in ${zipPath} cannot be read: ${(error as Error).message}`);
    }

    const signatureEntry = byName.get(SIGNATURE_NAME);
    let signature: Buffer | null = null;
    if (signatureEntry) {
      try {
        signature = (await hashEntry(zip, signatureEntry, true)).bytes ?? null;
      } catch (error) {
        problems.push({ file: SIGNATURE_NAME, problem: `cannot be read: ${(error as Error).message}` });
      }
    }
    const signatureProblem = manifestSignatureProblem(manifest, manifestBytes, signature);
    if (signatureProblem) problems.push({ file: signatureEntry ? SIGNATURE_NAME : MANIFEST_NAME, problem: signatureProblem });

    const listed = new Set<string>();
    let checked = 0;
    for (const file of manifest.files) {
      if (listed.has(file.path)) {
        problems.push({ file: file.path, problem: 'listed twice in the manifest' });
        continue;
      }
      listed.add(file.path);
      if (isUnsafeEntryName(file.path)) {
        problems.push({ file: file.path, problem: 'manifest path could escape the folder it is extracted into' });
        continue;
      }
      const entry = byName.get(file.path);
      if (!entry) {
        problems.push({ file: file.path, problem: 'listed in the manifest but missing from the package' });
        continue;
      }
      checked++;
      try {
        const actual = await hashEntry(zip, entry);
        if (actual.sha256 !== file.sha256) {
          problems.push({
            file: file.path,
            problem: `SHA-256 does not match the manifest (expected ${file.sha256}, found ${actual.sha256})`,
          });
        } else if (actual.size !== file.size) {
          problems.push({
            file: file.path,
            problem: `size does not match the manifest (expected ${file.size}, found ${actual.size})`,
          });
        }
      } catch (error) {
        problems.push({ file: file.path, problem: `cannot be read: ${(error as Error).message}` });
      }
    }
    for (const name of byName.keys()) {
      if (name !== MANIFEST_NAME && name !== SIGNATURE_NAME && !listed.has(name) && !name.endsWith('/')) {
        problems.push({ file: name, problem: 'in the package but not listed in the manifest' });
      }
    }
    return { ok: problems.length === 0, checked, problems, signedBy: signatureProblem ? null : (manifest.signer ?? null) };
  } finally {
    zip.close();
  }
}
