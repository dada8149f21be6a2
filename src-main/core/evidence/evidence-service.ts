/**
 * Evidence records in the replica: add (file checked, stored once in the blob store, record
 * written), list with search and filters in pages, edit, tombstone and restore, control links,
 * and the verified file for preview. Every write goes through the synced-table writer
 * (sync/synced-rows.ts), so it lands in the outbox and the audit trail in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import { thisDeviceId } from '../devices/device-identity';
import type { z } from 'zod';
import {
  expiryOf,
  PREVIEW_MAX_BYTES,
  formatBytes,
  sizeLimitMessage,
  type ControlSearchInput,
  type ControlSearchOutput,
  type Evidence,
  type EvidenceAddInput,
  type EvidenceDetail,
  type EvidenceListInput,
  type EvidenceReplaceFileInput,
  type EvidenceUpdateInput,
  type LinkedControl,
} from '../../../src-shared/domain/evidence';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Db } from '../db/database';
import { controlRef, registerControlRef } from '../search/control-ref';
import { toFtsQuery } from '../search/fts-query';
import { syncedLinks } from '../sync/synced-links';
import { syncedTable } from '../sync/synced-rows';
import type { BlobStore } from './blob-store';
import type { StagedFiles } from '../files/staged-files';
import { withPdfTitle } from './pdf-title';
import { assignedAuditSql, auditHidden, visibleCaptureSql } from '../audits/assignments';
import { openAuditRow } from '../audits/audit-rows';
import type { DeviceSigner } from '../devices/device-signer';
import { signCapture, UNSIGNED, verifyCapture, type CaptureColumns } from './capture-signature';

interface EvidenceRow extends CaptureColumns {
  id: string;
  org_id: string;
  title: string;
  description: string;
  sha256: string;
  file_name: string;
  mime_type: string;
  size_bytes: number;
  as_of_date: string;
  expires_on: string | null;
  renewal_days: number | null;
  captured_by: string;
  device_id: string;
  audit_id: string | null;
  created_at: string;
  updated_at: string;
  updated_by: string;
  deleted_at: string | null;
}

export interface EvidenceServiceContext {
  db: Db;
  orgId: string;
  now: () => string;
  blobs: BlobStore;
  /** Files copied in and hashed, waiting for the record that names them (absent: this service adds no files). */
  staged?: StagedFiles;
  maxFileBytes: () => number;
}

/**
 * The day evidence stops being current, written exactly as the evidence_effective_expiry index
 * (migration 0009) so the expired filter is an index range: expired = this < today.
 */
export const EFFECTIVE_EXPIRY_SQL = `min(coalesce(expires_on, '9999-12-31'), coalesce(date(as_of_date, '+' || renewal_days || ' days'), '9999-12-31'))`;
const CONTROL_IDS_SQL = `(SELECT json_group_array(ec.control_id) FROM evidence_controls ec WHERE ec.evidence_id = e.id AND ec.deleted_at IS NULL) AS control_ids`;

/**
 * The columns an Evidence answer is made of, all a list page reads: decoding columns into JS is
 * most of what a warm page of 100 costs, and the capture's signature is for get alone.
 */
const LISTED_COLUMNS = [
  'id',
  'title',
  'description',
  'sha256',
  'file_name',
  'mime_type',
  'size_bytes',
  'as_of_date',
  'expires_on',
  'renewal_days',
  'audit_id',
  'captured_by',
  'created_at',
  'updated_at',
  'updated_by',
] as const satisfies readonly (keyof EvidenceRow)[];
type ListedRow = Pick<EvidenceRow, (typeof LISTED_COLUMNS)[number]>;
const LISTED_COLUMNS_SQL = LISTED_COLUMNS.map((column) => `e.${column}`).join(', ');

/** The answer for an evidence id that names no record, or one hidden from the caller (assignments.ts). */
export const noEvidence = (id: string) => new AppError(ErrorCode.NotFound, `No evidence with id ${id}.`);

/** A file name short enough for a message line. */
const shortName = (name: string) => {
  const chars = [...name];
  return chars.length <= 80 ? name : `${chars.slice(0, 60).join('')}…${chars.slice(-19).join('')}`;
};

export function createEvidenceService({ db, orgId, now, blobs, staged: stagedFiles, maxFileBytes }: EvidenceServiceContext) {
  const staged = {
    get area(): StagedFiles {
      if (!stagedFiles) throw new AppError(ErrorCode.Internal, 'This part of the app cannot take new files.');
      return stagedFiles;
    },
    peek: (id: string) => staged.area.peek(id),
    take: (id: string) => staged.area.take(id),
    discard: (id: string) => staged.area.discard(id),
  };
  registerControlRef(db);
  const today = () => now().slice(0, 10);
  /** Live items by effective expiry day, kept by triggers (migration 0013): totals without counting rows. */
  const countByExpiry = db
    .prepare(
      `SELECT coalesce(sum(n), 0) FROM evidence_expiry_counts
     WHERE org_id = @orgId AND (@expired IS NULL OR (@expired = 1) = (expiry < @today))`,
    )
    .pluck();

  /** `day`: today, read once by the caller (a page maps 100 rows against the same day). */
  const toEvidence = (row: ListedRow, controlIds: string[], day = today()): Evidence => ({
    id: row.id,
    title: row.title,
    description: row.description,
    sha256: row.sha256,
    fileName: row.file_name,
    mimeType: row.mime_type,
    sizeBytes: row.size_bytes,
    asOfDate: row.as_of_date,
    expiresOn: row.expires_on,
    renewalDays: row.renewal_days,
    ...expiryOf({ asOfDate: row.as_of_date, expiresOn: row.expires_on, renewalDays: row.renewal_days }, day),
    controlIds,
    auditId: row.audit_id,
    capturedBy: row.captured_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  });

  const liveRow = (id: string): EvidenceRow => {
    const row = db.prepare('SELECT * FROM evidence WHERE id = ? AND org_id = ? AND deleted_at IS NULL').get(id, orgId) as
      EvidenceRow | undefined;
    if (!row) throw noEvidence(id);
    return row;
  };
  /**
   * Prepared on an auditor's first list: the maintained expiry counts hold every live item, so
   * their total takes away the few captured in audits not assigned to them (evidence_by_audit).
   */
  const hiddenCountOf = () =>
    db
      .prepare(
        `SELECT count(*) FROM evidence INDEXED BY evidence_by_audit
         WHERE audit_id IS NOT NULL AND org_id = @orgId AND deleted_at IS NULL AND NOT (${assignedAuditSql('evidence.audit_id')})
           AND (@expired IS NULL OR (@expired = 1) = (${EFFECTIVE_EXPIRY_SQL} < @today))`,
      )
      .pluck();
  let hiddenCount: ReturnType<typeof hiddenCountOf> | null = null;

  const linkedControls = (evidenceId: string): LinkedControl[] =>
    db
      .prepare(
        `SELECT c.id, c.label, c.title, coalesce(f.title, '') AS frameworkTitle FROM evidence_controls ec
         JOIN controls c ON c.id = ec.control_id LEFT JOIN frameworks f ON f.id = c.framework_id
         WHERE ec.evidence_id = ? AND ec.deleted_at IS NULL AND c.deleted_at IS NULL ORDER BY c.sort_key, c.label`,
      )
      .all(evidenceId) as LinkedControl[];

  /** `registeredKey`: the key the server registered for the capturing device, when known. */
  const detail = (row: EvidenceRow, registeredKey?: string | null): EvidenceDetail => {
    const controls = linkedControls(row.id);
    return {
      ...toEvidence(
        row,
        controls.map((c) => c.id),
      ),
      controls,
      capture: verifyCapture(row, registeredKey),
    };
  };

  const assertControl = (controlId: string) => {
    const found = db.prepare('SELECT 1 FROM controls WHERE id = ? AND org_id = ? AND deleted_at IS NULL').get(controlId, orgId);
    if (!found) throw new AppError(ErrorCode.NotFound, `No control with id ${controlId}.`);
  };

  const assertDates = (asOfDate: string, expiresOn: string | null) => {
    if (expiresOn !== null && expiresOn < asOfDate) {
      throw new AppError(ErrorCode.InvalidInput, `The expiry date (${expiresOn}) is before the as-of date (${asOfDate}).`);
    }
  };

  /**
   * Evidence captured in an audit is part of that audit's record: once the audit is closed it
   * can no longer be edited, deleted, restored or re-linked (CONFLICT).
   */
  const assertAuditOpen = (row: EvidenceRow, what: string) => {
    if (row.audit_id === null) return;
    const audit = db.prepare('SELECT title, status FROM audits WHERE id = ? AND org_id = ?').get(row.audit_id, orgId) as
      { title: string; status: string } | undefined;
    if (audit?.status === 'closed') {
      throw new AppError(
        ErrorCode.Conflict,
        `“${row.title}” was captured in the audit “${audit.title}”, which is closed: it can no longer be ${what}.`,
      );
    }
  };

  const records = syncedTable<EvidenceRow>(db, 'evidence');
  const links = syncedLinks(db, 'evidence_controls');

  const insertRecord = db.transaction((row: EvidenceRow, controlIds: string[], actor: string) => {
    records.insert(row);
    for (const controlId of new Set(controlIds)) links.link(row.id, controlId, { orgId, actor, at: row.created_at });
  });

  /** The staged file a record names, refused when it no longer fits the limit (lowered since). */
  const stagedFile = (stagedFileId: string) => {
    const found = staged.peek(stagedFileId);
    const limit = maxFileBytes();
    if (found.file.sizeBytes > limit)
      throw new AppError(ErrorCode.FileRejected, sizeLimitMessage(shortName(found.file.fileName), found.file.sizeBytes, limit));
    return found.file;
  };

  /** Takes the staged file and moves it into its content-addressed place. */
  const adoptStaged = (stagedFileId: string) => {
    const { file, path } = staged.take(stagedFileId);
    blobs.adopt(path, file.sha256);
    return file;
  };

  /** What add refuses before anything is written: run before a capture is signed, so a refusal changes nothing. */
  const checkAdd = (input: z.output<typeof EvidenceAddInput>) => {
    const file = stagedFile(input.stagedFileId);
    assertDates(input.asOfDate, input.expiresOn);
    input.controlIds.forEach(assertControl);
    if (input.auditId !== null) openAuditRow(db, orgId, input.auditId, 'evidence can no longer be captured in it');
    return file;
  };

  return {
    checkAdd,
    /**
     * `capture`: this computer's signer and name, for evidence captured in an audit (the
     * capture is signed, see capture-signature.ts); without it the record is kept unsigned.
     */
    add(
      input: z.output<typeof EvidenceAddInput>,
      actor: string,
      capture?: { signer: DeviceSigner; deviceName: string } | null,
    ): Evidence {
      checkAdd(input);
      const file = adoptStaged(input.stagedFileId);
      const { sha256 } = file;
      const at = now();
      // As the codec will give it back after a round trip through the server (milliseconds, Z).
      const claimedCapturedAt = new Date(at).toISOString();
      const signature =
        capture && input.auditId !== null
          ? signCapture(capture.signer, {
              sha256,
              claimedCapturedAt,
              auditId: input.auditId,
              controlIds: input.controlIds,
              deviceName: capture.deviceName,
            })
          : UNSIGNED;
      const row: EvidenceRow = {
        id: randomUUID(),
        org_id: orgId,
        title: input.title,
        description: input.description,
        sha256,
        file_name: file.fileName,
        mime_type: file.mimeType,
        size_bytes: file.sizeBytes,
        as_of_date: input.asOfDate,
        expires_on: input.expiresOn,
        renewal_days: input.renewalDays,
        captured_by: actor,
        // The computer that captured it, once sync registered one ('' before; sent as null).
        device_id: thisDeviceId(db, orgId),
        audit_id: input.auditId,
        created_at: at,
        updated_at: at,
        updated_by: actor,
        deleted_at: null,
        claimed_captured_at: claimedCapturedAt,
        ...signature,
      };
      insertRecord(row, input.controlIds, actor);
      return toEvidence(row, [...new Set(input.controlIds)]);
    },

    /**
     * A new version of the record's file. The row's sha256, name, type and size change through
     * the synced writer, so the trail event holds the old and the new SHA-256; the old blob stays
     * in the store. A capture signed in an audit keeps its file (the signature covers it).
     */
    replaceFile: db.transaction((input: z.output<typeof EvidenceReplaceFileInput>, actor: string): Evidence => {
      const before = liveRow(input.id);
      assertAuditOpen(before, 'given a new file');
      if (before.audit_id !== null)
        throw new AppError(
          ErrorCode.Conflict,
          `“${before.title}” was captured in an audit and its signature covers its file: capture the new version as new evidence.`,
        );
      const next = stagedFile(input.stagedFileId);
      if (next.sha256 === before.sha256) {
        staged.discard(input.stagedFileId);
        throw new AppError(ErrorCode.Conflict, `“${shortName(next.fileName)}” is the file “${before.title}” already holds.`);
      }
      const file = adoptStaged(input.stagedFileId);
      const after: EvidenceRow = {
        ...before,
        sha256: file.sha256,
        file_name: file.fileName,
        mime_type: file.mimeType,
        size_bytes: file.sizeBytes,
        updated_at: now(),
        updated_by: actor,
      };
      records.update(before, after);
      db.prepare(
        `INSERT OR IGNORE INTO evidence_file_versions
           (evidence_id, org_id, sha256, file_name, mime_type, size_bytes, replaced_at, replaced_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(before.id, orgId, before.sha256, before.file_name, before.mime_type, before.size_bytes, after.updated_at, actor);
      return toEvidence(
        after,
        linkedControls(after.id).map((c) => c.id),
      );
    }),

    get(id: string, registeredKey?: string | null): EvidenceDetail {
      return detail(liveRow(id), registeredKey);
    },

    /**
     * Refuses, as for a missing record, evidence captured in an audit hidden from `assignedTo`
     * (assignments.ts assignmentScope; null: not limited). Evidence in no audit stays visible.
     */
    assertVisible(id: string, assignedTo: string | null): void {
      if (assignedTo === null) return;
      const auditId =
        (db.prepare('SELECT audit_id FROM evidence WHERE id = ? AND org_id = ?').pluck().get(id, orgId) as
          string | null | undefined) ?? null;
      if (auditHidden(db, assignedTo, auditId)) throw noEvidence(id);
    },

    /**
     * `assignedTo`: an auditor's user id leaves out evidence captured in audits not assigned to
     * them, as search and the dashboard do (a display rule, not a security boundary: assignments.ts).
     */
    list(input: z.output<typeof EvidenceListInput>, assignedTo: string | null = null): { items: Evidence[]; total: number } {
      const match = input.query ? toFtsQuery(input.query) : null;
      if (input.query && !match) return { items: [], total: 0 };
      const where = ['org_id = @orgId', 'deleted_at IS NULL'];
      if (assignedTo !== null) where.push(visibleCaptureSql('e.audit_id'));
      if (match) where.push('e.rowid IN (SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH @match)');
      if (input.expired === true) where.push(`${EFFECTIVE_EXPIRY_SQL} < @today`);
      if (input.expired === false) where.push(`${EFFECTIVE_EXPIRY_SQL} >= @today`);
      if (input.controlId)
        where.push('e.id IN (SELECT evidence_id FROM evidence_controls WHERE control_id = @controlId AND deleted_at IS NULL)');
      if (input.auditId) where.push('e.audit_id = @auditId');
      const params = {
        orgId,
        match,
        today: today(),
        controlId: input.controlId,
        auditId: input.auditId,
        limit: input.limit,
        offset: input.offset,
        userId: assignedTo,
      };
      const clause = where.join(' AND ');
      // Filtered by nothing but expiry, the total is a sum of the triggers' counts, not a count of every row.
      const byExpiryOnly = !match && !input.controlId && !input.auditId;
      const expired = input.expired === undefined ? null : input.expired ? 1 : 0;
      const total = byExpiryOnly
        ? (countByExpiry.get({ orgId, today: params.today, expired }) as number) -
          (assignedTo === null
            ? 0
            : ((hiddenCount ??= hiddenCountOf()).get({ orgId, today: params.today, expired, userId: assignedTo }) as number))
        : (db.prepare(`SELECT count(*) AS n FROM evidence e WHERE ${clause}`).get(params) as { n: number }).n;
      // Newest first; never ORDER BY rank over a large match set. The page's rowids come from the
      // (org_id, deleted_at, updated_at, id) index alone, so a deep offset walks index entries,
      // not rows; "current" is most rows, so walking that index in order beats sorting matches.
      const byRecency = input.expired === false && !match ? 'INDEXED BY evidence_recent' : '';
      const rows = db
        .prepare(
          `SELECT ${LISTED_COLUMNS_SQL}, ${CONTROL_IDS_SQL} FROM evidence e
           WHERE e.rowid IN (
             SELECT e.rowid FROM evidence e ${byRecency} WHERE ${clause}
             ORDER BY e.updated_at DESC, e.id DESC LIMIT @limit OFFSET @offset
           )
           ORDER BY e.updated_at DESC, e.id DESC`,
        )
        .all(params) as (ListedRow & { control_ids: string })[];
      return { items: rows.map((row) => toEvidence(row, JSON.parse(row.control_ids) as string[], params.today)), total };
    },

    update: db.transaction((input: z.output<typeof EvidenceUpdateInput>, actor: string): Evidence => {
      const before = liveRow(input.id);
      assertAuditOpen(before, 'changed');
      const after: EvidenceRow = {
        ...before,
        title: input.title ?? before.title,
        description: input.description ?? before.description,
        as_of_date: input.asOfDate ?? before.as_of_date,
        expires_on: input.expiresOn === undefined ? before.expires_on : input.expiresOn,
        renewal_days: input.renewalDays === undefined ? before.renewal_days : input.renewalDays,
        updated_at: now(),
        updated_by: actor,
      };
      assertDates(after.as_of_date, after.expires_on);
      // A save without change writes nothing (not even a new updated_at).
      const saved = records.updateIfChanged(before, after) ? after : before;
      return toEvidence(
        saved,
        linkedControls(after.id).map((c) => c.id),
      );
    }),

    delete: db.transaction((id: string, actor: string): { id: string } => {
      const before = liveRow(id);
      assertAuditOpen(before, 'deleted');
      const at = now();
      records.update(before, { ...before, deleted_at: at, updated_at: at, updated_by: actor }, 'delete');
      return { id };
    }),

    restore: db.transaction((id: string, actor: string): Evidence => {
      const before = db
        .prepare('SELECT * FROM evidence WHERE id = ? AND org_id = ? AND deleted_at IS NOT NULL')
        .get(id, orgId) as EvidenceRow | undefined;
      if (!before) throw new AppError(ErrorCode.NotFound, `No deleted evidence with id ${id}.`);
      assertAuditOpen(before, 'restored');
      const after = { ...before, deleted_at: null, updated_at: now(), updated_by: actor };
      records.update(before, after);
      db.prepare(
        `INSERT OR IGNORE INTO evidence_file_versions
           (evidence_id, org_id, sha256, file_name, mime_type, size_bytes, replaced_at, replaced_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(before.id, orgId, before.sha256, before.file_name, before.mime_type, before.size_bytes, after.updated_at, actor);
      return toEvidence(
        after,
        linkedControls(id).map((c) => c.id),
      );
    }),

    linkControl: db.transaction(
      (evidenceId: string, controlId: string, actor: string): { detail: EvidenceDetail; changed: boolean } => {
        const row = liveRow(evidenceId);
        assertAuditOpen(row, 'linked to other controls');
        assertControl(controlId);
        const { changed } = links.link(evidenceId, controlId, { orgId, actor, at: now() });
        return { detail: detail(row), changed };
      },
    ),

    unlinkControl: db.transaction(
      (evidenceId: string, controlId: string, actor: string): { detail: EvidenceDetail; linkId: string | null } => {
        const row = liveRow(evidenceId);
        assertAuditOpen(row, 'unlinked from its controls');
        const { id, changed } = links.unlink(evidenceId, controlId, { orgId, actor, at: now });
        return { detail: detail(row), linkId: changed ? id : null };
      },
    ),

    /** `assignedTo`: an auditor's user id leaves out records captured in audits hidden from them. */
    sameFile(sha256: string, assignedTo: string | null = null): { items: { id: string; title: string; createdAt: string }[] } {
      const only = assignedTo === null ? '' : `AND ${visibleCaptureSql('evidence.audit_id')}`;
      const items = db
        .prepare(
          `SELECT id, title, created_at AS createdAt FROM evidence
           WHERE org_id = @orgId AND sha256 = @sha256 AND deleted_at IS NULL ${only} ORDER BY created_at, id LIMIT 20`,
        )
        .all({ orgId, sha256, userId: assignedTo }) as { id: string; title: string; createdAt: string }[];
      return { items };
    },

    /** The stored file of a live record, for handing to the user; `read` re-verifies its SHA-256. */
    file(id: string) {
      const row = liveRow(id);
      return {
        name: row.file_name,
        title: row.title,
        mimeType: row.mime_type,
        sha256: row.sha256,
        sizeBytes: row.size_bytes,
        storedAt: blobs.pathOf(row.sha256),
        read: () => blobs.read(row.sha256),
      };
    },

    content(id: string): { mimeType: string; contentBase64: string } {
      const row = liveRow(id);
      if (row.mime_type === 'application/octet-stream') {
        throw new AppError(
          ErrorCode.FileRejected,
          `“${shortName(row.file_name)}” is not an image, PDF or text file, so it has no preview.`,
        );
      }
      if (row.size_bytes > PREVIEW_MAX_BYTES) {
        throw new AppError(
          ErrorCode.FileRejected,
          `“${shortName(row.file_name)}” is ${formatBytes(row.size_bytes)}; previews go up to ${formatBytes(PREVIEW_MAX_BYTES)}.`,
        );
      }
      const bytes = blobs.read(row.sha256);
      // The viewer titles a PDF by its metadata: give the preview the evidence title (preview bytes only).
      const shown = row.mime_type === 'application/pdf' ? withPdfTitle(bytes, row.title) : bytes;
      return { mimeType: row.mime_type, contentBase64: shown.toString('base64') };
    },

    searchControls(input: z.output<typeof ControlSearchInput>): z.input<typeof ControlSearchOutput> {
      const terms = input.query ? toFtsQuery(input.query) : null;
      if (input.query.trim() && !terms) return { items: [] };
      const where = ['c.org_id = @orgId', 'c.deleted_at IS NULL', 'f.deleted_at IS NULL'];
      // A control named by its label ("ac 2", "AC-02") is found even where the words do not match.
      if (terms)
        where.push(
          '(c.rowid IN (SELECT rowid FROM controls_fts WHERE controls_fts MATCH @match) OR cf_control_ref_rank(c.label, c.control_key, @ref) > 0)',
        );
      const items = db
        .prepare(
          `SELECT c.id, c.label, c.title, f.title AS frameworkTitle FROM controls c JOIN frameworks f ON f.id = c.framework_id
           WHERE ${where.join(' AND ')}
           ORDER BY cf_control_ref_rank(c.label, c.control_key, @ref) DESC, f.title, c.sort_key, c.label LIMIT @limit`,
        )
        .all({ orgId, match: terms && `{label title} : (${terms})`, ref: controlRef(input.query), limit: input.limit }) as {
        id: string;
        label: string;
        title: string;
        frameworkTitle: string;
      }[];
      return { items };
    },
  };
}

export type EvidenceService = ReturnType<typeof createEvidenceService>;
