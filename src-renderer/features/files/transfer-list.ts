/**
 * Keeping the renderer's list of transfers current from the core's `files.progress` events:
 * an event replaces the transfer it names, unless it is older than what is shown (events and
 * a list answer can cross); a transfer not listed yet joins the list. Pure, so it is tested.
 */
import type { Transfer } from '../../../src-shared/domain/transfers';

/** The list with `update` applied: same order, a new transfer appended, an older copy ignored. */
export function upsertTransfer(items: readonly Transfer[], update: Transfer): Transfer[] {
  const at = items.findIndex((t) => t.id === update.id);
  if (at < 0) return [...items, update];
  const current = items[at];
  if (isOlder(update, current)) return items as Transfer[];
  const next = items.slice();
  next[at] = update;
  return next;
}

/**
 * A fresh page from `files.transfers` (asked for at `askedAt`, ISO) merged with what events
 * already brought: per transfer, the newer copy wins; a transfer only the events know stays if
 * it changed after the page was asked for (it started meanwhile), and goes otherwise.
 */
export function mergeTransferPage(shown: readonly Transfer[], page: readonly Transfer[], askedAt: string): Transfer[] {
  const byId = new Map(shown.map((t) => [t.id, t]));
  const merged = page.map((t) => {
    const seen = byId.get(t.id);
    return seen && isOlder(t, seen) ? seen : t;
  });
  const inPage = new Set(page.map((t) => t.id));
  for (const t of shown) if (!inPage.has(t.id) && t.updatedAt >= askedAt) merged.push(t);
  return merged;
}

/** The newest download of a file (by its SHA-256) the list knows, if any. */
export function downloadOf(items: readonly Transfer[], sha256: string): Transfer | undefined {
  let found: Transfer | undefined;
  for (const t of items) if (t.direction === 'download' && t.sha256 === sha256 && (!found || !isOlder(t, found))) found = t;
  return found;
}

// ISO times from one clock (the core's) compare as strings; equal times let the later event win.
const isOlder = (a: Transfer, b: Transfer) => a.updatedAt < b.updatedAt;
