import type { Migration } from '../migrate';

/**
 * Indexes for fieldwork: findings per control in an audit, and evidence captured during an
 * audit (the per-control evidence count). Indexes only: no synced column changes.
 */
export const m0010: Migration = {
  version: 10,
  name: 'audits-extra',
  sql: /* sql */ `
    CREATE INDEX IF NOT EXISTS findings_audit_control ON findings (audit_id, control_id) WHERE deleted_at IS NULL;
    CREATE INDEX IF NOT EXISTS evidence_by_audit ON evidence (audit_id) WHERE audit_id IS NOT NULL;
  `,
};
