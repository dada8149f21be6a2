/**
 * Main's side of drag and drop and of the open dialog, on real files: a path the renderer says
 * was dropped is offered only when it is a regular file outside the app's data folder and the
 * system's pseudo-files; a token is redeemed once, and not for a file that changed since; the
 * core's choose-file and redeem-drop requests pass main's request check.
 */
import { mkdirSync, symlinkSync, writeFileSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDroppedPath, createDropTokens, DROP_TOKEN_TTL_MS } from '../../../../src-main/electron/files/drop-tokens';
import { planShellRequest } from '../../../../src-main/electron/files/shell-request';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let dataDir: string;
let report: string;
beforeEach(() => {
  dir = tempDir();
  dataDir = path.join(dir.path, 'data');
  mkdirSync(path.join(dataDir, 'workspaces', 'local'), { recursive: true });
  writeFileSync(path.join(dataDir, 'workspaces', 'local', 'replica.sqlite3'), 'db');
  report = path.join(dir.path, 'report.pdf');
  writeFileSync(report, '%PDF-1.7 report');
});
afterEach(() => dir.remove());

describe('a dropped path', () => {
  it('is offered when it is a regular file of the user’s', () => {
    expect(checkDroppedPath(report, dataDir)).toEqual({ ok: true, path: report, name: 'report.pdf', sizeBytes: 15 });
  });

  it.each([
    ['a relative path', () => 'report.pdf', 'A dropped item has no usable path (drop files from a folder).'],
    ['no path (a File made in the page)', () => '', 'A dropped item has no usable path (drop files from a folder).'],
    ['not a string', () => 42, 'A dropped item has no usable path (drop files from a folder).'],
    ['a folder', () => dir.path, 'is not a file (a folder or a device).'],
    ['a missing file', () => path.join(dir.path, 'gone.txt'), '“gone.txt” is no longer there.'],
    [
      'the app’s own replica',
      () => path.join(dataDir, 'workspaces', 'local', 'replica.sqlite3'),
      'is one of ComplyFlow’s own files',
    ],
    [
      'a link into the app’s data folder',
      () => {
        const link = path.join(dir.path, 'innocent.pdf');
        symlinkSync(path.join(dataDir, 'workspaces', 'local', 'replica.sqlite3'), link);
        return link;
      },
      'is one of ComplyFlow’s own files',
    ],
    ['a kernel pseudo-file', () => '/proc/self/environ', 'is a system file, not a document'],
    ['a device', () => '/dev/zero', 'is not a file (a folder or a device).'],
  ])('is refused when it is %s', (_label, candidate, message) => {
    const checked = checkDroppedPath(candidate(), dataDir);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.message).toContain(message);
  });
});

describe('drop tokens', () => {
  it('are redeemed once for the confirmed path', () => {
    const tokens = createDropTokens();
    const token = tokens.mint(report);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokens.redeem(token)).toEqual({ ok: true, path: report });
    expect(tokens.redeem(token)).toEqual({
      ok: false,
      message: 'That dropped file is not known (or was added already): drop it again.',
    });
    expect(tokens.redeem('made-up')).toMatchObject({ ok: false });
  });

  it('are refused for a file changed since the drop, and expire', () => {
    let now = 0;
    const tokens = createDropTokens(() => now);
    const changed = tokens.mint(report);
    writeFileSync(report, '%PDF-1.7 another report');
    utimesSync(report, new Date(), new Date(Date.now() + 5000));
    expect(tokens.redeem(changed)).toEqual({ ok: false, message: '“report.pdf” changed after it was dropped: drop it again.' });
    const late = tokens.mint(report);
    now += DROP_TOKEN_TTL_MS + 1;
    expect(tokens.redeem(late)).toMatchObject({ ok: false });
  });
});

describe('main’s check of the core’s file requests', () => {
  it('passes choose-file and redeem-drop, which name no file of the data folder', () => {
    expect(planShellRequest({ type: 'shell-request', requestId: 'r1', action: 'choose-file' }, dataDir)).toEqual({
      plan: { requestId: 'r1', action: 'choose-file' },
    });
    expect(planShellRequest({ type: 'shell-request', requestId: 'r2', action: 'redeem-drop', token: 'abc' }, dataDir)).toEqual({
      plan: { requestId: 'r2', action: 'redeem-drop', token: 'abc' },
    });
    // A path smuggled beside them is not a field main reads.
    expect(
      planShellRequest({ type: 'shell-request', requestId: 'r3', action: 'redeem-drop', token: 'x'.repeat(101) }, dataDir),
    ).toEqual({
      refusal: null,
    });
  });
});
