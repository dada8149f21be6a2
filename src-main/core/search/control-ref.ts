/**
 * Control references as people type them: "AC-2", "ac-2", "AC 2", "ac2" and "ac-02" all name
 * control AC-2 (OSCAL id ac-2); "AC-2(1)" and "ac-2.1" both name its first enhancement. A
 * reference is normalized to its letter and number runs, lower case, numbers without leading
 * zeros, joined by '-': "ac-2", "ac-2-1".
 *
 * Search ranks an exact match on a control's label or control_key first, then labels that start
 * with the reference (AC-2(1), AC-20), then everything else by relevance. SQLite gets the
 * ranking as a function, `cf_control_ref_rank(label, control_key, ref)`: 2 exact, 1 label
 * prefix, 0 otherwise.
 */
import type { Db } from '../db/database';

const RUNS = /\p{L}+|\p{N}+/gu;
const DIGITS = /^\p{N}+$/u;

/** The normalized form of a label or control key ("AC-2(1)" → "ac-2-1"). */
export function normalizeControlRef(text: string): string {
  const runs = text.normalize('NFKC').toLowerCase().match(RUNS) ?? [];
  return runs.map((run) => (DIGITS.test(run) ? run.replace(/^0+(?=\p{N})/u, '') : run)).join('-');
}

/** The reference a query names, or null when it is not shaped like one (letters and a number). */
export function controlRef(query: string): string | null {
  const runs = query.normalize('NFKC').toLowerCase().match(RUNS) ?? [];
  if (runs.length < 2 || runs.length > 8) return null;
  if (!runs.some((run) => !DIGITS.test(run)) || !runs.some((run) => DIGITS.test(run))) return null;
  if (!/^\p{L}/u.test(runs[0]!)) return null;
  return normalizeControlRef(query);
}

export function controlRefRank(label: string | null, controlKey: string | null, ref: string | null): number {
  if (!ref) return 0;
  const normalizedLabel = normalizeControlRef(label ?? '');
  if (normalizedLabel === ref || normalizeControlRef(controlKey ?? '') === ref) return 2;
  return normalizedLabel.startsWith(ref) ? 1 : 0;
}

const registered = new WeakSet<Db>();

/** Makes `cf_control_ref_rank(label, control_key, ref)` available in this database's SQL. */
export function registerControlRef(db: Db): void {
  if (registered.has(db)) return;
  db.function('cf_control_ref_rank', { deterministic: true }, (label: unknown, key: unknown, ref: unknown) =>
    controlRefRank(
      typeof label === 'string' ? label : null,
      typeof key === 'string' ? key : null,
      typeof ref === 'string' ? ref : null,
    ),
  );
  registered.add(db);
}
