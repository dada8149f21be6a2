import { describe, expect, it } from 'vitest';
import type { Transfer } from '../../../../src-shared/domain/transfers';
import { downloadOf, mergeTransferPage, upsertTransfer } from '../../../../src-renderer/features/files/transfer-list';

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);
let n = 0;
const transfer = (patch: Partial<Transfer>): Transfer => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  direction: 'download',
  evidenceId: '10000000-0000-4000-8000-000000000001',
  title: 'Firewall export',
  sha256: SHA_A,
  bytesDone: 0,
  bytesTotal: 1000,
  state: 'queued',
  lastError: null,
  attempts: 0,
  nextAttemptAt: null,
  updatedAt: '2026-12-02T06:00:00.000Z',
  ...patch,
});

describe('a progress event applied to the shown transfers', () => {
  it('replaces the transfer it names, in place', () => {
    const a = transfer({});
    const b = transfer({ sha256: SHA_B });
    const moved = { ...a, state: 'running' as const, bytesDone: 400, updatedAt: '2026-12-02T06:00:01.000Z' };
    expect(upsertTransfer([a, b], moved)).toEqual([moved, b]);
  });

  it('appends a transfer not listed yet', () => {
    const a = transfer({});
    const b = transfer({ direction: 'upload' });
    expect(upsertTransfer([a], b)).toEqual([a, b]);
  });

  it('ignores a copy older than the one shown (an event that crossed a newer answer)', () => {
    const paused = transfer({ state: 'paused', bytesDone: 500, updatedAt: '2026-12-02T06:00:05.000Z' });
    const stale = { ...paused, state: 'running' as const, bytesDone: 450, updatedAt: '2026-12-02T06:00:04.000Z' };
    const list = [paused];
    expect(upsertTransfer(list, stale)).toBe(list);
  });
});

describe('a fresh list merged with what events brought', () => {
  const ASKED = '2026-12-02T06:00:10.000Z';

  it('takes the page, but keeps a newer copy an event already brought', () => {
    const old = transfer({ bytesDone: 100, updatedAt: '2026-12-02T06:00:09.000Z' });
    const newer = { ...old, bytesDone: 700, state: 'running' as const, updatedAt: '2026-12-02T06:00:11.000Z' };
    expect(mergeTransferPage([newer], [old], ASKED)).toEqual([newer]);
    const fresher = { ...old, bytesDone: 900, updatedAt: '2026-12-02T06:00:12.000Z' };
    expect(mergeTransferPage([newer], [fresher], ASKED)).toEqual([fresher]);
  });

  it('keeps a transfer that started after the list was asked for, and drops one that is gone', () => {
    const started = transfer({ updatedAt: '2026-12-02T06:00:11.000Z' });
    const gone = transfer({ state: 'done', bytesDone: 1000, updatedAt: '2026-12-02T06:00:02.000Z' });
    const listed = transfer({ direction: 'upload', updatedAt: '2026-12-02T06:00:03.000Z' });
    expect(mergeTransferPage([gone, started], [listed], ASKED)).toEqual([listed, started]);
  });
});

describe('the download of a file', () => {
  it('is found by SHA-256, newest first, never an upload', () => {
    const upload = transfer({ direction: 'upload', updatedAt: '2026-12-02T06:00:09.000Z' });
    const first = transfer({ state: 'failed', updatedAt: '2026-12-02T06:00:01.000Z' });
    const retry = transfer({ state: 'running', updatedAt: '2026-12-02T06:00:05.000Z' });
    const other = transfer({ sha256: SHA_B });
    expect(downloadOf([upload, first, retry, other], SHA_A)).toBe(retry);
    expect(downloadOf([upload], SHA_A)).toBeUndefined();
  });
});
