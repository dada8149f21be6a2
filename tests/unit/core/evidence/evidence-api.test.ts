/**
 * Evidence through the real router and a real SQLite file: add, list, get, update, delete,
 * restore, link; refused calls change nothing and write no file; hostile names stay text.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import type { Evidence, EvidenceDetail } from '../../../../src-shared/domain/evidence';
import { ErrorCode } from '../../../../src-shared/errors';
import type { Result } from '../../../../src-shared/result';
import { snapshot } from '../../../support/db-snapshot';
import { tempDir } from '../../../support/temp-dir';
import { walk } from './walk';
import { stagedId } from '../../../support/staged-file';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/evidence');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const ctx = { actor: 'local' };
const NOW = '2026-03-15T10:00:00.000Z';

let dir: ReturnType<typeof tempDir>;
let core: Core;
let controls: { id: string; label: string; title: string }[];

async function ok<T>(pending: Promise<Result<unknown>>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}
const call = (method: string, input: unknown) => core.router.call('evidence', method, input, ctx);

function seedControls() {
  const at = NOW;
  const frameworkId = randomUUID();
  core.db
    .prepare(
      `INSERT INTO frameworks (id, org_id, title, source_uuid, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(frameworkId, core.deps.orgId, 'NIST SP 800-53 rev5 LOW', randomUUID(), at, at, 'local');
  const rows = [
    ['ac-2', 'AC-2', 'Account Management'],
    ['ia-2', 'IA-2', 'Identification and Authentication (Organizational Users)'],
    ['at-2', 'AT-2', 'Literacy Training and Awareness'],
  ].map(([key, label, title], i) => {
    const id = randomUUID();
    core.db
      .prepare(
        `INSERT INTO controls (id, org_id, framework_id, control_key, label, title, sort_key, created_at, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, core.deps.orgId, frameworkId, key, label, title, String(i), at, at, 'local');
    return { id, label, title };
  });
  return rows;
}

/** An add input over a freshly staged file (`fileName` and `bytes` say which; the rest is the input). */
const addInput = async (overrides: Record<string, unknown> = {}) => {
  const { fileName = 'mfa-settings.png', bytes = fixture('mfa-settings.png'), ...rest } = overrides;
  return {
    title: 'MFA settings screenshot',
    stagedFileId: await stagedId(core, bytes as Buffer, fileName as string),
    asOfDate: '2026-03-01',
    ...rest,
  };
};
/** The files in the content-addressed part of the store (staged files wait beside it, in staged/). */
const stored = () => walk(path.join(core.paths.blobs, 'sha256'));

beforeEach(() => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, now: () => NOW });
  controls = seedControls();
});
afterEach(() => {
  core.close();
  dir.remove();
});

describe('evidence.add', () => {
  it('stores the file once under its SHA-256, detects its type and records the change in the outbox and trail', async () => {
    const bytes = fixture('mfa-settings.png');
    const record = await ok<Evidence>(call('add', await addInput({ controlIds: [controls[1].id] })));
    expect(record).toMatchObject({
      title: 'MFA settings screenshot',
      sha256: sha(bytes),
      fileName: 'mfa-settings.png',
      mimeType: 'image/png', // detected from the bytes, not the name
      sizeBytes: bytes.length,
      asOfDate: '2026-03-01',
      expired: false,
      controlIds: [controls[1].id],
      capturedBy: 'local',
    });
    expect(
      readFileSync(path.join(core.paths.blobs, 'sha256', record.sha256.slice(0, 2), record.sha256.slice(2))).equals(bytes),
    ).toBe(true);

    const outbox = core.db.prepare('SELECT table_name, op FROM outbox ORDER BY created_at, rowid').all();
    expect(outbox).toEqual([
      { table_name: 'evidence', op: 'insert' },
      { table_name: 'evidence_controls', op: 'insert' },
    ]);
    const events = core.db.prepare('SELECT record_table, action FROM audit_events WHERE record_id = ?').all(record.id);
    expect(events).toEqual([{ record_table: 'evidence', action: 'create' }]);

    // The same file added again is a second record over the same stored file.
    const again = await ok<Evidence>(call('add', await addInput({ title: 'Same screenshot, other control' })));
    expect(again.sha256).toBe(record.sha256);
    expect(walk(core.paths.blobs)).toHaveLength(1);
  });

  it.each([
    ['access-review.pdf', 'application/pdf'],
    ['training-export.txt', 'text/plain'],
    ['access-review.csv', 'text/csv'],
  ])('detects %s as %s', async (name, mimeType) => {
    const record = await ok<Evidence>(call('add', await addInput({ fileName: name, bytes: fixture(name) })));
    expect(record.mimeType).toBe(mimeType);
  });

  it('treats an executable or an SVG-with-script as a file without preview', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64)]);
    const record = await ok<Evidence>(call('add', await addInput({ fileName: 'invoice.pdf', bytes: exe })));
    expect(record.mimeType).toBe('application/octet-stream');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const svgRecord = await ok<Evidence>(call('add', await addInput({ fileName: 'x.svg', bytes: svg })));
    expect(svgRecord.mimeType).toBe('text/plain');
    const refused = await call('content', { id: record.id });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe(ErrorCode.FileRejected);
  });

  it('refuses a file over the limit with the size and the limit in words, before writing anything', async () => {
    await ok(call('updateSettings', { maxFileBytes: 50 * 1024 * 1024 }));
    const before = snapshot(core.db);
    // 62.1 MB announced: refused when the upload is asked for, before a byte arrives.
    const result = await call('beginUpload', { fileName: 'backup.tar', sizeBytes: Math.round(62.1 * 1024 * 1024) });
    expect(result).toEqual({
      ok: false,
      error: { code: ErrorCode.FileRejected, message: '“backup.tar” is 62.1 MB; the limit is 50 MB (Settings → Evidence).' },
    });
    expect(snapshot(core.db)).toEqual(before);
    expect(walk(core.paths.blobs)).toEqual([]);
  });

  it('applies a lowered limit from settings, and the settings keep their bounds', async () => {
    expect(await ok(call('settings', {}))).toMatchObject({ maxFileBytes: 50 * 1024 * 1024 });
    await ok(call('updateSettings', { maxFileBytes: 2048 }));
    const text = Buffer.alloc(3000, 'a');
    await expect(stagedId(core, text, 'log.txt')).rejects.toThrow(
      '“log.txt” is 2.9 KB; the limit is 2 KB (Settings → Evidence).',
    );
    expect(walk(core.paths.blobs)).toEqual([]);
    expect((await ok<Evidence>(call('add', await addInput()))).sizeBytes).toBeLessThan(2048);

    for (const maxFileBytes of [1023, 2 * 1024 * 1024 * 1024 + 1, 4 * 1024 * 1024 * 1024, 1.5]) {
      const refused = await call('updateSettings', { maxFileBytes });
      expect(refused.ok).toBe(false);
    }
    expect(await ok(call('settings', {}))).toMatchObject({ maxFileBytes: 2048 });
    // The limit is local to this device: not in the outbox.
    expect(core.db.prepare("SELECT count(*) AS n FROM outbox WHERE table_name = 'settings'").get()).toEqual({ n: 0 });
  });

  const refusals: [string, Record<string, unknown>, string][] = [
    ['empty title', { title: '  ' }, ErrorCode.InvalidInput],
    ['bad as-of date', { asOfDate: '2026-02-30' }, ErrorCode.InvalidInput],
    ['expiry before as-of', { expiresOn: '2026-01-01' }, ErrorCode.InvalidInput],
    ['zero renewal days', { renewalDays: 0 }, ErrorCode.InvalidInput],
    ['unknown control', { controlIds: [randomUUID()] }, ErrorCode.NotFound],
    ['unknown audit', { auditId: randomUUID() }, ErrorCode.NotFound],
    ['non-uuid control', { controlIds: ['../../x'] }, ErrorCode.InvalidInput],
    ['extra field', { sha256: 'a'.repeat(64) }, ErrorCode.InvalidInput],
    ['an unknown staged file', { stagedFileId: randomUUID() }, ErrorCode.NotFound],
    ['a file in the input', { contentBase64: 'aGVsbG8=' }, ErrorCode.InvalidInput],
  ];
  it.each(refusals.map(([name, overrides, code]) => ({ name, overrides, code })))(
    'refuses $name with $code and changes nothing',
    async ({ overrides, code }) => {
      const input = await addInput(overrides);
      const before = snapshot(core.db);
      const result = await call('add', input);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe(code);
        expect(result.error.message.length).toBeGreaterThan(10);
      }
      expect(snapshot(core.db)).toEqual(before);
      // The staged file still waits (the user corrects the form and adds it); nothing is stored.
      expect(stored()).toEqual([]);
      expect(core.staged.waiting()).toHaveLength(1);
    },
  );
  it('refuses evidence captured in a closed audit and changes nothing', async () => {
    const auditId = randomUUID();
    const at = new Date().toISOString();
    core.db
      .prepare(
        `INSERT INTO audits (id, org_id, title, window_start, window_end, status, created_at, updated_at, updated_by)
         VALUES (?, ?, 'SOC 2 2026', '2026-01-01', '2026-06-30', 'closed', ?, ?, 'local')`,
      )
      .run(auditId, core.deps.orgId, at, at);
    const input = await addInput({ auditId });
    const before = snapshot(core.db);
    const result = await call('add', input);
    expect(result).toMatchObject({ ok: false, error: { code: ErrorCode.Conflict } });
    expect(snapshot(core.db)).toEqual(before);
    expect(stored()).toEqual([]);
  });
});

describe('hostile file names', () => {
  const names: [string, string, string][] = [
    ['parent traversal', '../../x', '../../x'],
    ['windows traversal', '..\\..\\x', '..\\..\\x'],
    ['absolute path', '/etc/passwd', '/etc/passwd'],
    ['NUL byte', 'report\u0000.pdf', 'report\u2400.pdf'],
    ['escape sequence', '\u001b[31mred\u001b[0m.txt', '\u241b[31mred\u241b[0m.txt'],
    ['RTL override', 'invoice\u202efdp.exe', 'invoice\uFFFDfdp.exe'],
    ['newline', 'a\nb.txt', 'a\u240ab.txt'],
    ['device name CON', 'CON', 'CON'],
    ['device name aux.txt', 'aux.txt', 'aux.txt'],
    ['device name LPT1', 'LPT1', 'LPT1'],
    ['empty name', '', 'unnamed file'],
  ];
  it.each(names.map(([label, raw, shown]) => ({ label, raw, shown })))(
    '$label is stored as display text only',
    async ({ raw, shown }) => {
      const bytes = fixture('training-export.txt');
      const record = await ok<Evidence>(call('add', await addInput({ fileName: raw, bytes: bytes })));
      expect(record.fileName).toBe(shown);
      expect((await ok<EvidenceDetail>(call('get', { id: record.id }))).fileName).toBe(shown);
      // The store holds only sha256-named files, wherever the name pointed.
      expect(walk(core.paths.blobs)).toEqual([path.join('sha256', sha(bytes).slice(0, 2), sha(bytes).slice(2))]);
      expect(walk(dir.path).filter((f) => !f.startsWith(path.join('workspaces', 'local')))).toEqual([]);
    },
  );

  it('shortens a 4,000-character name around an ellipsis, keeping the extension visible', async () => {
    const raw = `${'a'.repeat(3996)}.pdf`;
    const record = await ok<Evidence>(call('add', await addInput({ fileName: raw, bytes: fixture('access-review.pdf') })));
    expect([...record.fileName]).toHaveLength(1000);
    expect(record.fileName.startsWith('a'.repeat(800))).toBe(true);
    expect(record.fileName.endsWith(`…${'a'.repeat(195)}.pdf`)).toBe(true);
    expect(record.fileName.charAt(800)).toBe('…');
  });

  it('the whole blobs folder holds only sha256-named files after many hostile adds', async () => {
    for (const [i, name] of ['../../x', '..\\..\\x', 'CON', 'aux.txt', 'LPT1', 'a\u0000b', '\u202e'].entries()) {
      await ok(call('add', await addInput({ fileName: name, bytes: Buffer.from(`evidence ${i}`) })));
    }
    const files = walk(core.paths.blobs);
    expect(files).toHaveLength(7);
    for (const file of files) expect(file).toMatch(/^sha256[/\\][0-9a-f]{2}[/\\][0-9a-f]{62}$/);
  });
});

describe('list, get, update, delete, restore, link', () => {
  it('lists newest first in pages, searches title, description and file name, and filters by control and expiry', async () => {
    let tick = 0;
    core.close();
    core = createCore({ dataDir: dir.path, now: () => new Date(Date.parse(NOW) + tick++ * 1000).toISOString() });
    const titles = ['Okta MFA policy export', 'Quarterly access review', 'Phishing training results'];
    const added: Evidence[] = [];
    for (const [i, title] of titles.entries()) {
      added.push(
        await ok<Evidence>(
          call(
            'add',
            await addInput({
              title,
              description: i === 1 ? 'Reviewed by the CISO' : '',
              fileName: `file-${i}.txt`,
              bytes: Buffer.from(title),
              controlIds: i === 2 ? [controls[2].id] : [],
              renewalDays: i === 0 ? 7 : null,
            }),
          ),
        ),
      );
    }
    const all = await ok<{ items: Evidence[]; total: number }>(call('list', {}));
    expect(all.total).toBe(3);
    expect(all.items.map((e) => e.title)).toEqual([...titles].reverse());
    const page = await ok<{ items: Evidence[]; total: number }>(call('list', { offset: 1, limit: 1 }));
    expect(page).toMatchObject({ total: 3, items: [{ title: titles[1] }] });
    expect((await ok<{ items: Evidence[] }>(call('list', { query: 'ciso' }))).items.map((e) => e.title)).toEqual([titles[1]]);
    expect((await ok<{ items: Evidence[] }>(call('list', { query: 'file-2' }))).items.map((e) => e.title)).toEqual([titles[2]]);
    expect((await ok<{ items: Evidence[] }>(call('list', { query: '"OR 1=1 --' }))).items).toEqual([]);
    expect((await ok<{ items: Evidence[] }>(call('list', { controlId: controls[2].id }))).items.map((e) => e.title)).toEqual([
      titles[2],
    ]);
    // as of 2026-03-01 + 7 days < 2026-03-15: expired.
    expect((await ok<{ items: Evidence[] }>(call('list', { expired: true }))).items.map((e) => e.title)).toEqual([titles[0]]);
    expect((await ok<{ total: number }>(call('list', { expired: false }))).total).toBe(2);
  });

  it('gets linked controls, updates metadata, links and unlinks, deletes and restores', async () => {
    const record = await ok<Evidence>(call('add', await addInput({ controlIds: [controls[0].id] })));
    const detail = await ok<EvidenceDetail>(call('get', { id: record.id }));
    // Each linked control names its framework (AC-2 exists in every baseline).
    expect(detail.controls).toEqual([{ ...controls[0], frameworkTitle: 'NIST SP 800-53 rev5 LOW' }]);

    const updated = await ok<Evidence>(call('update', { id: record.id, title: 'MFA enforced (Okta)', expiresOn: '2026-03-10' }));
    expect(updated).toMatchObject({ title: 'MFA enforced (Okta)', expiresOn: '2026-03-10', expired: true, expiresInDays: -5 });

    const linked = await ok<EvidenceDetail>(call('linkControl', { evidenceId: record.id, controlId: controls[1].id }));
    expect(linked.controls.map((c) => c.label)).toEqual(['AC-2', 'IA-2']);
    await ok(call('linkControl', { evidenceId: record.id, controlId: controls[1].id })); // idempotent
    const unlinked = await ok<EvidenceDetail>(call('unlinkControl', { evidenceId: record.id, controlId: controls[0].id }));
    expect(unlinked.controls.map((c) => c.label)).toEqual(['IA-2']);
    const relinked = await ok<EvidenceDetail>(call('linkControl', { evidenceId: record.id, controlId: controls[0].id }));
    expect(relinked.controls.map((c) => c.label)).toEqual(['AC-2', 'IA-2']);
    // Unlink tombstones; relink revives the same row: still one row per pair.
    expect(core.db.prepare('SELECT count(*) AS n FROM evidence_controls WHERE evidence_id = ?').get(record.id)).toEqual({ n: 2 });
    const linkOps = core.db.prepare("SELECT op FROM outbox WHERE table_name = 'evidence_controls' ORDER BY rowid").all();
    expect(linkOps.map((r) => (r as { op: string }).op)).toEqual(['insert', 'insert', 'delete', 'update']);

    await ok(call('delete', { id: record.id }));
    expect((await call('get', { id: record.id })).ok).toBe(false);
    expect((await ok<{ total: number }>(call('list', {}))).total).toBe(0);
    expect(core.db.prepare('SELECT deleted_at FROM evidence WHERE id = ?').get(record.id)).toEqual({ deleted_at: NOW });
    const restored = await ok<Evidence>(call('restore', { id: record.id }));
    expect(restored.controlIds).toHaveLength(2);
    expect((await ok<{ total: number }>(call('list', {}))).total).toBe(1);
    expect((await call('restore', { id: record.id })).ok).toBe(false);
  });

  it('refuses an update that would put the expiry before the as-of date, changing nothing', async () => {
    const record = await ok<Evidence>(call('add', await addInput({ expiresOn: '2026-04-01' })));
    const before = snapshot(core.db);
    const result = await call('update', { id: record.id, asOfDate: '2026-05-01' });
    expect(result.ok).toBe(false);
    expect(snapshot(core.db)).toEqual(before);
  });

  it('searches controls to link by label and title', async () => {
    const byLabel = await ok<{ items: { label: string }[] }>(call('searchControls', { query: 'IA-2' }));
    expect(byLabel.items[0].label).toBe('IA-2');
    const byTitle = await ok<{ items: { label: string; frameworkTitle: string }[] }>(
      call('searchControls', { query: 'account manag' }),
    );
    expect(byTitle.items).toEqual([expect.objectContaining({ label: 'AC-2', frameworkTitle: 'NIST SP 800-53 rev5 LOW' })]);
    expect((await ok<{ items: unknown[] }>(call('searchControls', {}))).items).toHaveLength(3);
  });
});

describe('evidence.content', () => {
  it('returns image and text bytes for preview, verified against the stored hash', async () => {
    for (const name of ['mfa-settings.png', 'training-export.txt', 'access-review.pdf']) {
      const bytes = fixture(name);
      const record = await ok<Evidence>(call('add', await addInput({ fileName: name, bytes: bytes })));
      const content = await ok<{ mimeType: string; contentBase64: string }>(call('content', { id: record.id }));
      expect(content.mimeType).toBe(record.mimeType);
      const shown = Buffer.from(content.contentBase64, 'base64');
      // A PDF's preview gains its title after the untouched original bytes (pdf-title.test.ts).
      if (name.endsWith('.pdf')) expect(shown.subarray(0, bytes.length).equals(bytes)).toBe(true);
      else expect(shown.equals(bytes)).toBe(true);
    }
  });

  it('refuses to preview a file whose stored bytes were changed, naming its SHA-256', async () => {
    const record = await ok<Evidence>(call('add', await addInput()));
    const file = path.join(core.paths.blobs, 'sha256', record.sha256.slice(0, 2), record.sha256.slice(2));
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(file, bytes);
    const result = await call('content', { id: record.id });
    expect(result).toEqual({
      ok: false,
      error: { code: ErrorCode.FileRejected, message: expect.stringContaining(record.sha256) },
    });
  });
});
