/**
 * A record's name as the replica has it, for the sync panel ("Access Control Policy", "AC-2
 * Account Management"), or a short description when the record is not (or no longer) here.
 */
import type { Db } from '../db/database';

/** The SQL naming a record of each table (the id is the only parameter). */
const LABELS: Readonly<Record<string, string>> = {
  policies: 'SELECT title AS label FROM policies WHERE id = ?',
  policy_revisions: `SELECT title || ' (revision ' || version_major || '.' || version_minor || ')' AS label FROM policy_revisions WHERE id = ?`,
  frameworks: 'SELECT title AS label FROM frameworks WHERE id = ?',
  controls: `SELECT trim(coalesce(nullif(label, ''), control_key) || ' ' || title) AS label FROM controls WHERE id = ?`,
  control_implementations: `SELECT control_key || ' implementation' AS label FROM control_implementations WHERE id = ?`,
  evidence: 'SELECT title AS label FROM evidence WHERE id = ?',
  audits: 'SELECT title AS label FROM audits WHERE id = ?',
  findings: 'SELECT title AS label FROM findings WHERE id = ?',
  policy_controls: `SELECT 'Link of ' || p.title || ' to ' || coalesce(nullif(c.label, ''), c.control_key) AS label
    FROM policy_controls l JOIN policies p ON p.id = l.policy_id JOIN controls c ON c.id = l.control_id WHERE l.id = ?`,
  evidence_controls: `SELECT 'Link of ' || e.title || ' to ' || coalesce(nullif(c.label, ''), c.control_key) AS label
    FROM evidence_controls l JOIN evidence e ON e.id = l.evidence_id JOIN controls c ON c.id = l.control_id WHERE l.id = ?`,
  audit_scope: `SELECT coalesce(nullif(c.label, ''), c.control_key) || ' in scope of ' || a.title AS label
    FROM audit_scope l JOIN audits a ON a.id = l.audit_id JOIN controls c ON c.id = l.control_id WHERE l.id = ?`,
  audit_results: `SELECT 'Result of ' || coalesce(nullif(c.label, ''), c.control_key) || ' in ' || a.title AS label
    FROM audit_results r JOIN audits a ON a.id = r.audit_id JOIN controls c ON c.id = r.control_id WHERE r.id = ?`,
  policy_conflicts: `SELECT 'Conflict in ' || coalesce(p.title, 'a policy') AS label
    FROM policy_conflicts k LEFT JOIN policies p ON p.id = k.policy_id WHERE k.id = ?`,
};

const WORDS: Readonly<Record<string, string>> = {
  policies: 'Policy',
  policy_revisions: 'Policy revision',
  frameworks: 'Framework',
  controls: 'Control',
  control_implementations: 'Control implementation',
  evidence: 'Evidence',
  audits: 'Audit',
  findings: 'Finding',
  policy_controls: 'Policy link',
  evidence_controls: 'Evidence link',
  audit_scope: 'Audit scope entry',
  audit_results: 'Audit result',
  policy_conflicts: 'Policy conflict',
};

export function recordLabel(db: Db, table: string, id: string): string {
  const sql = LABELS[table];
  const found = sql ? (db.prepare(sql).get(id) as { label: string | null } | undefined) : undefined;
  if (found?.label) return found.label;
  return `${WORDS[table] ?? table} ${id.slice(0, 8)}`;
}
