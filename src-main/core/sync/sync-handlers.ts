/**
 * The sync namespace: what the status bar, the sync panel and the policy merge view read and
 * do. The engine (engine.ts) runs whether or not a window is open; these calls look at it and
 * nudge it. The local workspace has no engine and answers as local-only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ApiHandlers } from '../../../src-shared/api';
import { quietSyncStatus, type OutboxItem, type PolicyConflict } from '../../../src-shared/api/sync';
import { PolicyUpdateInput } from '../../../src-shared/domain/policy';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import { appendEvent } from '../audit-trail/trail';
import type { CoreDeps } from '../deps';
import { createPoliciesService } from '../policies/policies-service';
import { STALLED_AFTER_MS } from './backoff';
import { BOOKKEEPING, pendingCount, recordChange } from './changes';
import { answerTaken } from './discard-wait';
import type { SyncEngine } from './engine';
import { inDoubt } from './in-flight';
import { recordLabel } from './record-labels';

export interface SyncPreferencesStore {
  read(): { keepRunningInTray: boolean };
  write(next: { keepRunningInTray: boolean }): void;
}

interface OutboxRow {
  seq: number;
  mutation_id: string;
  table_name: string;
  record_id: string;
  op: 'insert' | 'update' | 'delete';
  patch: string;
  base: string | null;
  created_at: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  state: 'waiting' | 'retrying' | 'rejected';
  reason: string | null;
  first_failed_at: string | null;
}

interface ConflictRow {
  id: string;
  policy_id: string;
  policy_title: string | null;
  base_body: string;
  ours_body: string;
  theirs_body: string;
  created_at: string;
  updated_by: string;
}

const memoryPreferences = (): SyncPreferencesStore => {
  let keepRunningInTray = false;
  return { read: () => ({ keepRunningInTray }), write: (next) => void (keepRunningInTray = next.keepRunningInTray) };
};

export function syncHandlers(deps: CoreDeps, engine: SyncEngine | null, preferences = memoryPreferences()): ApiHandlers['sync'] {
  const { db, orgId } = deps;
  const localStatus = () => quietSyncStatus('local-only', pendingCount(db));
  const status = () => engine?.status() ?? localStatus();

  // Changes that need a person: refused for good, or refused for over STALLED_AFTER_MS by an
  // answer that may pass (a missing_reference that never does, e.g. another org's record).
  const stalledBefore = () => new Date(Date.parse(deps.now()) - STALLED_AFTER_MS).toISOString();
  const NEEDS_PERSON = `(state = 'rejected' OR (state = 'retrying' AND first_failed_at < @stalledBefore))`;
  const needsPerson = (row: OutboxRow) =>
    row.state === 'rejected' ||
    (row.state === 'retrying' && row.first_failed_at !== null && row.first_failed_at < stalledBefore());

  const toItem = (row: OutboxRow): OutboxItem => {
    const state: OutboxItem['state'] =
      row.state === 'rejected' ? 'rejected' : row.state === 'retrying' ? (needsPerson(row) ? 'stalled' : 'retrying') : 'waiting';
    return {
      mutationId: row.mutation_id,
      table: row.table_name,
      recordId: row.record_id,
      recordLabel: recordLabel(db, row.table_name, row.record_id),
      op: row.op,
      fields: Object.keys(JSON.parse(row.patch) as object).filter((key) => !BOOKKEEPING.has(key)),
      since: row.created_at,
      attempts: row.attempts,
      state,
      reason: row.reason,
      lastError: row.last_error,
      nextAttemptAt: row.state === 'retrying' ? row.next_attempt_at : null,
    };
  };

  const attentionRows = (ids?: string[]): OutboxRow[] => {
    const rows = db
      .prepare(`SELECT * FROM outbox WHERE ${NEEDS_PERSON} ORDER BY seq`)
      .all({ stalledBefore: stalledBefore() }) as OutboxRow[];
    if (!ids) return rows;
    const wanted = new Set(ids);
    return rows.filter((row) => wanted.has(row.mutation_id));
  };

  const toConflict = (row: ConflictRow): PolicyConflict => ({
    id: row.id,
    policyId: row.policy_id,
    policyTitle: row.policy_title ?? '(policy not received yet)',
    base: row.base_body,
    theirs: row.theirs_body,
    ours: row.ours_body,
    createdAt: row.created_at,
    createdBy: row.updated_by || null,
  });
  const conflictSql = `SELECT c.id, c.policy_id, p.title AS policy_title, c.base_body, c.ours_body, c.theirs_body, c.created_at, c.updated_by
    FROM policy_conflicts c LEFT JOIN policies p ON p.id = c.policy_id
    WHERE c.resolved_at IS NULL AND c.deleted_at IS NULL`;

  const discardOne = async (mutationId: string, actor: string): Promise<{ discarded: boolean }> => {
    // A push carrying this change may be out right now: the server may apply it. Its answer is
    // taken first, then the outbox says what is left to discard (nothing, if the server took it).
    const wasOut = await answerTaken(db, mutationId);
    if (inDoubt(db, mutationId)) {
      throw new AppError(
        ErrorCode.Conflict,
        'This change was sent and the server’s answer never arrived, so the server may have taken it. Press Retry now; if the server refuses it again, you can discard it then.',
      );
    }
    const discarded = db.transaction(() => {
      const row = db.prepare('SELECT * FROM outbox WHERE mutation_id = ?').get(mutationId) as OutboxRow | undefined;
      if (!row && wasOut) {
        throw new AppError(
          ErrorCode.Conflict,
          'The server took this change while it was being discarded: it is part of the record now, here and on the server. To undo it, change the record back.',
        );
      }
      if (!row) return false;
      if (!needsPerson(row)) {
        throw new AppError(
          ErrorCode.Conflict,
          'Only a change the server refused, or keeps refusing for over 10 minutes, can be discarded; this one is still being sent.',
        );
      }
      const refusal = row.state === 'rejected' ? 'the server refused it' : 'the server kept refusing it';
      db.prepare('DELETE FROM outbox WHERE seq = ?').run(row.seq);
      // The trail keeps what was given up and why: a discard is a decision someone made. In
      // the record's history it reads as the unsent change going from "waiting" to "discarded".
      appendEvent(db, {
        orgId,
        recordTable: row.table_name,
        recordId: row.record_id,
        action: 'update',
        actor,
        at: deps.now(),
        before: { unsent_change: { op: row.op, patch: JSON.parse(row.patch) as unknown }, discarded_mutation_id: null },
        after: {
          unsent_change: `discarded unsent change; ${refusal} (${row.reason ?? 'refused'}): ${row.last_error ?? ''}`.trim(),
          discarded_mutation_id: row.mutation_id,
        },
      });
      return true;
    })();
    if (discarded) engine?.localWrite();
    return { discarded };
  };
  // Two discards of one change (a double click) run one after the other: the second finds it gone.
  const discards = new Map<string, Promise<{ discarded: boolean }>>();

  return {
    status,
    outbox({ state, offset, limit }) {
      const where = state === 'rejected' ? `WHERE state = 'rejected'` : state === 'attention' ? `WHERE ${NEEDS_PERSON}` : '';
      const args = { stalledBefore: stalledBefore(), limit, offset };
      const rows = db.prepare(`SELECT * FROM outbox ${where} ORDER BY seq LIMIT @limit OFFSET @offset`).all(args) as OutboxRow[];
      const total = (db.prepare(`SELECT count(*) AS n FROM outbox ${where}`).get(args) as { n: number }).n;
      return { items: rows.map(toItem), total };
    },
    retryNow: () => (engine ? engine.runNow() : localStatus()),
    async discard({ mutationId }, ctx) {
      const earlier = discards.get(mutationId);
      const mine = (earlier ?? Promise.resolve()).catch(() => undefined).then(() => discardOne(mutationId, ctx.actor));
      discards.set(mutationId, mine);
      try {
        return await mine;
      } finally {
        if (discards.get(mutationId) === mine) discards.delete(mutationId);
      }
    },
    exportRejected({ mutationIds }) {
      const rows = attentionRows(mutationIds);
      const at = deps.now();
      const folder = path.join(deps.dataDir, 'exports');
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      const file = path.join(folder, `refused-changes-${orgId}-${at.replace(/[:.]/g, '-')}.json`);
      const changes = rows.map((row) => ({
        mutationId: row.mutation_id,
        table: row.table_name,
        recordId: row.record_id,
        record: recordLabel(db, row.table_name, row.record_id),
        op: row.op,
        patch: JSON.parse(row.patch) as unknown,
        base: row.base === null ? null : (JSON.parse(row.base) as unknown),
        madeAt: row.created_at,
        state: row.state === 'rejected' ? 'refused' : 'stalled',
        reason: row.reason,
        message: row.last_error,
      }));
      writeFileSync(file, JSON.stringify({ orgId, exportedAt: at, changes }, null, 2), { flag: 'wx', mode: 0o600 });
      return { path: file, count: rows.length };
    },
    conflicts({ policyId }) {
      const rows = (
        policyId
          ? db.prepare(`${conflictSql} AND c.policy_id = ? ORDER BY c.created_at`).all(policyId)
          : db.prepare(`${conflictSql} ORDER BY c.created_at`).all()
      ) as ConflictRow[];
      return rows.map(toConflict);
    },
    resolveConflict({ conflictId, body }, ctx) {
      const result = db.transaction(() => {
        const conflict = db.prepare('SELECT * FROM policy_conflicts WHERE id = ?').get(conflictId) as
          (Record<string, unknown> & { policy_id: string; resolved_at: string | null }) | undefined;
        if (!conflict) throw new AppError(ErrorCode.NotFound, 'There is no such conflict in this workspace.');
        if (conflict.resolved_at !== null) throw new AppError(ErrorCode.Conflict, 'This conflict was already resolved.');
        const policies = createPoliciesService({ db, orgId, now: deps.now });
        const policy = policies.update(PolicyUpdateInput.parse({ id: conflict.policy_id, body }), ctx.actor);
        const at = deps.now();
        const { row_version: _version, ...before } = conflict;
        const after = { ...before, resolved_at: at, resolved_by: ctx.actor, updated_at: at, updated_by: ctx.actor };
        db.prepare(
          'UPDATE policy_conflicts SET resolved_at = ?, resolved_by = ?, updated_at = ?, updated_by = ? WHERE id = ?',
        ).run(at, ctx.actor, at, ctx.actor, conflictId);
        // Pushed like any change (policy_conflicts is pulled, but a resolution is ours to send).
        recordChange(db, {
          table: 'policy_conflicts',
          recordId: conflictId,
          orgId,
          actor: ctx.actor,
          at,
          before,
          after,
          op: 'update',
        });
        return { policyId: policy.id, revisionId: policy.currentRevisionId ?? '' };
      })();
      deps.changed('policies', [result.policyId]);
      deps.changed('policy_conflicts', [conflictId]);
      return result;
    },
    overrides({ table, recordId }) {
      const rows = db
        .prepare(
          `SELECT field, lost_value, won_value, previous_by, at FROM sync_overrides
           WHERE table_name = ? AND record_id = ? ORDER BY seq DESC LIMIT 500`,
        )
        .all(table, recordId) as {
        field: string;
        lost_value: string | null;
        won_value: string | null;
        previous_by: string | null;
        at: string;
      }[];
      return rows.map((row) => ({
        field: row.field,
        lostValue: row.lost_value === null ? null : (JSON.parse(row.lost_value) as unknown),
        wonValue: row.won_value === null ? null : (JSON.parse(row.won_value) as unknown),
        previousBy: row.previous_by,
        at: row.at,
      }));
    },
    preferences: () => preferences.read(),
    setPreferences(input) {
      const next = { keepRunningInTray: input.keepRunningInTray ?? preferences.read().keepRunningInTray };
      preferences.write(next);
      return next;
    },
  };
}
