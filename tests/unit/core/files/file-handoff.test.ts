/**
 * Files handed to the user through the real router: a download with the original name
 * sanitized and the bytes re-verified; the desktop actions through a DesktopShell (the parent
 * port one, talking to a stand-in for Electron's main, which cannot run here); a clear refusal
 * where there is no desktop.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { parentPortShell } from '../../../../src-main/core/host/parent-shell';
import { ErrorCode } from '../../../../src-shared/errors';
import { tempDir } from '../../../support/temp-dir';
import { stagedId } from '../../../support/staged-file';

let dir: ReturnType<typeof tempDir>;
let core: Core;
const ctx = { actor: 'local' };
const call = (ns: string, method: string, input: unknown) => core.router.call(ns, method, input, ctx);
async function ok<T = Record<string, unknown>>(ns: string, method: string, input: unknown): Promise<T> {
  const result = await call(ns, method, input);
  if (!result.ok) throw new Error(`${ns}.${method} failed: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}
const addEvidence = async (fileName: string, bytes: Buffer) =>
  ok<{ id: string; sha256: string }>('evidence', 'add', {
    title: 'Access review',
    stagedFileId: await stagedId(core, bytes, fileName),
    asOfDate: '2026-02-01',
  });

/** Electron's main as the core sees it: answers each request as a user at the dialog would. */
function fakeMain(
  answer: (request: Record<string, string>) => { ok: true; path: string | null } | { ok: false; message: string },
) {
  const requests: Record<string, string>[] = [];
  /** What the file named in each request held when main got it (main copies or opens it then). */
  const contents: (Buffer | null)[] = [];
  const shell = parentPortShell({
    postMessage(message) {
      const request = message as Record<string, string>;
      requests.push(request);
      contents.push(request.path && existsSync(request.path) ? readFileSync(request.path) : null);
      queueMicrotask(() => shell.onReply({ type: 'shell-reply', requestId: request.requestId, ...answer(request) }));
    },
  });
  return { shell, requests, contents };
}

afterEach(() => {
  core.close();
  dir.remove();
});

describe('in the browser host (no desktop)', () => {
  beforeEach(() => {
    dir = tempDir();
    core = createCore({ dataDir: dir.path, log: { error: () => undefined } });
  });

  it('downloads the original with its name sanitized and its bytes verified', async () => {
    const bytes = Buffer.from('name,role\nana,admin\n');
    const evidence = await addEvidence('../../Q1 access/review?.csv', bytes);
    const download = await ok<{ fileName: string; contentBase64: string; sha256: string; sizeBytes: number }>(
      'evidence',
      'download',
      { id: evidence.id },
    );
    expect(download).toMatchObject({ fileName: 'Q1_access_review_.csv', sha256: evidence.sha256, sizeBytes: bytes.length });
    expect(Buffer.from(download.contentBase64, 'base64').equals(bytes)).toBe(true);

    // A stored file whose bytes changed is refused, not handed over.
    const blob = path.join(core.paths.blobs, 'sha256', evidence.sha256.slice(0, 2), evidence.sha256.slice(2));
    writeFileSync(blob, 'tampered');
    const tampered = await call('evidence', 'download', { id: evidence.id });
    expect(tampered.ok ? 'ok' : tampered.error.code).not.toBe('ok');
  });

  it('finds the evidence already holding a file by its SHA-256, live records only', async () => {
    const first = await addEvidence('a.csv', Buffer.from('same bytes'));
    const second = await addEvidence('b.csv', Buffer.from('same bytes'));
    await addEvidence('c.csv', Buffer.from('other bytes'));
    const same = await ok<{ items: { id: string; title: string }[] }>('evidence', 'sameFile', { sha256: first.sha256 });
    expect(same.items.map((i) => i.id)).toEqual([first.id, second.id]);
    await ok('evidence', 'delete', { id: first.id });
    expect(
      (await ok<{ items: { id: string }[] }>('evidence', 'sameFile', { sha256: first.sha256 })).items.map((i) => i.id),
    ).toEqual([second.id]);
    const bad = await call('evidence', 'sameFile', { sha256: 'ABC' });
    expect(bad.ok ? 'ok' : bad.error.code).toBe(ErrorCode.InvalidInput);
  });

  it('says the desktop actions need the desktop app, and reports it has none', async () => {
    const evidence = await addEvidence('a.txt', Buffer.from('x'));
    expect(await ok('app', 'fileActions', {})).toEqual({ native: false });
    for (const [ns, method, input, what] of [
      ['evidence', 'openOriginal', { id: evidence.id }, 'Opening the original file'],
      ['evidence', 'saveCopy', { id: evidence.id }, 'Saving a copy'],
      ['exports', 'saveAs', { fileName: 'x.zip' }, 'Save as…'],
      ['exports', 'showInFolder', { fileName: 'x.zip' }, 'Show in folder'],
    ] as const) {
      const result = await call(ns, method, input);
      expect(result.ok ? 'ok' : result.error).toEqual({
        code: ErrorCode.Conflict,
        message: `${what} needs the desktop app; in the browser, download the file instead.`,
      });
    }
  });

  it('downloads a written package by its file name only', async () => {
    const fw = await ok<{ frameworkId: string }>('frameworks', 'importShipped', { name: 'nist-800-53r5-low', jobId: 'j' });
    const audit = await ok<{ id: string }>('audits', 'create', {
      title: 'Q1',
      frameworkId: fw.frameworkId,
      windowStart: '2026-01-01',
      windowEnd: '2026-03-31',
    });
    const written = await ok<{ fileName: string; sha256: string; path: string }>('exports', 'auditPackage', {
      auditId: audit.id,
    });
    const download = await ok<{ fileName: string; sha256: string; contentBase64: string }>('exports', 'download', {
      fileName: written.fileName,
    });
    expect(download).toMatchObject({ fileName: written.fileName, sha256: written.sha256 });
    expect(Buffer.from(download.contentBase64, 'base64').equals(readFileSync(written.path))).toBe(true);
    for (const fileName of ['../replica.sqlite3', '/etc/passwd', 'missing.zip', 'UPPER.zip']) {
      const result = await call('exports', 'download', { fileName });
      expect(result.ok ? 'ok' : result.error.code, fileName).toBe(
        fileName === 'missing.zip' ? ErrorCode.NotFound : ErrorCode.InvalidInput,
      );
    }
  });
});

describe('in the desktop app', () => {
  it('opens a verified temporary copy (active content as text), saves a copy where the user chose, and shows a package', async () => {
    dir = tempDir();
    const main = fakeMain((request) => ({
      ok: true,
      path: request.action === 'save-copy' ? '/home/ana/Downloads/copy.html' : request.path,
    }));
    core = createCore({ dataDir: dir.path, desktop: main.shell, log: { error: () => undefined } });
    expect(await ok('app', 'fileActions', {})).toEqual({ native: true });

    const page = Buffer.from('<script>alert(1)</script>');
    const evidence = await addEvidence('export.html', page);
    const opened = await ok<{ done: boolean; path: string; message: string }>('evidence', 'openOriginal', { id: evidence.id });
    expect(opened.message).toBe('“export.html” could run scripts, so it opened as text.');
    expect(opened.path.startsWith(path.join(dir.path, 'tmp', 'open'))).toBe(true);
    expect(path.basename(opened.path)).toBe('export.html.txt');
    expect(readFileSync(opened.path).equals(page)).toBe(true);
    expect(main.requests[0]).toMatchObject({ type: 'shell-request', action: 'open', path: opened.path });

    const saved = await ok('evidence', 'saveCopy', { id: evidence.id });
    expect(saved).toEqual({
      done: true,
      path: '/home/ana/Downloads/copy.html',
      message: 'Saved a copy as /home/ana/Downloads/copy.html.',
    });
    expect(main.requests[1]).toMatchObject({ action: 'save-copy', suggestedName: 'export.html' });
    // Main copies a verified temporary copy (never the store's own file), removed once saved.
    expect(main.requests[1].path.startsWith(path.join(dir.path, 'tmp'))).toBe(true);
    expect(main.contents[1]?.equals(page)).toBe(true);
    expect(existsSync(main.requests[1].path)).toBe(false);
  });

  it('answers a cancelled dialog as not saved, and a failure from main in words', async () => {
    dir = tempDir();
    let fail = false;
    const main = fakeMain(() =>
      fail ? { ok: false, message: 'No application is registered for .xyz files.' } : { ok: true, path: null },
    );
    core = createCore({ dataDir: dir.path, desktop: main.shell, log: { error: () => undefined } });
    const evidence = await addEvidence('data.txt', Buffer.from('x'));
    expect(await ok('evidence', 'saveCopy', { id: evidence.id })).toEqual({ done: false, path: null, message: 'Not saved.' });
    fail = true;
    const result = await call('evidence', 'openOriginal', { id: evidence.id });
    expect(result.ok ? 'ok' : result.error.message).toBe('No application is registered for .xyz files.');
  });
});
