/**
 * How a trail event's stored values read to a person: status words instead of enum values
 * ("In review", not in_review), one "Version v1.0 → v2.0" row instead of two number columns,
 * dates in the app's one format (components/dates.ts), ids shortened to what tells them apart
 * ("revision …3fa2"), a tombstone as "In the Trash", and catalog internals (sort keys, the raw
 * parameter list) left out. Works for every trail table; unknown fields fall back to their value
 * as text.
 */
import type { TrailEventView, TrailFieldChange } from '../../../src-shared/domain/trail';
import { formatBytes } from '../../../src-shared/domain/evidence';
import { formatDate, formatDateTime } from '../../components/dates';

/** Enum values as the app says them elsewhere (status badges, result pickers). */
const VALUE_LABELS: Record<string, string> = {
  // policies
  draft: 'Draft',
  in_review: 'In review',
  approved: 'Approved',
  published: 'Published',
  // controls
  not_started: 'Not started',
  in_progress: 'In progress',
  implemented: 'Implemented',
  not_applicable: 'Not applicable',
  // audits
  planned: 'Planned',
  fieldwork: 'Fieldwork',
  reporting: 'Reporting',
  closed: 'Closed',
  // audit results
  pass: 'Pass',
  fail: 'Fail',
  not_tested: 'Not tested',
  // findings
  open: 'Open',
  in_remediation: 'In remediation',
  accepted: 'Risk accepted',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};
/** Fields holding one of the enum values above. */
const ENUM_FIELDS = new Set(['status', 'result', 'severity']);

const FIELD_LABELS: Record<string, string> = {
  version: 'Version',
  sha256: 'SHA-256',
  mime_type: 'File type',
  size_bytes: 'Size',
  renewal_days: 'Renewal',
  as_of_date: 'As of',
  expires_on: 'Expires on',
  window_start: 'Observation window starts',
  window_end: 'Observation window ends',
  deleted_at: 'In the Trash',
  control_key: 'Control key',
  oscal_version: 'OSCAL version',
  source_uuid: 'Source catalog',
  catalog_source: 'Catalog',
  archived_at: 'Archived',
  param_values: 'Parameter values',
};

/** Column names as people say them. */
export function fieldLabel(field: string): string {
  if (FIELD_LABELS[field]) return FIELD_LABELS[field];
  const words = field.replace(/_id$/, '').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Columns that are the catalog's or the app's internals, not something a person changed: the
 * ordering key, and the parameter definitions (their values show in the statement).
 */
const HIDDEN_FIELDS = new Set(['sort_key', 'params']);

/** "revision …3fa2": enough of an id to tell two apart, named by what it points at. */
const shortId = (field: string, id: string) => {
  const noun = field
    .replace(/_id$/, '')
    .replace(/^(current|published|base)_/, '')
    .replace(/_/g, ' ');
  return `${noun} …${id.slice(-4)}`;
};

/** A stored value as text for a person; null when there is nothing (shown as "(empty)"). */
export function formatValue(field: string, value: unknown): string | null {
  // A tombstone reads as where the record is, not as a date that was once "(empty)".
  if (field === 'deleted_at') return typeof value === 'string' && value ? `Yes, since ${formatDateTime(value)}` : 'No';
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') {
    if (ENUM_FIELDS.has(field)) return VALUE_LABELS[value] ?? value.replace(/_/g, ' ');
    if (field.endsWith('_id') && UUID.test(value)) return shortId(field, value);
    if (DATE_ONLY.test(value)) return formatDate(value);
    if (DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))) return formatDateTime(value);
    if (field === 'auditors') {
      try {
        const names: unknown = JSON.parse(value);
        if (Array.isArray(names)) return names.length ? names.join(', ') : null;
      } catch {
        // Not a list: show it as stored.
      }
    }
    return value;
  }
  if (typeof value === 'number') {
    if (field === 'size_bytes') return formatBytes(value);
    if (field === 'renewal_days') return `every ${value} ${value === 1 ? 'day' : 'days'}`;
    return String(value);
  }
  return JSON.stringify(value);
}

type Pair = { before: unknown; after: unknown };
const num = (v: unknown) => (typeof v === 'number' ? v : null);

/**
 * The version pair as one "v1.0 → v2.0" change. The trail keeps only changed fields, so the
 * half that did not change is taken from `known` (the record as of the event, when the
 * events before it are loaded) or, for a new major version, from the rule that it starts at .0.
 */
function versionChange(major: Pair | undefined, minor: Pair | undefined, known: Record<string, unknown>): TrailFieldChange {
  const side = (which: 'before' | 'after') => {
    const M = num(major ? major[which] : known.version_major);
    let m = num(minor ? minor[which] : known.version_minor);
    // A new major version starts at .0; if the minor number did not change, it was .0 before too.
    if (m === null && major && !minor && num(major.after) !== num(major.before)) m = 0;
    if (M === null && m === null) return null;
    return `v${M ?? '?'}.${m ?? '?'}`;
  };
  return { field: 'version', before: side('before'), after: side('after') };
}

/**
 * The changes of each event as they should read, newest first like `events`. Known state is
 * rebuilt from the oldest loaded event forward, so a change of one half of the version still
 * shows the whole version.
 */
export function readableChanges(events: TrailEventView[]): Map<string, TrailFieldChange[]> {
  const out = new Map<string, TrailFieldChange[]>();
  const known: Record<string, unknown> = {};
  for (const event of [...events].reverse()) {
    const byField = new Map(event.changes.map((c) => [c.field, c]));
    const major = byField.get('version_major');
    const minor = byField.get('version_minor');
    const changes: TrailFieldChange[] = [];
    let versionDone = false;
    for (const change of event.changes) {
      if (HIDDEN_FIELDS.has(change.field)) continue;
      if (change.field === 'version_major' || change.field === 'version_minor') {
        if (!versionDone) changes.push(versionChange(major, minor, known));
        versionDone = true;
        continue;
      }
      changes.push(change);
    }
    for (const change of event.changes) known[change.field] = change.after;
    out.set(event.id, changes);
  }
  return out;
}
