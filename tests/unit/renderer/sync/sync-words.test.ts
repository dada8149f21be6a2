import { describe, expect, it } from 'vitest';
import type { OutboxItem, SyncStatus } from '../../../../src-shared/api/sync';
import {
  ago,
  attentionText,
  changeText,
  conflictsText,
  pausedBannerText,
  pendingText,
  progressText,
  needsPerson,
  reasonText,
  refusalText,
  stateText,
} from '../../../../src-renderer/features/sync/sync-words';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const status = (patch: Partial<SyncStatus>): SyncStatus => ({
  state: 'idle',
  pending: 0,
  attention: 0,
  stalled: 0,
  conflicts: 0,
  lastSyncedAt: null,
  progress: null,
  message: null,
  pausedReason: null,
  requiredVersion: null,
  live: true,
  ...patch,
});

describe('status bar words', () => {
  it('says how long ago the last sync was, in seconds, minutes, hours and days', () => {
    expect(ago('2026-12-01T11:59:48.000Z', NOW)).toBe('12 s ago');
    expect(ago('2026-12-01T11:55:00.000Z', NOW)).toBe('5 min ago');
    expect(ago('2026-12-01T09:00:00.000Z', NOW)).toBe('3 h ago');
    expect(ago('2026-11-30T12:00:00.000Z', NOW)).toBe('1 day ago');
    expect(ago('2026-11-28T12:00:00.000Z', NOW)).toBe('3 days ago');
    // A clock a little ahead of ours never reads as "in the future".
    expect(ago('2026-12-01T12:00:03.000Z', NOW)).toBe('0 s ago');
  });

  it('says the state: synced, syncing, paused with its reason, failed with its message', () => {
    expect(stateText(status({ lastSyncedAt: '2026-12-01T11:59:48.000Z' }), NOW)).toBe('Synced 12 s ago');
    expect(stateText(status({ state: 'syncing' }), NOW)).toBe('Syncing…');
    expect(stateText(status({ state: 'paused', message: 'this device was revoked' }), NOW)).toBe(
      'Paused: this device was revoked',
    );
    expect(stateText(status({ state: 'error', message: 'the server answered 500' }), NOW)).toMatch(
      /^Sync failed: the server answered 500/,
    );
    expect(stateText(status({ state: 'local-only' }), NOW)).toBe('Saved on this computer (not synced)');
    // Online/offline is the network part of the status bar; the sync part adds nothing then.
    expect(stateText(status({ state: 'offline' }), NOW)).toBeNull();
  });

  it('shows first-sync progress as rows of the total with the time left, and only the parts known so far', () => {
    expect(progressText({ phase: 'first-sync', done: 12_000, total: 100_000, etaSeconds: 39.2 })).toBe(
      'Syncing 12,000 of 100,000 · about 40 s left',
    );
    expect(progressText({ phase: 'first-sync', done: 1000, total: 100_000, etaSeconds: null })).toBe('Syncing 1,000 of 100,000');
    expect(progressText({ phase: 'first-sync', done: 12_000, total: null, etaSeconds: null })).toBe(
      'Downloading your organization: 12,000 so far',
    );
    expect(progressText({ phase: 'first-sync', done: 0, total: null, etaSeconds: null })).toBe('Downloading your organization…');
    expect(progressText({ phase: 'pull', done: 1, total: 4, etaSeconds: 150 })).toBe('Syncing 1 of 4 · about 3 min left');
    expect(stateText(status({ state: 'syncing', progress: { phase: 'push', done: 0, total: 0, etaSeconds: null } }), NOW)).toBe(
      'Sending changes…',
    );
  });

  it('counts waiting changes, those needing attention and conflicts, and says nothing at zero', () => {
    expect(pendingText(status({ pending: 3 }))).toBe('3 changes waiting');
    expect(pendingText(status({ pending: 1 }))).toBe('1 change waiting');
    expect(pendingText(status({}))).toBeNull();
    expect(attentionText(status({ attention: 1 }))).toBe('1 needs attention');
    expect(attentionText(status({ attention: 1, stalled: 2 }))).toBe('3 need attention');
    expect(attentionText(status({}))).toBeNull();
    expect(conflictsText(status({ conflicts: 2 }))).toBe('2 conflicts to resolve');
    expect(conflictsText(status({}))).toBeNull();
  });

  it('words the paused banner by the reason code, not by the message', () => {
    const tooOld =
      'This version of ComplyFlow is too old to sync with your organization. Update to keep syncing; your work here is kept.';
    expect(pausedBannerText(status({ state: 'paused', pausedReason: 'update_required', message: 'Sync stopped.' }))).toBe(tooOld);
    expect(
      pausedBannerText(status({ state: 'paused', pausedReason: 'device_revoked', message: 'Update your devices.' })),
    ).toMatch(/^Sync is paused: this computer was revoked .*your work here is kept\.$/);
    expect(pausedBannerText(status({ state: 'paused', pausedReason: 'mfa_required', message: 'x' }))).toMatch(/second factor/);
    // Words that mention an update do not count without the code: the message is shown as it is.
    expect(pausedBannerText(status({ state: 'paused', message: 'This app is too old: update ComplyFlow' }))).toBe(
      'Sync is paused: This app is too old: update ComplyFlow. Your work here is kept.',
    );
    // Below the organization's minimum version: the versions from the server's answer.
    const orgMinimum = { minimum: '2.0.0', current: '1.9.3' };
    expect(
      pausedBannerText(status({ state: 'paused', pausedReason: 'update_required', message: 'x', requiredVersion: orgMinimum })),
    ).toBe(
      'Your organization requires ComplyFlow 2.0.0 or newer; this is 1.9.3. Update to keep syncing; your work here is kept.',
    );
    // Not paused (a code left over does not count), or no status yet: no banner.
    expect(pausedBannerText(status({ state: 'error', pausedReason: 'update_required', message: 'update failed' }))).toBeNull();
    expect(pausedBannerText(status({ state: 'idle' }))).toBeNull();
    expect(pausedBannerText(null)).toBeNull();
  });
});

describe('sync panel words', () => {
  const item = (patch: Partial<OutboxItem>): OutboxItem => ({
    mutationId: '00000000-0000-4000-8000-000000000001',
    table: 'policies',
    recordId: '00000000-0000-4000-8000-000000000002',
    recordLabel: 'Access Control',
    op: 'update',
    fields: ['title', 'body'],
    since: '2026-12-01T11:00:00.000Z',
    attempts: 2,
    state: 'retrying',
    reason: null,
    lastError: null,
    nextAttemptAt: null,
    ...patch,
  });

  it('names the record, what kind it is and the fields changed', () => {
    expect(changeText(item({}))).toBe('Changed policy “Access Control”: title, body');
    expect(changeText(item({ op: 'insert', table: 'evidence', recordLabel: 'Firewall export' }))).toBe(
      'New evidence item “Firewall export”',
    );
    expect(changeText(item({ op: 'delete', table: 'some_new_table', recordLabel: 'x' }))).toBe('Deleted some new table “x”');
  });

  it('puts refusal reasons in words, keeping codes it does not know readable', () => {
    expect(reasonText('forbidden')).toMatch(/role/);
    expect(reasonText('missing_reference')).toMatch(/record the server does not have/);
    expect(reasonText('brand_new_reason')).toBe('brand new reason');
    expect(reasonText(null)).toBeNull();
  });

  it('says a stalled change is still refused and why, and that a person decides about it', () => {
    const stalled = item({ state: 'stalled', reason: 'missing_reference' });
    expect(refusalText(stalled)).toBe(
      'The server keeps refusing it because it points at a record the server does not have (or one outside this organization); it has been tried for over 10 minutes and is tried again until you discard it.',
    );
    expect(refusalText(item({ state: 'rejected', reason: 'forbidden' }))).toBe(
      'The server refused it because your role in the organization does not allow this change.',
    );
    expect(refusalText(item({ state: 'stalled', reason: null }))).toMatch(/^The server keeps refusing it; it has been tried/);
    expect([needsPerson(stalled), needsPerson(item({ state: 'rejected' }))]).toEqual([true, true]);
    expect([needsPerson(item({ state: 'retrying' })), needsPerson(item({ state: 'waiting' }))]).toEqual([false, false]);
  });
});
