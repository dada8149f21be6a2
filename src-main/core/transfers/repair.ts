/**
 * Repair of damaged objects on the server (20260101001850_damaged_files.sql). A device that
 * downloads an object whose bytes do not hash to its name reports it; after each sync round
 * every device asks which files of the org wait for a repair, and one that holds the right
 * bytes here (checked by hashing them again) and whose person may overwrite evidence files
 * (owner, admin, compliance officer) re-uploads them with x-upsert, then closes the report.
 * A download refused as damaged is queued again once its report is closed.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { MemberRole } from '../../../src-shared/domain/account';
import { Sha256 } from '../../../src-shared/domain/transfers';
import type { Db } from '../db/database';
import type { BlobStore } from '../evidence/blob-store';
import type { Logger } from '../router/router';
import type { TransferStore } from './transfer-store';

/** Who may overwrite an evidence file (Storage's `update` policy, file_repaired on the server). */
export const REPAIRERS: readonly MemberRole[] = ['owner', 'admin', 'compliance_officer'];

export interface RepairDeps {
  db: Db;
  orgId: string;
  blobs: BlobStore;
  store: TransferStore;
  rpc(name: string, args: Record<string, unknown>): Promise<unknown>;
  /** The signed-in person's role in this org as last known, null when unknown. */
  role(): MemberRole | null;
  log: Logger;
}

async function hashOf(file: string): Promise<string | null> {
  try {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } catch {
    return null;
  }
}

/** The server's answer, validated: a list of SHA-256s (anything else is ignored and logged). */
function damagedList(answer: unknown): string[] | null {
  if (!Array.isArray(answer)) return null;
  const out: string[] = [];
  for (const row of answer) {
    const sha = Sha256.safeParse((row as { sha256?: unknown } | null)?.sha256);
    if (!sha.success) return null;
    out.push(sha.data);
  }
  return out;
}

export function createRepairer(deps: RepairDeps) {
  const { db, store } = deps;
  let checking = false;
  return {
    /** This device refused a download as damaged: tell the others. */
    async reportDamaged(sha256: string): Promise<void> {
      try {
        await deps.rpc('report_damaged_file', { p_org_id: deps.orgId, p_sha256: sha256 });
      } catch (error) {
        deps.log.error('reporting a damaged file failed (reported again at the next download)', error);
      }
    },
    /** The re-upload of a damaged object finished: close its report. */
    async repaired(sha256: string): Promise<void> {
      try {
        await deps.rpc('file_repaired', { p_org_id: deps.orgId, p_sha256: sha256 });
      } catch (error) {
        deps.log.error('closing a damaged-file report failed', error);
      }
    },
    /** Whether a download here was refused as damaged and waits for its repair (asked sooner then). */
    waiting(): boolean {
      return (
        db.prepare(`SELECT 1 FROM file_transfers WHERE direction = 'download' AND state = 'damaged' LIMIT 1`).get() !== undefined
      );
    },
    /**
     * Asks the server which files wait for a repair; queues what this device can do (re-uploads,
     * and downloads refused earlier whose object was repaired). Answers how many it queued.
     */
    async check(): Promise<number> {
      if (checking) return 0;
      checking = true;
      try {
        const list = damagedList(await deps.rpc('damaged_files', { p_org_id: deps.orgId }));
        if (!list) {
          deps.log.error('the server answered damaged_files with something that is not a list of files');
          return 0;
        }
        const open = new Set(list);
        // Downloads refused as damaged whose report is closed: the object was repaired; fetch again.
        const refused = db
          .prepare(`SELECT id, sha256 FROM file_transfers WHERE direction = 'download' AND state = 'damaged'`)
          .all() as {
          id: string;
          sha256: string;
        }[];
        let queued = 0;
        for (const row of refused) {
          if (open.has(row.sha256)) continue;
          store.update(row.id, { state: 'queued', bytesDone: 0, lastError: null, nextAttemptAt: null });
          queued += 1;
        }
        const role = deps.role();
        if (!role || !REPAIRERS.includes(role)) return queued;
        for (const sha256 of open) {
          if (!deps.blobs.has(sha256)) continue;
          const upload = store.find('upload', sha256);
          if (upload && upload.state !== 'done' && store.overwrites(upload.id)) continue; // already on it
          if ((await hashOf(deps.blobs.pathOf(sha256))) !== sha256) continue; // this copy is no better
          const evidence = db.prepare('SELECT id, size_bytes FROM evidence WHERE sha256 = ? ORDER BY id LIMIT 1').get(sha256) as
            { id: string; size_bytes: number } | undefined;
          if (!evidence) continue;
          const row = store.ensure('upload', sha256, evidence.id, evidence.size_bytes);
          store.setOverwrite(row.id, true);
          store.update(row.id, { state: 'queued', bytesDone: 0, attempts: 0, lastError: null, nextAttemptAt: null });
          queued += 1;
        }
        return queued;
      } catch (error) {
        deps.log.error('asking for damaged files failed', error);
        return 0;
      } finally {
        checking = false;
      }
    },
  };
}

export type Repairer = ReturnType<typeof createRepairer>;
