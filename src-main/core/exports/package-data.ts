/**
 * What goes into an audit package, read from the replica in one read transaction.
 *
 * Selection rules (also written into manifest.json `selection`):
 * - controls in scope: the audit's live audit_scope rows; when it has none and the audit names a
 *   framework, every live control of that framework;
 * - policies: live policies linked (live policy_controls) to an in-scope control; when no policy
 *   is linked to any in-scope control, every live policy of the workspace. A policy with a
 *   published revision is exported as that revision (what is in force), else as its current text;
 * - evidence: live evidence linked (live evidence_controls) to an in-scope control, or captured
 *   during this audit (evidence.audit_id);
 * - trail: every trail event of the audit, its scope, results, findings and captured evidence.
 */
import { IMPLEMENTATION_JOIN } from '../frameworks/implementations';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Db } from '../db/database';

export const SELECTION_RULES = {
  controls: 'The audit’s scoped controls; if none are scoped, every control of the audit’s framework.',
  policies:
    'Policies linked to a control in scope; if none is linked, every policy of the workspace. The published revision in force when there is one (with its own version, approval and publication), else the current text.',
  evidence: 'Evidence linked to a control in scope, or captured during this audit.',
  trail:
    'Every audit-trail event of the audit, its scope, results, findings and evidence captured in it, in recorded order (an extract of the device’s hash chain: each event’s hash covers its own fields and the previous event’s hash).',
};

export interface AuditRow {
  id: string;
  title: string;
  framework_id: string | null;
  framework_title: string | null;
  window_start: string;
  window_end: string;
  status: string;
  auditors: string;
}

export interface ResultRow {
  control_id: string;
  control_label: string;
  control_key: string;
  control_title: string;
  framework: string;
  result: string;
  notes: string;
  tested_by: string | null;
  tested_at: string | null;
  /** The organization's parameter values (JSON object text, id → value) of the shared implementation. */
  parameter_values: string;
  /** How the organisation implements the control (the shared implementation: status, owner, justification, notes). */
  implementation_status: string;
  implementation_owner: string;
  na_justification: string;
  implementation_notes: string;
}

export interface FindingRow {
  id: string;
  control_label: string | null;
  title: string;
  description: string;
  severity: string;
  owner: string;
  due_date: string | null;
  status: string;
  condition: string;
  criteria: string;
  cause: string;
  effect: string;
  recommendation: string;
  management_response: string;
  risk_accepted_by: string;
  risk_acceptance_reason: string;
  created_at: string;
  updated_at: string;
  updated_by: string;
}

/** One event of the audit trail, as stored (before/after are JSON text). */
export interface TrailRow {
  seq: number;
  id: string;
  record_table: string;
  record_id: string;
  action: string;
  actor: string;
  at: string;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

/**
 * A policy as exported: the text (of the revision in force, else the current text) with that
 * text's own version and approval record, and the policy's newest version and status beside it.
 */
export interface PolicyRow {
  id: string;
  title: string;
  body: string;
  /** The workflow status of the policy's newest text. */
  status: string;
  owner: string;
  next_review_date: string | null;
  /** Version, approval and dates of the exported text. */
  version_major: number;
  version_minor: number;
  approved_by: string | null;
  approved_at: string | null;
  /** The approver's comment on the exported version. */
  approval_comment: string | null;
  published_at: string | null;
  /** When the exported text was saved (the revision), or last changed (no revision in force). */
  text_saved_at: string;
  from_published: number;
  /** The newest version, which differs from the exported one when a newer draft exists. */
  current_major: number;
  current_minor: number;
  newer_draft: number;
  /** The newest version's approval (set when a newer version is approved, not yet published). */
  current_approved_by: string | null;
  current_approved_at: string | null;
}

export interface EvidenceRow {
  id: string;
  title: string;
  description: string;
  sha256: string;
  file_name: string;
  mime_type: string;
  size_bytes: number;
  as_of_date: string;
  expires_on: string | null;
  renewal_days: number | null;
  audit_id: string | null;
  control_labels: string | null;
  /** The capture's signature columns (migration 0021), verified when the package is written. */
  claimed_captured_at: string | null;
  capture_controls: string | null;
  capture_device_id: string | null;
  capture_device_name: string | null;
  capture_public_key: string | null;
  capture_key_fingerprint: string | null;
  capture_signature: string | null;
}

export interface PackageData {
  audit: AuditRow;
  results: ResultRow[];
  findings: FindingRow[];
  policies: PolicyRow[];
  evidence: EvidenceRow[];
  trail: TrailRow[];
}

const SCOPE_CTE = /* sql */ `
  WITH scope(control_id) AS (
    SELECT s.control_id FROM audit_scope s WHERE s.audit_id = @auditId AND s.deleted_at IS NULL
    UNION
    SELECT c.id FROM controls c JOIN audits a ON a.id = @auditId
    WHERE c.framework_id = a.framework_id AND c.deleted_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM audit_scope s WHERE s.audit_id = @auditId AND s.deleted_at IS NULL)
  )`;

export function readPackageData(db: Db, orgId: string, auditId: string): PackageData {
  return db.transaction((): PackageData => {
    const audit = db
      .prepare(
        `SELECT a.id, a.title, a.framework_id, f.title AS framework_title, a.window_start, a.window_end, a.status, a.auditors
         FROM audits a LEFT JOIN frameworks f ON f.id = a.framework_id
         WHERE a.id = @auditId AND a.org_id = @orgId AND a.deleted_at IS NULL`,
      )
      .get({ auditId, orgId }) as AuditRow | undefined;
    if (!audit) throw new AppError(ErrorCode.NotFound, `No audit with id ${auditId}.`);
    const params = { auditId, orgId };

    const results = db
      .prepare(
        `${SCOPE_CTE}
         SELECT c.id AS control_id, c.label AS control_label, c.control_key, c.title AS control_title,
           coalesce(f.title, '') AS framework,
           coalesce(r.result, 'not_tested') AS result, coalesce(r.notes, '') AS notes,
           r.updated_by AS tested_by, r.updated_at AS tested_at,
           coalesce(i.param_values, '{}') AS parameter_values,
           coalesce(i.status, c.status) AS implementation_status, coalesce(i.owner, c.owner) AS implementation_owner,
           coalesce(i.justification, c.justification) AS na_justification, coalesce(i.notes, c.notes) AS implementation_notes
         FROM scope JOIN controls c ON c.id = scope.control_id AND c.deleted_at IS NULL
         LEFT JOIN frameworks f ON f.id = c.framework_id
         ${IMPLEMENTATION_JOIN}
         LEFT JOIN audit_results r ON r.audit_id = @auditId AND r.control_id = c.id AND r.deleted_at IS NULL
         ORDER BY f.title, c.sort_key, c.control_key`,
      )
      .all(params) as ResultRow[];

    const findings = db
      .prepare(
        `SELECT fi.id, c.label AS control_label, fi.title, fi.description, fi.severity, fi.owner, fi.due_date, fi.status,
           fi.condition, fi.criteria, fi.cause, fi.effect, fi.recommendation, fi.management_response,
           fi.risk_accepted_by, fi.risk_acceptance_reason, fi.created_at, fi.updated_at, fi.updated_by
         FROM findings fi LEFT JOIN controls c ON c.id = fi.control_id
         WHERE fi.audit_id = @auditId AND fi.org_id = @orgId AND fi.deleted_at IS NULL
         ORDER BY CASE fi.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, fi.created_at, fi.id`,
      )
      .all(params) as FindingRow[];

    // The in-force revision's own approval record; a revision published before revisions kept it
    // falls back to the policy's approval only while that revision is still the newest text.
    const policyColumns = `p.id, coalesce(rev.title, p.title) AS title, coalesce(rev.body, p.body) AS body, p.status, p.owner,
      p.next_review_date, coalesce(rev.version_major, p.version_major) AS version_major,
      coalesce(rev.version_minor, p.version_minor) AS version_minor,
      CASE WHEN rev.id IS NULL THEN p.approved_by
        ELSE coalesce(rev.approved_by, CASE WHEN p.current_revision_id = rev.id THEN p.approved_by END) END AS approved_by,
      CASE WHEN rev.id IS NULL THEN p.approved_at
        ELSE coalesce(rev.approved_at, CASE WHEN p.current_revision_id = rev.id THEN p.approved_at END) END AS approved_at,
      CASE WHEN rev.id IS NULL THEN p.approval_comment
        ELSE coalesce(rev.approval_comment, CASE WHEN p.current_revision_id = rev.id THEN p.approval_comment END) END AS approval_comment,
      rev.published_at AS published_at, coalesce(rev.created_at, p.updated_at) AS text_saved_at,
      rev.id IS NOT NULL AS from_published, p.version_major AS current_major, p.version_minor AS current_minor,
      (rev.id IS NOT NULL AND p.current_revision_id IS NOT rev.id) AS newer_draft,
      p.approved_by AS current_approved_by, p.approved_at AS current_approved_at`;
    const policyFrom = `policies p LEFT JOIN policy_revisions rev ON rev.id = p.published_revision_id AND rev.deleted_at IS NULL`;
    let policies = db
      .prepare(
        `${SCOPE_CTE}
         SELECT ${policyColumns} FROM ${policyFrom}
         WHERE p.org_id = @orgId AND p.deleted_at IS NULL AND p.id IN (
           SELECT pc.policy_id FROM policy_controls pc JOIN scope ON scope.control_id = pc.control_id WHERE pc.deleted_at IS NULL)
         ORDER BY p.title, p.id`,
      )
      .all(params) as PolicyRow[];
    if (policies.length === 0) {
      policies = db
        .prepare(
          `SELECT ${policyColumns} FROM ${policyFrom} WHERE p.org_id = @orgId AND p.deleted_at IS NULL ORDER BY p.title, p.id`,
        )
        .all(params) as PolicyRow[];
    }

    const evidence = db
      .prepare(
        `${SCOPE_CTE}
         SELECT e.id, e.title, e.description, e.sha256, e.file_name, e.mime_type, e.size_bytes, e.as_of_date, e.expires_on,
           e.renewal_days, e.audit_id, e.claimed_captured_at, e.capture_controls, e.capture_device_id, e.capture_device_name,
           e.capture_public_key, e.capture_key_fingerprint, e.capture_signature,
           (SELECT group_concat(c.label, '; ') FROM evidence_controls ec JOIN controls c ON c.id = ec.control_id
            WHERE ec.evidence_id = e.id AND ec.deleted_at IS NULL AND c.deleted_at IS NULL) AS control_labels
         FROM evidence e
         WHERE e.org_id = @orgId AND e.deleted_at IS NULL AND (e.audit_id = @auditId OR e.id IN (
           SELECT ec.evidence_id FROM evidence_controls ec JOIN scope ON scope.control_id = ec.control_id WHERE ec.deleted_at IS NULL))
         ORDER BY e.title, e.id`,
      )
      .all(params) as EvidenceRow[];

    // The audit's own trail: the audit, its scope, results and findings, and evidence captured
    // in it, in the order they were recorded (deleted findings included: the trail keeps them).
    const trail = db
      .prepare(
        `SELECT seq, id, record_table, record_id, action, actor, at, before, after, prev_hash, hash FROM audit_events
         WHERE org_id = @orgId AND (
           (record_table = 'audits' AND record_id = @auditId)
           OR (record_table = 'audit_scope' AND record_id IN (SELECT id FROM audit_scope WHERE audit_id = @auditId))
           OR (record_table = 'audit_results' AND record_id IN (SELECT id FROM audit_results WHERE audit_id = @auditId))
           OR (record_table = 'findings' AND record_id IN (SELECT id FROM findings WHERE audit_id = @auditId))
           OR (record_table = 'evidence' AND record_id IN (SELECT id FROM evidence WHERE audit_id = @auditId)))
         ORDER BY seq`,
      )
      .all(params) as TrailRow[];

    return { audit, results, findings, policies, evidence, trail };
  })();
}
