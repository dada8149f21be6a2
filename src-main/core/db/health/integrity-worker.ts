/**
 * The integrity check's worker: `PRAGMA quick_check` reads every page of the file (3.4 s at a
 * million evidence items), so it runs on its own read-only connection in a worker thread and
 * never holds the core's event loop. The code is evaluated as a string so the check works the
 * same from the bundled core, tsx and vitest without a second bundle entry; better-sqlite3 is
 * loaded from the path the core resolved (`sqlitePath`).
 */
import { Worker } from 'node:worker_threads';

export interface IntegrityAnswer {
  ok: boolean;
  /** quick_check's first lines when the file is damaged, or the error that stopped the check. */
  message: string;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlitePath);
let db;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const rows = db.pragma('quick_check(20)', { simple: false }).map((row) => String(Object.values(row)[0]));
  parentPort.postMessage({ ok: rows.length === 1 && rows[0] === 'ok', message: rows.join('\\n') });
} catch (error) {
  parentPort.postMessage({ ok: false, message: String((error && error.message) || error) });
} finally {
  if (db) db.close();
}
`;

export interface RunningCheck {
  /** The answer; never rejects. */
  done: Promise<IntegrityAnswer>;
  /** Ends the worker (the core is closing); `done` then answers that the check stopped. */
  stop(): void;
}

/** Runs quick_check on `file` in a worker thread. */
export function checkIntegrityInWorker(file: string): RunningCheck {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, sqlitePath: require.resolve('better-sqlite3') } });
  const done = new Promise<IntegrityAnswer>((resolve) => {
    worker.once('message', (answer: IntegrityAnswer) => resolve(answer));
    worker.once('error', (error) => resolve({ ok: false, message: `The check could not run: ${error.message}` }));
    worker.once('exit', (code) => resolve({ ok: false, message: `The check stopped before it finished (exit ${code}).` }));
  });
  return { done, stop: () => void worker.terminate() };
}
