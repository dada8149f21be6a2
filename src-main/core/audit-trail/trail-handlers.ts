import { randomUUID } from 'node:crypto';
import type { ApiHandlers } from '../../../src-shared/api';
import type { TrailTable } from '../../../src-shared/domain/trail';
import { assignmentScope, auditHidden } from '../audits/assignments';
import type { Db } from '../db/database';
import type { CoreDeps } from '../deps';
import { verifyChains } from '../sync/trail-chain';
import { eventsForRecordPage, verifyTrail } from './trail';
import { toEventView } from './trail-view';

/**
 * The audit a record belongs to, for the records an auditor's assignments hide (the audit itself,
 * its scope, results and findings, evidence captured in it); null for every other record. A fixed
 * map: no table name comes from the caller.
 */
const AUDIT_OF: Partial<Record<TrailTable, string>> = {
  audit_scope: 'SELECT audit_id FROM audit_scope WHERE id = ?',
  audit_results: 'SELECT audit_id FROM audit_results WHERE id = ?',
  findings: 'SELECT audit_id FROM findings WHERE id = ?',
  evidence: 'SELECT audit_id FROM evidence WHERE id = ?',
};
const auditOf = (db: Db, table: TrailTable, id: string): string | null => {
  if (table === 'audits') return id;
  const sql = AUDIT_OF[table];
  return sql === undefined ? null : ((db.prepare(sql).pluck().get(id) as string | null | undefined) ?? null);
};

export function trailHandlers(deps: CoreDeps): ApiHandlers['trail'] {
  return {
    // `table` is one of the fixed TrailTable names (the schema refused anything else), and it is
    // bound as a parameter, never spliced into SQL.
    // A record of an audit hidden from an auditor has a trail as empty as an unknown record's, so
    // its id's existence is not revealed (a display rule, not a security boundary: assignments.ts).
    forRecord: ({ table, id, offset, limit }, ctx) => {
      const assignedTo = assignmentScope(deps, ctx.actor);
      if (assignedTo !== null && auditHidden(deps.db, assignedTo, auditOf(deps.db, table, id))) return { events: [], total: 0 };
      const page = eventsForRecordPage(deps.db, table, id, { offset, limit });
      return { events: page.events.map(toEventView), total: page.total };
    },
    verify: ({ jobId }) => {
      const job = jobId ?? randomUUID();
      const label = 'Verifying the audit trail';
      const own = verifyTrail(deps.db, (done, total) => deps.emit('job.progress', { jobId: job, label, done, total }));
      // Other devices' chains, once sync has pulled some (none in the local workspace).
      const chains = verifyChains(deps.db);
      return chains.length > 0 ? { ...own, chains } : own;
    },
  };
}
