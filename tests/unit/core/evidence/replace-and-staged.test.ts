/**
 * Evidence over staged files through the real router and a real SQLite file: a staged file is
 * taken once; its SHA-256 is known before the record (sameFile offers the existing evidence);
 * replaceFile gives a record a new version whose trail event holds the old and new SHA-256 while
 * the old file stays in the store across a restart; staged files left when the app closed are
 * gone at the next start.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { blobPath } from './blob-path';
import type { Evidence } from '../../../../src-shared/domain/evidence';
import type { TrailEventView } from '../../../../src-shared/domain/trail';
import { ErrorCode } from '../../../../src-shared/errors';
import type { Result } from '../../../../src-shared/result';
import { snapshot } from '../../../support/db-snapshot';
import { stageBytes, stagedId } from '../../../support/staged-file';
import { tempDir } from '../../../support/temp-dir';
import { seedAudit, seedFramework } from '../dashboard/seed';
import { walk } from './walk';

let dir: ReturnType<typeof tempDir>;
let core: Core;
const ctx = { actor: 'local' };
const log = { error: () => undefined };
const call = (method: string, input: unknown) => core.router.call('evidence', method, input, ctx);
async function ok<T>(pending: Promise<Result<unknown>>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}
const add = async (text: string, fileName = 'review.txt', extra: Record<string, unknown> = {}) =>
  ok<Evidence>(
    call('add', { title: 'Access review', stagedFileId: await stagedId(core, text, fileName), asOfDate: '2026-03-01', ...extra }),
  );

beforeEach(() => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, log });
});
afterEach(() => {
  core.close();
  dir.remove();
});

describe('a staged file', () => {
  it('is known by its SHA-256 before the record, which offers the evidence already holding it', async () => {
    const first = await add('12 accounts reviewed');
    const again = await stageBytes(core, '12 accounts reviewed', 'copy.txt');
    expect(again.sha256).toBe(first.sha256);
    expect(await ok(call('sameFile', { sha256: again.sha256 }))).toEqual({
      items: [{ id: first.id, title: 'Access review', createdAt: first.createdAt }],
    });
    // Adding it anyway is a second record over the one stored file.
    const second = await ok<Evidence>(call('add', { title: 'Again', stagedFileId: again.id, asOfDate: '2026-03-01' }));
    expect(second.sha256).toBe(first.sha256);
    expect(walk(core.paths.blobs)).toEqual([blobPath(first.sha256)]);
  });

  it('is taken by one record only', async () => {
    const staged = await stagedId(core, 'firewall rules', 'fw.txt');
    await ok(call('add', { title: 'Firewall', stagedFileId: staged, asOfDate: '2026-03-01' }));
    const before = snapshot(core.db);
    const again = await call('add', { title: 'Firewall twice', stagedFileId: staged, asOfDate: '2026-03-01' });
    expect(again).toMatchObject({
      ok: false,
      error: { code: ErrorCode.NotFound, message: expect.stringContaining('choose it again') },
    });
    expect(snapshot(core.db)).toEqual(before);
  });

  it('is discarded on request, and staged files left when the app closed are gone at the next start', async () => {
    const dropped = await stagedId(core, 'not wanted', 'skip.txt');
    expect(await ok(call('discardStaged', { stagedFileId: dropped }))).toEqual({ discarded: true });
    expect(await ok(call('discardStaged', { stagedFileId: dropped }))).toEqual({ discarded: false });
    await stagedId(core, 'left behind', 'later.txt');
    expect(walk(path.join(core.paths.blobs, 'staged'))).toHaveLength(1);
    core.close();
    core = createCore({ dataDir: dir.path, log });
    expect(walk(core.paths.blobs)).toEqual([]);
  });
});

describe('evidence.replaceFile', () => {
  it('gives the record a new version; the trail holds old and new SHA-256; the old file stays', async () => {
    const record = await add('Q1 list: 12 accounts', 'q1.csv');
    const next = await stageBytes(core, 'Q1 list: 12 accounts, 1 removed', 'q1-final.csv');
    const replaced = await ok<Evidence>(call('replaceFile', { id: record.id, stagedFileId: next.id }));
    expect(replaced).toMatchObject({ id: record.id, sha256: next.sha256, fileName: 'q1-final.csv', sizeBytes: next.sizeBytes });
    const trail = await ok<{ events: TrailEventView[] }>(
      core.router.call('trail', 'forRecord', { table: 'evidence', id: record.id }, ctx),
    );
    expect(trail.events[0].action).toBe('update');
    expect(trail.events[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'sha256', before: record.sha256, after: next.sha256 },
        { field: 'file_name', before: 'q1.csv', after: 'q1-final.csv' },
      ]),
    );
    expect(core.db.prepare("SELECT count(*) AS n FROM outbox WHERE table_name = 'evidence' AND op = 'update'").get()).toEqual({
      n: 1,
    });
    // The earlier file is the record's history: kept in the store, across a restart too.
    core.close();
    core = createCore({ dataDir: dir.path, log });
    expect(walk(core.paths.blobs).sort()).toEqual([blobPath(record.sha256), blobPath(next.sha256)].sort());
    const content = await ok<{ contentBase64: string }>(call('content', { id: record.id }));
    expect(Buffer.from(content.contentBase64, 'base64').toString()).toBe('Q1 list: 12 accounts, 1 removed');
  });

  it('refuses the same file, an unknown record, and a capture signed in an audit, changing nothing', async () => {
    const record = await add('door log');
    const same = await stagedId(core, 'door log', 'again.txt');
    let before = snapshot(core.db);
    expect(await call('replaceFile', { id: record.id, stagedFileId: same })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.Conflict, message: '“again.txt” is the file “Access review” already holds.' },
    });
    expect(
      await call('replaceFile', { id: '3b0f3a51-1a8e-4f53-9d3e-8c4a2e1b7d90', stagedFileId: await stagedId(core, 'x') }),
    ).toMatchObject({
      ok: false,
      error: { code: ErrorCode.NotFound },
    });
    expect(snapshot(core.db)).toEqual(before);

    const fw = seedFramework(core, 'NIST Moderate');
    const audit = seedAudit(core, { title: 'Site audit', frameworkId: fw, scope: [] });
    const captured = await add('badge 4411', 'badge.txt', { auditId: audit });
    before = snapshot(core.db);
    expect(await call('replaceFile', { id: captured.id, stagedFileId: await stagedId(core, 'badge 4412') })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.Conflict, message: expect.stringContaining('its signature covers its file') },
    });
    expect(snapshot(core.db)).toEqual(before);
  });
});

describe('the desktop-only ways in', () => {
  it('say in words that the browser picks or drops in the page instead', async () => {
    for (const [method, input] of [
      ['chooseFile', {}],
      ['stageDropped', { dropToken: 'A'.repeat(43) }],
    ] as const) {
      expect(await call(method, input)).toEqual({
        ok: false,
        error: {
          code: ErrorCode.Conflict,
          message: expect.stringContaining('needs the desktop app; in the browser, pick or drop the file in the page.'),
        },
      });
    }
  });

  it('stage the file main hands over (the chosen one, or the dropped one by its token)', async () => {
    const chosen = path.join(dir.path, 'chosen report.pdf');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(chosen, '%PDF-1.7 chosen');
    const redeemed: string[] = [];
    const shell = {
      openFile: async () => undefined,
      saveCopyAs: async () => null,
      showInFolder: async () => undefined,
      chooseFile: async () => chosen,
      redeemDrop: async (token: string) => (redeemed.push(token), chosen),
    };
    core.close();
    core = createCore({ dataDir: dir.path, log, desktop: shell });
    const picked = await ok<{ staged: { fileName: string; mimeType: string } }>(call('chooseFile', {}));
    expect(picked.staged).toMatchObject({ fileName: 'chosen report.pdf', mimeType: 'application/pdf' });
    const dropped = await ok<{ id: string }>(call('stageDropped', { dropToken: 'B'.repeat(43) }));
    expect(redeemed).toEqual(['B'.repeat(43)]);
    expect(await ok(call('add', { title: 'Dropped', stagedFileId: dropped.id, asOfDate: '2026-03-01' }))).toMatchObject({
      fileName: 'chosen report.pdf',
    });
    shell.chooseFile = async () => null as unknown as string;
    expect(await ok(call('chooseFile', {}))).toEqual({ staged: null });
  });
});
