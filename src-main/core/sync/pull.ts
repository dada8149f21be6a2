/**
 * Takes the server's changes after this replica's cursor, a page (≤ 1000) at a time, each page
 * in one transaction with its cursor (apply.ts), so a restart resumes after the last page that
 * committed and nothing is applied twice. Between pages the event loop is let go, so calls to
 * the core are served during a long first sync.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { z } from 'zod';
import { SYNC_PROTOCOL_VERSION } from '../../../src-shared/sync/protocol';
import type { Db } from '../db/database';
import { applyPage, heldCount, type ApplyReport, type ServerChange } from './apply';
import { WholeAnswer } from './push';

export const PULL_PAGE = 1000;

const Change = z.object({
  table: z.string(),
  id: z.string(),
  op: z.string().optional(),
  row_version: z.coerce.number(),
  row: z.record(z.string(), z.unknown()),
});

const PullAnswer = z.union([
  z.looseObject({
    status: z.literal('ok'),
    changes: z.array(z.unknown()),
    cursor: z.string(),
    has_more: z.boolean(),
    role: z.string().nullable().optional(),
  }),
  WholeAnswer.refine((a) => a.status !== 'ok', 'an ok answer needs changes'),
]);

export type PullOutcome =
  { kind: 'done'; pages: number; rows: number; held: number; bad: number } | { kind: 'stop'; status: string; message: string };

export interface PullContext {
  db: Db;
  orgId: string;
  deviceId: string | null;
  /** Whether the server takes p_device_id on pull (protocol 2). */
  sendDevice: boolean;
  rpc(name: string, args: Record<string, unknown>): Promise<unknown>;
  now(): string;
  /** After each committed page (events, progress). Answers false to stop between pages. */
  onPage(report: ApplyReport, page: { pages: number; rows: number; firstSync: boolean }): boolean;
  pageSize?: number;
}

export function savedCursor(db: Db, orgId: string): string | null {
  const row = db.prepare('SELECT cursor FROM sync_state WHERE org_id = ?').get(orgId) as { cursor: string | null } | undefined;
  return row?.cursor ?? null;
}

export async function pullAll(context: PullContext): Promise<PullOutcome> {
  const { db, orgId } = context;
  const firstSync = savedCursor(db, orgId) === null;
  let pages = 0;
  let rows = 0;
  let bad = 0;
  for (;;) {
    const cursor = savedCursor(db, orgId);
    const raw = await context.rpc('pull', {
      p_org_id: orgId,
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
      return { kind: 'stop', status: answer.status, message: (answer as { message?: string }).message ?? answer.status };
    }
    if (!db.open) return { kind: 'stop', status: 'closed', message: 'The workspace was closed.' };
    const changes: ServerChange[] = [];
    for (const item of answer.changes as unknown[]) {
      const change = Change.safeParse(item);
      if (change.success) changes.push(change.data);
      else bad += 1;
    }
    const report = applyPage(db, changes, {
      now: context.now(),
      saveCursor: () =>
        db
          .prepare(
            `INSERT INTO sync_state (org_id, cursor) VALUES (?, ?)
             ON CONFLICT (org_id) DO UPDATE SET cursor = excluded.cursor`,
          )
          .run(orgId, answer.cursor as string),
    });
    pages += 1;
    rows += changes.length;
    if (!context.onPage(report, { pages, rows, firstSync })) break;
    if (answer.has_more !== true) break;
    await yieldToLoop();
  }
  return { kind: 'done', pages, rows, held: db.open ? heldCount(db) : 0, bad };
}
