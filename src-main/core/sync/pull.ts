/**
 * Takes the server's changes after this replica's cursor, a page (≤ 1000) at a time. Three
 * things keep a long first sync fast without stalling the core:
 * - the next page is asked for as soon as a page arrives, so the server and the network work
 *   while this page applies (one page ahead, never more: memory stays flat);
 * - a page applies in chunks of APPLY_CHUNK rows, each its own transaction, with the event loop
 *   let go between chunks, so a window's call (policies.list) waits for at most one chunk;
 * - the cursor is saved only with the page's last chunk. A restart after a kill mid-page asks
 *   for the same page again, and the chunks that had committed are skipped row by row (their
 *   row_version is not newer), so nothing is lost or applied twice.
 * A first sync's progress (rows so far, the total the server announced with the first page only)
 * is saved with the cursor, so a restart in the middle goes on showing "N of M".
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { z } from 'zod';
import { SYNC_PROTOCOL_VERSION } from '../../../src-shared/sync/protocol';
import type { Db } from '../db/database';
import { applyPage, emptyReport, heldCount, type ApplyReport, type ServerChange } from './apply';
import type { Row } from './codec';
import { wholeStop, WholeAnswer, type Stop } from './push';

export const PULL_PAGE = 1000;
/** Rows per transaction while a page applies: the longest a call to the core waits behind it. */
export const APPLY_CHUNK = 200;

const PullAnswer = z.union([
  z.looseObject({
    status: z.literal('ok'),
    changes: z.array(z.unknown()),
    cursor: z.string(),
    has_more: z.boolean(),
    role: z.string().nullable().optional(),
    estimated_total: z.number().int().nonnegative().optional(),
  }),
  WholeAnswer.refine((a) => a.status !== 'ok', 'an ok answer needs changes'),
]);
type OkAnswer = Extract<z.infer<typeof PullAnswer>, { changes: unknown[] }>;

const isObject = (value: unknown): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * One change as pull answers it, or null when it is not one. Checked by hand, not by a schema:
 * this runs once per row, and the row's own columns are checked by the codec as it decodes.
 */
export function asServerChange(item: unknown): ServerChange | null {
  if (!isObject(item)) return null;
  const { table, id, row } = item;
  const version = typeof item.row_version === 'string' ? Number(item.row_version) : item.row_version;
  if (typeof table !== 'string' || typeof id !== 'string' || !isObject(row)) return null;
  if (typeof version !== 'number' || !Number.isFinite(version)) return null;
  return { table, id, row_version: version, row };
}

export type PullOutcome = { kind: 'done'; pages: number; rows: number; held: number; bad: number } | Stop;

export interface PullPage {
  pages: number;
  /** Rows this pull has applied. */
  rows: number;
  firstSync: boolean;
  /** Rows of the whole first sync so far, those before a restart included (`rows` otherwise). */
  done: number;
  /** Of `done`, what was done before this pull started (a first sync resumed after a restart). */
  doneBefore: number;
  /** How many changes the first page said were coming (first sync only), null if it did not say. */
  total: number | null;
}

export interface PullContext {
  db: Db;
  orgId: string;
  deviceId: string | null;
  /** Whether the server takes p_device_id on pull (protocol 2). */
  sendDevice: boolean;
  rpc(name: string, args: Record<string, unknown>): Promise<unknown>;
  now(): string;
  /** After each committed page (events, progress). Answers false to stop between pages. */
  onPage(report: ApplyReport, page: PullPage): boolean;
  pageSize?: number;
  chunkSize?: number;
}

export function savedCursor(db: Db, orgId: string): string | null {
  const row = db.prepare('SELECT cursor FROM sync_state WHERE org_id = ?').get(orgId) as { cursor: string | null } | undefined;
  return row?.cursor ?? null;
}

/** A first sync under way: rows applied so far and the total the first page announced. */
interface FirstSyncSoFar {
  done: number;
  total: number | null;
}

/** The first sync this replica is in the middle of, or null (none began, or the last one ended). */
export function savedFirstSync(db: Db, orgId: string): FirstSyncSoFar | null {
  const row = db
    .prepare('SELECT first_sync_done AS done, first_sync_total AS total FROM sync_state WHERE org_id = ?')
    .get(orgId) as { done: number | null; total: number | null } | undefined;
  return row && row.done !== null ? { done: row.done, total: row.total } : null;
}

type Fetched = { ok: true; answer: OkAnswer } | { ok: false; stop: Stop };

async function fetchPage(context: PullContext, cursor: string | null): Promise<Fetched> {
  const raw = await context.rpc('pull', {
    p_org_id: context.orgId,
    p_cursor: cursor,
    p_limit: context.pageSize ?? PULL_PAGE,
    p_schema_version: SYNC_PROTOCOL_VERSION,
    ...(context.sendDevice && context.deviceId ? { p_device_id: context.deviceId } : {}),
  });
  const parsed = PullAnswer.safeParse(raw);
  if (!parsed.success)
    throw new Error(`The server answered pull in a way this app does not understand: ${parsed.error.message.slice(0, 200)}`);
  const answer = parsed.data;
  if (answer.status !== 'ok' || !('changes' in answer)) {
    return { ok: false, stop: wholeStop(answer as z.infer<typeof WholeAnswer>) };
  }
  return { ok: true, answer: answer as OkAnswer };
}

/** Adds one chunk's report to the page's. */
function addReport(into: ApplyReport, chunk: ApplyReport) {
  for (const [table, ids] of chunk.changed) {
    const mine = into.changed.get(table);
    if (mine) for (const id of ids) mine.add(id);
    else into.changed.set(table, ids);
  }
  into.applied += chunk.applied;
  into.skipped += chunk.skipped;
  into.held += chunk.held;
  into.unknown += chunk.unknown;
}

export async function pullAll(context: PullContext): Promise<PullOutcome> {
  const { db, orgId } = context;
  const chunkSize = Math.max(1, context.chunkSize ?? APPLY_CHUNK);
  const cursor = savedCursor(db, orgId);
  const resumed = cursor === null ? null : savedFirstSync(db, orgId);
  const firstSync = cursor === null || resumed !== null;
  const doneBefore = resumed?.done ?? 0;
  let pages = 0;
  let rows = 0;
  let bad = 0;
  let total: number | null = resumed?.total ?? null;
  // A resumed first sync tells where it stands at once, not only when its next page is in.
  if (resumed && !context.onPage(emptyReport(), { pages, rows, firstSync, done: doneBefore, doneBefore, total })) {
    return { kind: 'done', pages, rows, held: heldCount(db), bad };
  }
  let next: Promise<Fetched> | null = fetchPage(context, cursor);
  while (next) {
    const fetched: Fetched = await next;
    next = null;
    if (!fetched.ok) return fetched.stop;
    if (!db.open) return { kind: 'stop', status: 'closed', message: 'The workspace was closed.' };
    const { answer } = fetched;
    if (pages === 0 && cursor === null && answer.estimated_total !== undefined) total = answer.estimated_total;
    // Ask for the next page now; it arrives while this one applies. A failure of it is seen
    // when it is awaited (or never, if this round stops first).
    if (answer.has_more === true) {
      next = fetchPage(context, answer.cursor);
      next.catch(() => undefined);
    }
    const changes: ServerChange[] = [];
    for (const item of answer.changes) {
      const change = asServerChange(item);
      if (change) changes.push(change);
      else bad += 1;
    }
    const report = emptyReport();
    // The first sync's progress goes with its cursor; the last page ends it (both NULL again).
    const underWay = firstSync && answer.has_more === true;
    const saveCursor = () =>
      db
        .prepare(
          `INSERT INTO sync_state (org_id, cursor, first_sync_done, first_sync_total) VALUES (?, ?, ?, ?)
           ON CONFLICT (org_id) DO UPDATE SET cursor = excluded.cursor,
             first_sync_done = excluded.first_sync_done, first_sync_total = excluded.first_sync_total`,
        )
        .run(orgId, answer.cursor, underWay ? doneBefore + rows + changes.length : null, underWay ? total : null);
    for (let start = 0; start === 0 || start < changes.length; start += chunkSize) {
      if (start > 0) {
        await yieldToLoop();
        if (!db.open) return { kind: 'stop', status: 'closed', message: 'The workspace was closed.' };
      }
      const last = start + chunkSize >= changes.length;
      const chunk = changes.slice(start, start + chunkSize);
      addReport(report, applyPage(db, chunk, { now: context.now(), ...(last ? { saveCursor } : {}) }));
    }
    pages += 1;
    rows += changes.length;
    // doneBefore is 0 unless a first sync resumed, so done is this pull's rows otherwise.
    if (!context.onPage(report, { pages, rows, firstSync, done: doneBefore + rows, doneBefore, total })) break;
    if (next) await yieldToLoop();
  }
  return { kind: 'done', pages, rows, held: db.open ? heldCount(db) : 0, bad };
}
