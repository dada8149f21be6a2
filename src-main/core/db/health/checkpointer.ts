/**
 * Checkpoints off the commit path. With SQLite's default, every ~1000th page written makes the
 * committing write copy the whole log into the database (6 ms at a million rows: 84 % of the
 * write tail above p99). The core's connection turns that off (wal_autocheckpoint = 0) and this
 * module runs PASSIVE checkpoints from a second connection instead: when no write has committed
 * since the last poll (idle), or when the log has grown past `maxWalBytes` while writes go on.
 * PASSIVE never waits for and never blocks the core's readers or writer; synchronous=FULL stays.
 */
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import type { Logger } from '../../router/router';
import type { Db } from '../database';

export interface CheckpointView {
  walBytes: number;
  lastAt: string | null;
  lastLogFrames: number | null;
  lastCheckpointedFrames: number | null;
  count: number;
}

export interface CheckpointerOptions {
  db: Db;
  file: string;
  now: () => string;
  log: Logger;
  /** Checkpoint while writes go on once the log is this large (and truncate it to this on reset). */
  maxWalBytes: number;
}

export function createCheckpointer({ db, file, now, log, maxWalBytes }: CheckpointerOptions) {
  db.pragma('wal_autocheckpoint = 0');
  // After a checkpoint the next writer restarts the log from its start; this trims the file too.
  db.pragma(`journal_size_limit = ${maxWalBytes}`);
  const other = new Database(file, { fileMustExist: true });
  other.pragma('wal_autocheckpoint = 0');

  let lastVersion = other.pragma('data_version', { simple: true }) as number;
  /** Commits have landed in the log that no checkpoint has copied yet. */
  let behind = true;
  const view: CheckpointView = { walBytes: 0, lastAt: null, lastLogFrames: null, lastCheckpointedFrames: null, count: 0 };

  const walBytes = () => {
    try {
      return statSync(`${file}-wal`).size;
    } catch {
      return 0;
    }
  };

  const checkpoint = () => {
    const [result] = other.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    if (!result) return;
    view.lastAt = now();
    view.lastLogFrames = result.log;
    view.lastCheckpointedFrames = result.checkpointed;
    view.count += 1;
    // A reader still on an older snapshot keeps some frames; the next poll tries again.
    behind = result.log > result.checkpointed;
  };

  return {
    /**
     * One poll: notes whether writes committed since the last one (PRAGMA data_version changes
     * when another connection commits) and checkpoints when idle or when the log is too large.
     */
    poll(): { idle: boolean } {
      try {
        const version = other.pragma('data_version', { simple: true }) as number;
        const idle = version === lastVersion;
        lastVersion = version;
        if (!idle) behind = true;
        if (behind && (idle || walBytes() >= maxWalBytes)) checkpoint();
        return { idle };
      } catch (error) {
        log.error('Checkpoint failed', (error as Error).message);
        return { idle: false };
      }
    },
    /** Copies what it can now (Settings, tests, shutdown). */
    checkpointNow: checkpoint,
    view: (): CheckpointView => ({ ...view, walBytes: walBytes() }),
    close: () => other.close(),
  };
}

export type Checkpointer = ReturnType<typeof createCheckpointer>;
