/**
 * What a fault test knows it was promised: every write the core acknowledged, by a unique marker
 * (a policy title, a line appended to a policy body). A write that was in flight when the core
 * was killed may or may not have happened, but never twice. `check` compares the ledger with the
 * markers counted in a replica or on the server and names what was lost or duplicated.
 */
export interface LedgerCheck {
  /** Acknowledged markers not found. */
  lost: string[];
  /** Markers found more than once (acknowledged or not). */
  duplicated: string[];
  /** Markers found that were never acknowledged (in flight at a kill): allowed, at most once. */
  unacknowledgedKept: number;
  /** Markers found that this ledger never began: a test bug or someone else's data. */
  unknown: string[];
}

export class Ledger {
  private readonly acked = new Map<string, string>();
  private readonly inFlight = new Set<string>();
  private n = 0;

  constructor(readonly prefix: string) {}

  /** A new unique marker, recorded as in flight until `ack`. */
  begin(kind: string): string {
    const marker = `${this.prefix}-${kind}-${++this.n}`;
    this.inFlight.add(marker);
    return marker;
  }

  /** The core answered ok: this marker must be kept exactly once from now on. */
  ack(marker: string, recordId: string): void {
    if (!this.inFlight.delete(marker)) throw new Error(`ledger: ${marker} was not begun or was acknowledged twice`);
    this.acked.set(marker, recordId);
  }

  get acknowledged(): ReadonlyMap<string, string> {
    return this.acked;
  }

  get unacknowledged(): ReadonlySet<string> {
    return this.inFlight;
  }

  /** `found`: how many times each marker occurs where it is counted. */
  check(found: ReadonlyMap<string, number>): LedgerCheck {
    const lost = [...this.acked.keys()].filter((marker) => (found.get(marker) ?? 0) === 0);
    const duplicated = [...found].filter(([, count]) => count > 1).map(([marker]) => marker);
    const unknown = [...found.keys()].filter((marker) => !this.acked.has(marker) && !this.inFlight.has(marker));
    const unacknowledgedKept = [...this.inFlight].filter((marker) => (found.get(marker) ?? 0) > 0).length;
    return { lost, duplicated, unacknowledgedKept, unknown };
  }
}

/** Counts each occurrence of this ledger's markers in some texts (titles, bodies). */
export function countMarkers(prefix: string, texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  const pattern = new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[a-z]+-\\d+(?!\\d)`, 'g');
  for (const text of texts) for (const marker of text.match(pattern) ?? []) counts.set(marker, (counts.get(marker) ?? 0) + 1);
  return counts;
}
