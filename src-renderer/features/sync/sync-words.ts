/**
 * What the status bar and the sync panel say about sync, in words, from the core's SyncStatus
 * and outbox items. Pure (no DOM, no clock of its own) so the wording is unit-tested.
 */
import type { OutboxItem, SyncPausedReason, SyncProgress, SyncStatus } from '../../../src-shared/api/sync';

import { plural } from '../../../src-shared/words';

/** "12 s ago", "5 min ago", "3 h ago", "2 days ago": how long since an instant, as of `now`. */
export function ago(iso: string, now: number): string {
  const seconds = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 1000));
  if (Number.isNaN(seconds)) return iso;
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return `${plural(Math.floor(hours / 24), 'day')} ago`;
}

/** "about 12 s left", "about 3 min left". */
function left(seconds: number): string {
  const s = Math.ceil(seconds);
  return s < 60 ? `about ${s} s left` : `about ${Math.ceil(s / 60)} min left`;
}

const PHASE = { 'first-sync': 'Downloading your organization', pull: 'Downloading changes', push: 'Sending changes' } as const;

const count = (n: number) => n.toLocaleString('en-US');

/**
 * "Syncing 12,000 of 100,000 · about 40 s left" once the total is known; before that, rows so
 * far ("Downloading your organization: 12,000 so far"); the parts not known yet are left out.
 */
export function progressText(progress: SyncProgress): string {
  if (progress.total !== null && progress.total > 0) {
    const eta = progress.etaSeconds !== null ? ` · ${left(progress.etaSeconds)}` : '';
    return `Syncing ${count(Math.min(progress.done, progress.total))} of ${count(progress.total)}${eta}`;
  }
  if (progress.done > 0 && progress.phase !== 'push') return `${PHASE[progress.phase]}: ${count(progress.done)} so far`;
  return `${PHASE[progress.phase]}…`;
}

/** The sync state itself, in words; null where the status bar already says it (online/offline). */
export function stateText(status: SyncStatus, now: number): string | null {
  switch (status.state) {
    case 'local-only':
      return 'Saved on this computer (not synced)';
    case 'idle':
      return status.lastSyncedAt ? `Synced ${ago(status.lastSyncedAt, now)}` : null;
    case 'syncing':
      return status.progress ? progressText(status.progress) : 'Syncing…';
    case 'offline':
      return null;
    case 'paused':
      return `Paused: ${status.message ?? 'sync is paused'}`;
    case 'signed-out':
      return 'Signed out: sign in to sync again';
    case 'error':
      return `Sync failed: ${status.message ?? 'the last round did not finish'}; it will try again`;
  }
}

/** "3 changes waiting", or null when nothing waits. */
export const pendingText = (status: SyncStatus): string | null =>
  status.pending > 0 ? `${plural(status.pending, 'change')} waiting` : null;

/** "1 needs attention" (refused or stalled changes), or null. */
export function attentionText(status: SyncStatus): string | null {
  const n = status.attention + status.stalled;
  return n > 0 ? `${n} ${n === 1 ? 'needs' : 'need'} attention` : null;
}

export const conflictsText = (status: SyncStatus): string | null =>
  status.conflicts > 0 ? `${plural(status.conflicts, 'conflict')} to resolve` : null;

const PAUSED_WORDS: Record<SyncPausedReason, string> = {
  update_required:
    'This version of ComplyFlow is too old to sync with your organization. Update to keep syncing; your work here is kept.',
  device_revoked:
    'Sync is paused: this computer was revoked for the organization. Ask an admin to allow it again; your work here is kept.',
  mfa_required:
    'Sync is paused: the organization asks for your second factor. Enter your authenticator code, or set up an authenticator if you have none, to keep syncing; your work here is kept.',
};

/**
 * The banner's words while sync is paused, null otherwise. Chosen by the engine's reason code
 * and fields, never by matching the message (which is for people and may be reworded).
 */
export function pausedBannerText(status: SyncStatus | null): string | null {
  if (status?.state !== 'paused') return null;
  // Below the organization's minimum version: which version it wants, and which one runs here.
  if (status.pausedReason === 'update_required' && status.requiredVersion) {
    const { minimum, current } = status.requiredVersion;
    return `Your organization requires ComplyFlow ${minimum} or newer; this is ${current}. Update to keep syncing; your work here is kept.`;
  }
  if (status.pausedReason) return PAUSED_WORDS[status.pausedReason];
  return `Sync is paused: ${status.message ?? 'the organization stopped accepting changes from this computer'}. Your work here is kept.`;
}

export const STATE_LABEL: Record<OutboxItem['state'], string> = {
  waiting: 'Waiting',
  retrying: 'Retrying',
  stalled: 'Stalled',
  rejected: 'Refused',
};

const OP = { insert: 'New', update: 'Changed', delete: 'Deleted' } as const;

/** The kind of record, from its table: "policy", "evidence item", "control link". */
export function tableLabel(table: string): string {
  const known: Record<string, string> = {
    policies: 'policy',
    policy_revisions: 'policy revision',
    policy_controls: 'policy–control link',
    controls: 'control',
    control_implementations: 'control implementation',
    frameworks: 'framework',
    evidence: 'evidence item',
    evidence_controls: 'evidence–control link',
    audits: 'audit',
    audit_scope: 'audit scope entry',
    audit_results: 'audit result',
    findings: 'finding',
    audit_events: 'trail event',
  };
  return known[table] ?? table.replace(/_/g, ' ');
}

/** "Changed policy “Access Control”: title, body". */
export function changeText(item: OutboxItem): string {
  const fields = item.op === 'update' && item.fields.length ? `: ${item.fields.join(', ')}` : '';
  return `${OP[item.op]} ${tableLabel(item.table)} “${item.recordLabel}”${fields}`;
}

/** Reason codes of a refusal, in words (the server's own message, when there is one, is shown too). */
export function reasonText(reason: string | null): string | null {
  if (!reason) return null;
  const words: Record<string, string> = {
    forbidden: 'your role in the organization does not allow this change',
    invalid: 'the server found the change invalid',
    // Another org's record answers exactly like a missing one (the server says nothing about it).
    missing_reference: 'it points at a record the server does not have (or one outside this organization)',
    conflict: 'someone else changed the same record',
    unknown_table: 'the server does not know this kind of record',
    unknown_field: 'the server does not know one of the fields',
    update_required: 'this version of ComplyFlow is too old for the organization',
    device_revoked: 'this computer was signed out of the organization',
  };
  return words[reason] ?? reason.replace(/_/g, ' ');
}

/** Can a person decide about this change now (export it, discard it)? Refused for good, or stalled. */
export const needsPerson = (item: OutboxItem): boolean => item.state === 'rejected' || item.state === 'stalled';

/**
 * Why the change waits on a person, in words: "The server refused it because …" for a refusal
 * for good, "The server keeps refusing it because …; it is tried again until you discard it"
 * for a stalled one (an answer that may pass, e.g. a missing reference, that has not passed for
 * over 10 minutes).
 */
export function refusalText(item: OutboxItem): string {
  const why = reasonText(item.reason);
  if (item.state === 'stalled') {
    return `The server keeps refusing it${why ? ` because ${why}` : ''}; it has been tried for over 10 minutes and is tried again until you discard it.`;
  }
  return `The server refused it${why ? ` because ${why}` : ''}.`;
}
