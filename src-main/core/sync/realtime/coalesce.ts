/**
 * Turns a burst of nudges into few pulls: the first nudge passes at once (a change on another
 * laptop should show within a second), and every nudge within the next `windowMs` is folded
 * into one trailing call carrying the highest seq seen. So a burst costs at most one call per
 * window, and the last nudge of a burst is never lost.
 */
export class Coalescer {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending: number | null = null;

  constructor(
    private readonly windowMs: number,
    private readonly emit: (seq: number) => void,
  ) {}

  push(seq: number): void {
    if (this.timer) {
      this.pending = Math.max(this.pending ?? seq, seq);
      return;
    }
    this.emit(seq);
    this.timer = setTimeout(() => {
      this.timer = null;
      const next = this.pending;
      this.pending = null;
      if (next !== null) this.push(next);
    }, this.windowMs);
  }

  /** Drops what is waiting; nothing is emitted after this. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }
}
