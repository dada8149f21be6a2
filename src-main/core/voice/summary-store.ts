/**
 * Spoken summaries kept on this computer, so a revision heard once plays again offline:
 * `<workspace>/voice/<revisionId>.json` (transcript and what it was made from) and
 * `<revisionId>.mp3`. Keyed by the revision id (a UUID, so never a path a user chose) and checked
 * against the SHA-256 of the revision text: a summary of other text is not served. Writes are
 * atomic (temp file, rename); what is read back is validated.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Id } from '../../../src-shared/domain/common';

const Kept = z.object({
  revisionId: Id,
  bodySha256: z.string().regex(/^[0-9a-f]{64}$/),
  transcript: z.string(),
  audioUnavailable: z.string().nullable(),
  voice: z.enum(['org', 'default']),
  fetchedAt: z.string(),
  /** SHA-256 of the MP3 file, checked when it is read back; null without audio. */
  audioSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
});
export type KeptSummary = z.infer<typeof Kept>;

export const sha256Hex = (bytes: string | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function writeAtomic(file: string, bytes: string | Uint8Array): void {
  const temp = `${file}.${randomUUID()}.tmp`;
  writeFileSync(temp, bytes, { mode: 0o600 });
  renameSync(temp, file);
}

export function summaryStore(workspaceRoot: string) {
  const dir = path.join(workspaceRoot, 'voice');
  const files = (revisionId: string) => {
    const id = Id.parse(revisionId).toLowerCase();
    return { meta: path.join(dir, `${id}.json`), audio: path.join(dir, `${id}.mp3`) };
  };

  function read(revisionId: string): KeptSummary | null {
    const { meta } = files(revisionId);
    if (!existsSync(meta)) return null;
    const parsed = Kept.safeParse(JSON.parse(readFileSync(meta, 'utf8')));
    return parsed.success ? parsed.data : null;
  }

  return {
    /** The kept summary of exactly this revision text, or null. */
    find(revisionId: string, body: string): KeptSummary | null {
      const kept = read(revisionId);
      return kept && kept.bodySha256 === sha256Hex(body) ? kept : null;
    },

    keep(summary: Omit<KeptSummary, 'audioSha256' | 'bodySha256'> & { body: string }, audio: Uint8Array | null): KeptSummary {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const target = files(summary.revisionId);
      const { body, ...rest } = summary;
      const kept: KeptSummary = { ...rest, bodySha256: sha256Hex(body), audioSha256: audio ? sha256Hex(audio) : null };
      if (audio) writeAtomic(target.audio, audio);
      else rmSync(target.audio, { force: true });
      writeAtomic(target.meta, JSON.stringify(kept));
      return kept;
    },

    /** The kept MP3, verified against its hash; null when missing or changed on disk. */
    audio(revisionId: string): Buffer | null {
      const kept = read(revisionId);
      const { audio } = files(revisionId);
      if (!kept?.audioSha256 || !existsSync(audio)) return null;
      const bytes = readFileSync(audio);
      return sha256Hex(bytes) === kept.audioSha256 ? bytes : null;
    },
  };
}
export type SummaryStore = ReturnType<typeof summaryStore>;
