/**
 * Direct SQL seeding of frameworks, controls, evidence, audits and findings for the reporting
 * tests (policies go through the router). Rows carry the synced bookkeeping columns like the
 * app's own writes.
 */
import { randomUUID } from 'node:crypto';
import type { Core } from '../../../../src-main/core/core';
import type { CoreDeps } from '../../../../src-main/core/deps';
import { createBlobStore } from '../../../../src-main/core/evidence/blob-store';
import type { MemberRole } from '../../../../src-shared/domain/account';
import { LOCAL_ORG_ID } from '../../../../src-shared/domain/common';

const AT = '2026-01-01T00:00:00.000Z';
const book = { org_id: LOCAL_ORG_ID, created_at: AT, updated_at: AT, updated_by: 'local' };

export function seedFramework(core: Core, title = 'NIST SP 800-53 Moderate') {
  const id = randomUUID();
  core.db
    .prepare(
      `INSERT INTO frameworks (id, org_id, title, source_uuid, created_at, updated_at, updated_by) VALUES (@id, @org_id, @title, @source_uuid, @created_at, @updated_at, @updated_by)`,
    )
    .run({ ...book, id, title, source_uuid: randomUUID() });
  return id;
}

export function seedControl(
  core: Core,
  frameworkId: string,
  fields: { key: string; label?: string; title: string; statement?: string; status?: string },
) {
  const id = randomUUID();
  core.db
    .prepare(
      `INSERT INTO controls (id, org_id, framework_id, control_key, label, title, statement, status, sort_key, created_at, updated_at, updated_by)
       VALUES (@id, @org_id, @framework_id, @key, @label, @title, @statement, @status, @key, @created_at, @updated_at, @updated_by)`,
    )
    .run({
      ...book,
      id,
      framework_id: frameworkId,
      key: fields.key,
      label: fields.label ?? fields.key.toUpperCase(),
      title: fields.title,
      statement: fields.statement ?? '',
      status: fields.status ?? 'not_started',
    });
  return id;
}

export function seedEvidence(
  core: Core,
  fields: {
    title: string;
    fileName?: string;
    bytes?: Buffer;
    asOfDate?: string;
    expiresOn?: string | null;
    renewalDays?: number | null;
    controlIds?: string[];
    auditId?: string | null;
    mimeType?: string;
    deleted?: boolean;
  },
) {
  const bytes = fields.bytes ?? Buffer.from(`evidence ${fields.title}`);
  const { sha256, size } = createBlobStore(core.paths.blobs).put(bytes);
  const id = randomUUID();
  core.db
    .prepare(
      `INSERT INTO evidence (id, org_id, title, sha256, file_name, mime_type, size_bytes, as_of_date, expires_on, renewal_days, audit_id,
         created_at, updated_at, updated_by, deleted_at)
       VALUES (@id, @org_id, @title, @sha256, @file_name, @mime_type, @size, @as_of_date, @expires_on, @renewal_days, @audit_id,
         @created_at, @updated_at, @updated_by, @deleted_at)`,
    )
    .run({
      ...book,
      id,
      title: fields.title,
      sha256,
      file_name: fields.fileName ?? `${fields.title}.txt`,
      mime_type: fields.mimeType ?? 'text/plain',
      size,
      as_of_date: fields.asOfDate ?? '2026-01-01',
      expires_on: fields.expiresOn ?? null,
      renewal_days: fields.renewalDays ?? null,
      audit_id: fields.auditId ?? null,
      deleted_at: fields.deleted ? AT : null,
    });
  for (const controlId of fields.controlIds ?? []) {
    core.db
      .prepare(
        `INSERT INTO evidence_controls (id, org_id, evidence_id, control_id, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(randomUUID(), LOCAL_ORG_ID, id, controlId, AT, AT, 'local');
  }
  return { id, sha256 };
}

export function seedAudit(
  core: Core,
  fields: { title: string; frameworkId?: string | null; scope?: string[]; auditors?: string[] },
) {
  const id = randomUUID();
  core.db
    .prepare(
      `INSERT INTO audits (id, org_id, title, framework_id, window_start, window_end, status, auditors, created_at, updated_at, updated_by)
       VALUES (@id, @org_id, @title, @framework_id, '2026-01-01', '2026-03-31', 'fieldwork', @auditors, @created_at, @updated_at, @updated_by)`,
    )
    .run({
      ...book,
      id,
      title: fields.title,
      framework_id: fields.frameworkId ?? null,
      auditors: JSON.stringify(fields.auditors ?? ['Ada Auditor']),
    });
  for (const controlId of fields.scope ?? []) {
    core.db
      .prepare(
        `INSERT INTO audit_scope (id, org_id, audit_id, control_id, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(randomUUID(), LOCAL_ORG_ID, id, controlId, AT, AT, 'local');
  }
  return id;
}

export function seedResult(core: Core, auditId: string, controlId: string, result: string, notes = '') {
  core.db
    .prepare(
      `INSERT INTO audit_results (id, org_id, audit_id, control_id, result, notes, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(randomUUID(), LOCAL_ORG_ID, auditId, controlId, result, notes, AT, '2026-02-02T10:00:00.000Z', 'ada');
}

export function seedFinding(
  core: Core,
  auditId: string,
  fields: {
    title: string;
    severity: string;
    status?: string;
    controlId?: string | null;
    description?: string;
    deleted?: boolean;
  },
) {
  const id = randomUUID();
  core.db
    .prepare(
      `INSERT INTO findings (id, org_id, audit_id, control_id, title, description, severity, status, created_at, updated_at, updated_by, deleted_at)
       VALUES (@id, @org_id, @audit_id, @control_id, @title, @description, @severity, @status, @created_at, @updated_at, @updated_by, @deleted_at)`,
    )
    .run({
      ...book,
      id,
      audit_id: auditId,
      control_id: fields.controlId ?? null,
      title: fields.title,
      description: fields.description ?? '',
      severity: fields.severity,
      status: fields.status ?? 'open',
      deleted_at: fields.deleted ? AT : null,
    });
  return id;
}

export function linkPolicy(core: Core, policyId: string, controlId: string) {
  core.db
    .prepare(
      `INSERT INTO policy_controls (id, org_id, policy_id, control_id, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(randomUUID(), LOCAL_ORG_ID, policyId, controlId, AT, AT, 'local');
}

/** An auditor's assignment to an audit (what sync pulls from the server's audit_assignments). */
export function seedAssignment(core: Core, auditId: string, userId: string, fields: { withdrawn?: boolean } = {}) {
  core.db
    .prepare(
      `INSERT INTO audit_assignments (id, org_id, audit_id, user_id, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(randomUUID(), LOCAL_ORG_ID, auditId, userId, AT, AT, fields.withdrawn ? AT : null);
}

/** The core's deps as a member of its workspace with this role (null: no membership, the local workspace). */
export function depsAs(core: Core, role: MemberRole | null): CoreDeps {
  return {
    ...core.deps,
    membership: () =>
      role === null
        ? null
        : { orgId: LOCAL_ORG_ID, orgName: 'Org', role, requireMfa: false, displayName: null, allowSelfApproval: false },
  } as CoreDeps;
}
