/**
 * The PDF preview carries the evidence title as its document title: an incremental update after
 * the untouched original bytes, whose offsets a PDF reader can follow; and files it cannot
 * update safely come back unchanged. Checked on the real fixture through the router, and on
 * hand-made variants.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { withPdfTitle } from '../../../../src-main/core/evidence/pdf-title';
import { tempDir } from '../../../support/temp-dir';
import { stagedId } from '../../../support/staged-file';

const pdf = readFileSync(path.resolve(__dirname, '../../../fixtures/evidence/access-review.pdf'));
const latin1 = (b: Buffer) => b.toString('latin1');

/** Follows the last startxref to its table and the object it lists, as a reader would. */
function readUpdate(bytes: Buffer) {
  const text = latin1(bytes);
  const xrefAt = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)![1]);
  const section = /^xref\n(\d+) 1\n(\d{10}) 00000 n \ntrailer\n(<<.*>>)/s.exec(text.slice(xrefAt))!;
  const objectAt = Number(section[2]);
  return { number: Number(section[1]), object: text.slice(objectAt, text.indexOf('endobj', objectAt)), trailer: section[3] };
}

let dir: ReturnType<typeof tempDir> | null = null;
let core: Core | null = null;
afterEach(() => {
  core?.close();
  dir?.remove();
  core = null;
  dir = null;
});

describe('withPdfTitle', () => {
  it('appends an Info dictionary with the title, leaving the original bytes as they were', () => {
    const titled = withPdfTitle(pdf, 'Q1 access review – Zürich');
    expect(titled.subarray(0, pdf.length).equals(pdf)).toBe(true);
    const update = readUpdate(titled);
    expect(update.number).toBe(6); // the original /Size
    const hex = Buffer.from('Q1 access review – Zürich', 'utf16le').swap16().toString('hex').toUpperCase();
    expect(update.object).toBe(`6 0 obj\n<< /Title <FEFF${hex}> >>\n`);
    const prev = /startxref\s+(\d+)/.exec(latin1(pdf))![1];
    expect(update.trailer).toBe(`<< /Size 7 /Root 1 0 R /Info 6 0 R /Prev ${prev} >>`);
  });

  it('leaves alone what it cannot update safely', () => {
    const noEof = pdf.subarray(0, pdf.length - 8);
    const encrypted = Buffer.from(latin1(pdf).replace('/Root 1 0 R', '/Root 1 0 R /Encrypt 9 0 R'), 'latin1');
    const xrefStream = Buffer.from(latin1(pdf).replace(/startxref\s+\d+/, 'startxref\n9'), 'latin1');
    for (const bytes of [noEof, encrypted, xrefStream, Buffer.from('not a pdf')]) {
      expect(withPdfTitle(bytes, 'x').equals(bytes)).toBe(true);
    }
  });

  it('is what evidence.content hands the PDF preview; the stored file and its hash stay the same', async () => {
    dir = tempDir();
    core = createCore({ dataDir: dir.path, log: { error: () => undefined } });
    const added = await core.router.call(
      'evidence',
      'add',
      { title: 'Q1 access review', stagedFileId: await stagedId(core, pdf, 'scan.pdf'), asOfDate: '2026-02-01' },
      { actor: 'local' },
    );
    if (!added.ok) throw new Error(added.error.message);
    const { id, sha256 } = added.value as { id: string; sha256: string };
    const content = await core.router.call('evidence', 'content', { id }, { actor: 'local' });
    if (!content.ok) throw new Error(content.error.message);
    const shown = Buffer.from((content.value as { contentBase64: string }).contentBase64, 'base64');
    expect(readUpdate(shown).object).toContain('/Title <FEFF');
    const download = await core.router.call('evidence', 'download', { id }, { actor: 'local' });
    if (!download.ok) throw new Error(download.error.message);
    expect(Buffer.from((download.value as { contentBase64: string }).contentBase64, 'base64').equals(pdf)).toBe(true);
    expect((download.value as { sha256: string }).sha256).toBe(sha256);
  });
});
