/**
 * The replica's upkeep once it is open, kept off the start path and the commit path: the
 * background integrity check (integrity.ts), checkpoints from a second connection
 * (checkpointer.ts), and a marker file that tells the next start whether this session closed
 * the database cleanly. One timer drives both; it is unref'd, so it never keeps a process alive.
 * The core calls `startDatabaseMaintenance` right after opening a database and closes the
 * database through it.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { DatabaseHealth } from '../../../../src-shared/api/database';
import type { Logger } from '../../router/router';
import type { Db } from '../database';
import { createCheckpointer } from './checkpointer';
import { createIntegrityMonitor } from './integrity';

export interface MaintenanceOptions {
  db: Db;
  file: string;
  now: () => string;
  log: Logger;
  /** How often the timer polls (ms). */
  pollMs?: number;
  /** After an unclean shutdown, the check starts this long after opening (off the first screen). */
  uncleanDelayMs?: number;
  /** A due check starts once no write has committed for this long. */
  dueIdleMs?: number;
  dueAfterMs?: number;
  maxWalBytes?: number;
}

const DAY = 24 * 60 * 60 * 1000;

export function startDatabaseMaintenance(options: MaintenanceOptions) {
  const { db, file, now, log } = options;
  const pollMs = options.pollMs ?? 1000;
  const uncleanDelayMs = options.uncleanDelayMs ?? 3000;
  const dueIdleMs = options.dueIdleMs ?? 60_000;

  // The marker exists while a session has the database open; finding it at start means the
  // last session was killed or lost power before closing.
  const marker = `${file}.open`;
  const uncleanShutdown = existsSync(marker);
  const session = `${process.pid} ${randomUUID()} ${now()}\n`;
  writeFileSync(marker, session, { mode: 0o600 });
  /** Removes the marker only if it is still this session's (another core may have opened the file since). */
  const markClean = () => {
    try {
      if (readFileSync(marker, 'utf8') === session) rmSync(marker, { force: true });
    } catch {
      // Already gone.
    }
  };

  const integrity = createIntegrityMonitor({
    db,
    file,
    now,
    log,
    uncleanShutdown,
    dueAfterMs: options.dueAfterMs ?? 7 * DAY,
  });
  const checkpoints = createCheckpointer({ db, file, now, log, maxWalBytes: options.maxWalBytes ?? 16 * 1024 * 1024 });

  let openFor = 0;
  let idleFor = 0;
  const timer = setInterval(() => {
    openFor += pollMs;
    idleFor = checkpoints.poll().idle ? idleFor + pollMs : 0;
    const reason = integrity.pendingReason();
    if (reason === 'unclean_shutdown' && openFor >= uncleanDelayMs) integrity.start(reason);
    if (reason === 'due' && idleFor >= dueIdleMs) integrity.start(reason);
  }, pollMs);
  timer.unref();

  const health = (): DatabaseHealth => ({
    integrity: integrity.view(),
    uncleanShutdown,
    checkpoints: checkpoints.view(),
  });

  return {
    health,
    /** Starts an integrity check now (Settings → Check now). */
    checkIntegrity(): DatabaseHealth {
      integrity.start('requested');
      return health();
    },
    /** Resolves once the running integrity check has recorded its result. */
    integritySettled: () => integrity.settled(),
    checkpointNow: () => checkpoints.checkpointNow(),
    /** Stops the upkeep, closes the database, and only then records a clean shutdown. */
    close() {
      clearInterval(timer);
      integrity.close();
      checkpoints.close();
      db.close();
      markClean();
    },
  };
}

export type DatabaseMaintenance = ReturnType<typeof startDatabaseMaintenance>;
