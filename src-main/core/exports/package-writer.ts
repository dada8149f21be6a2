/**
 * Writes an audit package: a zip with manifest.json (every other file's path, SHA-256 and size),
 * a readable summary report (summary.html), the policies as markdown and printable HTML, the
 * evidence files (bytes verified against their hash on the way in; active content stored as
 * text, see active-content.ts), control results with each control's implementation, findings
 * in full, and the audit's trail, as CSV and JSON. The zip is written to a
 * temporary name beside the target and renamed when complete, so a half-written package never
 * carries the final name.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, linkSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ZipFile } from 'yazl';
import {
  PACKAGE_FORMAT,
  PACKAGE_FORMAT_VERSION,
  type AuditPackageOutput,
  type Manifest,
  type ManifestFile,
  type ManifestPolicy,
} from '../../../src-shared/domain/export';
import { parseParamValues } from '../frameworks/implementations';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { CoreDeps } from '../deps';
import { createBlobStore } from '../evidence/blob-store';
import { neutralizeActiveContent } from './active-content';
import { toCsv } from './csv';
import { readPackageData, SELECTION_RULES, type EvidenceRow, type PolicyRow } from './package-data';
import { policyHtml } from './policy-html';
import { summaryHtml } from './summary-html';
import { SIGNATURE_NAME, signManifest } from './package-signature';
import { workspaceSigner } from '../devices/device-signer';
import { CAPTURE_FORMAT, verifyCapture } from '../evidence/capture-signature';
import { captureLine } from '../../../src-shared/domain/evidence';
import { safeFileName, slugify, uniqueNamer } from './zip-names';

export const MANIFEST_NAME = 'manifest.json';

type Deps = Pick<CoreDeps, 'db' | 'orgId' | 'now' | 'emit' | 'appVersion' | 'paths' | 'dataDir' | 'sync'>;

export interface WriteOptions {
  auditId: string;
  /** Where to write; default <dataDir>/exports/<audit-slug>-<yyyymmdd-hhmmss>.zip. */
  outPath?: string;
  jobId?: string;
  /** Who exports (the request's actor), named in the manifest's signer. */
  actor?: string;
}

/** Column order of results.csv and findings.csv: new columns go last, so older readers keep working. */
const RESULT_COLUMNS = [
  'control',
  'controlKey',
  'title',
  'framework',
  'result',
  'notes',
  'testedBy',
  'testedAt',
  'implementationStatus',
  'implementationOwner',
  'notApplicableJustification',
  'implementationNotes',
  'parameters',
] as const;
const FINDING_COLUMNS = [
  'id',
  'control',
  'title',
  'description',
  'severity',
  'owner',
  'dueDate',
  'status',
  'createdAt',
  'updatedAt',
  'updatedBy',
  'condition',
  'criteria',
  'cause',
  'effect',
  'recommendation',
  'managementResponse',
  'riskAcceptedBy',
  'riskAcceptanceReason',
] as const;

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** 2026-03-04T05:06:07.123Z → 20260304-050607 */
export const stampOf = (iso: string) =>
  iso
    .replace(/\.\d+/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-')
    .replace(/Z$|[+-]\d{4}$/, '')
    .slice(0, 15);

function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Where packages are written by default: <dataDir>/exports. */
export const exportsFolder = (deps: Pick<Deps, 'dataDir'>) => path.join(deps.dataDir, 'exports');

function defaultTarget(deps: Deps, auditTitle: string): string {
  const folder = exportsFolder(deps);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const base = `${slugify(auditTitle)}-${stampOf(deps.now())}`;
  let candidate = path.join(folder, `${base}.zip`);
  for (let n = 2; existsSync(candidate); n++) candidate = path.join(folder, `${base}-${n}.zip`);
  return candidate;
}

/**
 * Puts the finished package in place, never replacing a file that appeared meanwhile: a hard link
 * fails when the target exists, where a rename would silently overwrite it. File systems without
 * hard links (FAT USB sticks) fall back to check-then-rename.
 */
function publishWithoutOverwrite(temp: string, target: string): void {
  try {
    linkSync(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new AppError(ErrorCode.Conflict, `${target} already exists; a package is never overwritten.`);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
    if (existsSync(target)) throw new AppError(ErrorCode.Conflict, `${target} already exists; a package is never overwritten.`);
    renameSync(temp, target);
  }
}

const STATUS_WORDS: Record<string, string> = {
  draft: 'draft',
  in_review: 'in review',
  approved: 'approved',
  published: 'published',
};

/** The day of an ISO instant, for sentences ("approved by X on 2026-03-11"). */
const dayOf = (iso: string | null) => (iso ? iso.slice(0, 10) : null);

/**
 * The approval record of an exported policy text, in words: the version in force with who
 * approved it and when it was published, or that no version is in force yet; and whether a
 * newer draft exists. The metadata rows describe the exported text only, never the draft.
 */
export function approvalRecordOf(policy: PolicyRow): {
  version: string;
  notices: string[];
  meta: [string, string | null][];
  newer: { version: string; status: string } | null;
} {
  const version = `${policy.version_major}.${policy.version_minor}`;
  const approval = policy.approved_by
    ? `approved by ${policy.approved_by}${policy.approved_at ? ` on ${dayOf(policy.approved_at)}` : ''}`
    : 'no approval recorded';
  const notices: string[] = [];
  let newer: { version: string; status: string } | null = null;
  if (policy.from_published) {
    const published = policy.published_at ? `published on ${dayOf(policy.published_at)}` : 'publication date not recorded';
    notices.push(`Version in force: v${version}, ${approval}, ${published}.`);
    if (policy.newer_draft) {
      newer = { version: `${policy.current_major}.${policy.current_minor}`, status: policy.status };
      notices.push(
        policy.status === 'approved'
          ? `A newer version (v${newer.version}) is approved${policy.current_approved_by ? ` by ${policy.current_approved_by}` : ''} but not yet published.`
          : `A newer draft (v${newer.version}) is not yet approved.`,
      );
    }
  } else {
    const state = STATUS_WORDS[policy.status] ?? policy.status;
    notices.push(
      `No version is in force yet: this is the current text, v${version} (${state}${policy.approved_by ? `, ${approval}` : ''}), not yet published.`,
    );
  }
  const meta: [string, string | null][] = policy.from_published
    ? [
        ['Status', 'Published (in force)'],
        ['Version', version],
        ['Owner', policy.owner || '—'],
        ['Approved by', policy.approved_by],
        ['Approved at', policy.approved_at],
        ['Approval comment', policy.approval_comment],
        ['Published at', policy.published_at],
        ['Next review', policy.next_review_date],
        ['Text saved', policy.text_saved_at],
      ]
    : [
        ['Status', STATUS_WORDS[policy.status] ?? policy.status],
        ['Version', version],
        ['Owner', policy.owner || '—'],
        ['Approved by', policy.approved_by],
        ['Approved at', policy.approved_at],
        ['Approval comment', policy.approval_comment],
        ['Next review', policy.next_review_date],
        ['Last changed', policy.text_saved_at],
      ];
  return { version, notices, meta, newer };
}

export async function writeAuditPackage(deps: Deps, options: WriteOptions): Promise<AuditPackageOutput> {
  const jobId = options.jobId ?? randomUUID();
  const data = readPackageData(deps.db, deps.orgId, options.auditId);
  // Before a byte is written: a device that cannot sign (an organization copy never synced)
  // refuses in words rather than writing a package no one can verify.
  const signer = await workspaceSigner(deps);
  const { audit } = data;
  const label = `Exporting ${audit.title}`;
  const store = createBlobStore(deps.paths.blobs);
  const total = data.policies.length * 2 + data.evidence.length + 7;
  let done = 0;
  const progress = (step = 1) => {
    done += step;
    deps.emit('job.progress', { jobId, label, done: Math.min(done, total), total });
  };
  deps.emit('job.progress', { jobId, label, done: 0, total });

  // Entries are collected first and zipped after the manifest, which is known only at the end.
  // Evidence is held as its blob path (verified now, streamed later), not as bytes in memory.
  const pending: { name: string; source: Buffer | string; compress: boolean }[] = [];
  const files: ManifestFile[] = [];
  const uniquePath = uniqueNamer();
  const mtime = new Date(deps.now());
  const addBytes = (wanted: string, bytes: Buffer) => {
    const entry = uniquePath(wanted);
    pending.push({ name: entry, source: bytes, compress: true });
    files.push({ path: entry, sha256: sha256Of(bytes), size: bytes.length });
    return entry;
  };
  const addText = (wanted: string, text: string) => addBytes(wanted, Buffer.from(text, 'utf8'));
  /** A stored evidence file, verified already: streamed from its blob when zipped, never held whole. */
  const addStored = (
    wanted: string,
    stored: { file: string; sha256: string; size: number },
    compress: boolean,
    storedAsText?: ManifestFile['storedAsText'],
  ) => {
    const entry = uniquePath(wanted);
    pending.push({ name: entry, source: stored.file, compress });
    files.push({ path: entry, sha256: stored.sha256, size: stored.size, ...(storedAsText ? { storedAsText } : {}) });
    return entry;
  };

  const policyIndex: ManifestPolicy[] = [];
  for (const policy of data.policies) {
    const base = `policies/${slugify(policy.title)}-${policy.id.slice(0, 8)}`;
    const record = approvalRecordOf(policy);
    const md = addText(
      `${base}.md`,
      `# ${policy.title}\n\n${record.notices.map((n) => `> ${n}\n`).join('>\n')}\n${policy.body}\n`,
    );
    progress();
    const html = addText(
      `${base}.html`,
      policyHtml({ title: policy.title, notices: record.notices, meta: record.meta, body: policy.body }, audit.title),
    );
    progress();
    policyIndex.push({
      id: policy.id,
      title: policy.title,
      version: record.version,
      inForce: policy.from_published === 1,
      approvedBy: policy.approved_by,
      approvedAt: policy.approved_at,
      approvalComment: policy.approval_comment,
      publishedAt: policy.published_at,
      status: policy.status,
      newerDraft: record.newer,
      files: [md, html],
    });
  }

  const omitted: Manifest['omitted'] = [];
  const evidenceIndex: Record<string, unknown>[] = [];
  const bySha = new Map<string, string>();
  for (const item of data.evidence) {
    let entry = bySha.get(`${item.sha256}/${item.file_name}`);
    if (!entry) {
      let size: number;
      try {
        // Hashed a megabyte at a time: a 2 GB recording is checked, then streamed into the zip.
        size = store.verify(item.sha256).size;
      } catch (error) {
        omitted.push({ evidenceId: item.id, title: item.title, reason: (error as Error).message });
        progress();
        continue;
      }
      // Already compressed formats gain nothing from deflate; text does.
      const compress = /^text\/|json|xml|csv/.test(item.mime_type);
      const name = `${item.sha256.slice(0, 12)}-${safeFileName(item.file_name)}`;
      const neutral = neutralizeActiveContent(name, item.mime_type);
      entry = addStored(
        `evidence/${neutral?.name ?? name}`,
        { file: store.pathOf(item.sha256), sha256: item.sha256, size },
        compress,
        neutral ? { originalName: item.file_name, reason: neutral.reason } : undefined,
      );
      bySha.set(`${item.sha256}/${item.file_name}`, entry);
    }
    evidenceIndex.push({
      id: item.id,
      title: item.title,
      description: item.description,
      file: entry,
      originalFileName: item.file_name,
      storedAsText: files.find((f) => f.path === entry)?.storedAsText?.reason ?? null,
      sha256: item.sha256,
      sizeBytes: item.size_bytes,
      mimeType: item.mime_type,
      asOfDate: item.as_of_date,
      expiresOn: item.expires_on,
      renewalDays: item.renewal_days,
      capturedInAudit: item.audit_id === audit.id,
      controls: item.control_labels ? item.control_labels.split('; ') : [],
      capture: captureEntry(item),
    });
    progress();
  }

  const results = data.results.map((r) => ({
    control: r.control_label || r.control_key,
    controlKey: r.control_key,
    title: r.control_title,
    framework: r.framework,
    result: r.result,
    notes: r.notes,
    testedBy: r.tested_by,
    testedAt: r.tested_at,
    implementationStatus: r.implementation_status,
    implementationOwner: r.implementation_owner,
    notApplicableJustification: r.na_justification,
    implementationNotes: r.implementation_notes,
    // Organization-defined parameter values, as set on the control's implementation.
    parameters: parseParamValues(r.parameter_values),
  }));
  const parameterText = (values: Record<string, string>) =>
    Object.entries(values)
      .map(([id, value]) => `${id} = ${value}`)
      .join('; ');
  addText(
    'results.csv',
    toCsv(
      RESULT_COLUMNS,
      results.map((r) => ({ ...r, parameters: parameterText(r.parameters) })),
    ),
  );
  addText('results.json', `${JSON.stringify(results, null, 2)}\n`);
  progress();
  const findings = data.findings.map((f) => ({
    id: f.id,
    control: f.control_label,
    title: f.title,
    description: f.description,
    severity: f.severity,
    owner: f.owner,
    dueDate: f.due_date,
    status: f.status,
    condition: f.condition,
    criteria: f.criteria,
    cause: f.cause,
    effect: f.effect,
    recommendation: f.recommendation,
    managementResponse: f.management_response,
    riskAcceptedBy: f.risk_accepted_by,
    riskAcceptanceReason: f.risk_acceptance_reason,
    createdAt: f.created_at,
    updatedAt: f.updated_at,
    updatedBy: f.updated_by,
  }));
  addText('findings.csv', toCsv(FINDING_COLUMNS, findings));
  addText('findings.json', `${JSON.stringify(findings, null, 2)}\n`);
  progress();
  addText('evidence.json', `${JSON.stringify(evidenceIndex, null, 2)}\n`);
  progress();
  const trail = data.trail.map((t) => ({
    seq: t.seq,
    id: t.id,
    recordTable: t.record_table,
    recordId: t.record_id,
    action: t.action,
    actor: t.actor,
    at: t.at,
    before: t.before === null ? null : (JSON.parse(t.before) as unknown),
    after: t.after === null ? null : (JSON.parse(t.after) as unknown),
    prevHash: t.prev_hash,
    hash: t.hash,
  }));
  addText('trail.json', `${JSON.stringify(trail, null, 2)}\n`);
  progress();

  let auditors: string[] = [];
  try {
    const parsed: unknown = JSON.parse(audit.auditors);
    if (Array.isArray(parsed)) auditors = parsed.map(String);
  } catch {
    auditors = [];
  }
  addText(
    'summary.html',
    summaryHtml({
      audit,
      auditors,
      generatedAt: deps.now(),
      appVersion: deps.appVersion,
      results: data.results,
      findings: data.findings,
      evidence: evidenceIndex.map((x) => ({
        title: String(x.title),
        file: String(x.file),
        sha256: String(x.sha256),
        asOfDate: String(x.asOfDate),
        controls: x.controls as string[],
        storedAsText: x.storedAsText !== null,
        capture: (x.capture as { line: string } | null)?.line ?? null,
      })),
      policies: policyIndex,
      trailEvents: trail.length,
      omitted: omitted.length,
      files,
    }),
  );
  progress();
  const manifest: Manifest = {
    format: PACKAGE_FORMAT,
    formatVersion: PACKAGE_FORMAT_VERSION,
    generatedAt: deps.now(),
    appVersion: deps.appVersion,
    audit: {
      id: audit.id,
      title: audit.title,
      frameworkId: audit.framework_id,
      frameworkTitle: audit.framework_title,
      windowStart: audit.window_start,
      windowEnd: audit.window_end,
      status: audit.status,
      auditors,
    },
    selection: SELECTION_RULES,
    omitted,
    policies: policyIndex,
    files,
    ...(signer
      ? {
          signer: {
            deviceId: signer.deviceId,
            deviceName: os.hostname().slice(0, 200),
            publicKey: signer.publicKey,
            fingerprint: signer.fingerprint,
            userId: deps.sync?.session().userId ?? null,
            user: options.actor ?? '',
            orgId: deps.orgId,
          },
        }
      : {}),
  };
  // The manifest goes first so a reader meets it before the files it describes.
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const target = options.outPath ? path.resolve(options.outPath) : defaultTarget(deps, audit.title);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID().slice(0, 8)}.partial`);
  const zip = new ZipFile();
  zip.addBuffer(manifestBytes, MANIFEST_NAME, { mtime, mode: 0o644 });
  if (signer) zip.addBuffer(signManifest(signer, manifestBytes), SIGNATURE_NAME, { mtime, mode: 0o644 });
  for (const entry of pending) {
    if (typeof entry.source === 'string') zip.addFile(entry.source, entry.name, { mtime, compress: entry.compress, mode: 0o644 });
    else zip.addBuffer(entry.source, entry.name, { mtime, compress: entry.compress, mode: 0o644 });
  }
  await writeZip(zip, temp);
  try {
    publishWithoutOverwrite(temp, target);
  } finally {
    rmSync(temp, { force: true });
  }
  progress(total);
  const sizeBytes = statSync(target).size;
  return {
    path: target,
    fileName: path.basename(target),
    sizeBytes,
    sha256: await hashFile(target),
    files: files.length,
    omitted: omitted.length,
    jobId,
  };
}

/** A signed capture as the package states it: what was signed, the verdict now, and its line. */
function captureEntry(item: EvidenceRow) {
  const proof = verifyCapture(item);
  if (!proof) return null;
  return {
    ...proof,
    controls: item.capture_controls ? item.capture_controls.split(',') : [],
    publicKey: item.capture_public_key,
    signature: item.capture_signature,
    format: CAPTURE_FORMAT,
    line: captureLine(proof),
  };
}

function writeZip(zip: ZipFile, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
    const fail = (error: Error) => {
      out.destroy();
      rmSync(file, { force: true });
      reject(error);
    };
    out.on('error', fail);
    out.on('close', () => resolve());
    zip.outputStream.on('error', fail).pipe(out);
    zip.end();
  });
}
