/**
 * exports.auditPackage through the router, then verifyPackage on the result: the package holds
 * what the audit covers, names are safe, CSV is inert, and any change to a file is named.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { writeAuditPackage } from '../../../../src-main/core/exports/package-writer';
import { verifyPackage, UnreadablePackageError } from '../../../../src-main/core/exports/verify-package';
import type { AuditPackageOutput, Manifest } from '../../../../src-shared/domain/export';
import { ErrorCode } from '../../../../src-shared/errors';
import { snapshot } from '../../../support/db-snapshot';
import { tempDir } from '../../../support/temp-dir';
import { linkPolicy, seedAudit, seedControl, seedEvidence, seedFinding, seedFramework, seedResult } from '../dashboard/seed';
import { flipByte, readZip, writeZip } from './zip-util';

let dir: ReturnType<typeof tempDir>;
let core: Core;
const ctx = { actor: 'local' };
const events: { name: string; payload: unknown }[] = [];
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeEach(() => {
  dir = tempDir();
  core = createCore({
    dataDir: dir.path,
    now: () => '2026-03-10T09:30:05.000Z',
    appVersion: '1.2.3',
    log: { error: () => undefined },
  });
  events.length = 0;
  core.onEvent((name, payload) => events.push({ name, payload }));
});
afterEach(() => {
  core.close();
  dir.remove();
});

async function createPolicy(title: string, body: string) {
  const r = await core.router.call('policies', 'create', { title, body }, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as { id: string }).id;
}

async function seedAuditWithWork() {
  const fw = seedFramework(core, 'NIST Moderate');
  const ac2 = seedControl(core, fw, { key: 'ac-2', title: 'Account Management', status: 'implemented' });
  const ac3 = seedControl(core, fw, { key: 'ac-3', title: 'Access Enforcement' });
  const outOfScope = seedControl(core, fw, { key: 'sc-7', title: 'Boundary Protection' });
  const audit = seedAudit(core, { title: 'SOC 2 / Q1 ../2026', frameworkId: fw, scope: [ac2, ac3] });
  seedResult(core, audit, ac2, 'pass', 'Reviewed 20 accounts');
  seedResult(core, audit, ac3, 'fail', '=HYPERLINK("http://evil")');
  seedFinding(core, audit, { title: '+Shared admin account', severity: 'high', controlId: ac3, description: '@SUM(1)' });
  const inScope = await createPolicy(
    'Access <b>Control</b> Policy',
    '# Purpose\n\n<script>alert(1)</script> **least** privilege',
  );
  const other = await createPolicy('Unrelated Policy', 'text');
  linkPolicy(core, inScope, ac2);
  linkPolicy(core, other, outOfScope);
  const linked = seedEvidence(core, {
    title: 'Access review',
    fileName: '../../etc/passwd',
    bytes: Buffer.from('user list'),
    controlIds: [ac2],
  });
  const captured = seedEvidence(core, {
    title: 'Screenshot',
    fileName: 'CON.png',
    bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    mimeType: 'image/png',
    auditId: audit,
  });
  const notInScope = seedEvidence(core, { title: 'Firewall rules', fileName: 'fw.txt', controlIds: [outOfScope] });
  const hostile = seedEvidence(core, {
    title: 'Long',
    fileName: `${'\u0007a'.repeat(2000)}.txt`,
    bytes: Buffer.from('long name'),
    controlIds: [ac3],
  });
  return { audit, inScope, other, linked, captured, notInScope, hostile, ac2, ac3 };
}

async function exportAudit(auditId: string): Promise<AuditPackageOutput> {
  const result = await core.router.call('exports', 'auditPackage', { auditId }, ctx);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as AuditPackageOutput;
}

describe('exports.auditPackage', () => {
  it('writes a zip under <dataDir>/exports with a manifest hashing every file, and it verifies', async () => {
    const seeded = await seedAuditWithWork();
    const out = await exportAudit(seeded.audit);
    expect(out.path).toBe(path.join(dir.path, 'exports', 'soc-2-q1-2026-20260310-093005.zip'));
    expect(out.fileName).toBe('soc-2-q1-2026-20260310-093005.zip');
    expect(out.sha256).toBe(sha(readFileSync(out.path)));
    expect(out.sizeBytes).toBe(readFileSync(out.path).length);

    const files = await readZip(out.path);
    const manifest = JSON.parse(files.get('manifest.json')!.toString()) as Manifest;
    expect(manifest).toMatchObject({
      format: 'complyflow-audit-package',
      formatVersion: 1,
      appVersion: '1.2.3',
      generatedAt: '2026-03-10T09:30:05.000Z',
    });
    expect(manifest.audit).toMatchObject({
      id: seeded.audit,
      title: 'SOC 2 / Q1 ../2026',
      frameworkTitle: 'NIST Moderate',
      auditors: ['Ada Auditor'],
    });
    expect([...files.keys()].sort()).toEqual(['manifest.json', 'manifest.sig', ...manifest.files.map((f) => f.path)].sort());
    for (const f of manifest.files) {
      expect(sha(files.get(f.path)!), f.path).toBe(f.sha256);
      expect(files.get(f.path)!.length).toBe(f.size);
    }
    expect(out.files).toBe(manifest.files.length);

    const names = manifest.files.map((f) => f.path);
    const id8 = seeded.inScope.slice(0, 8);
    expect(names).toContain(`policies/access-b-control-b-policy-${id8}.md`);
    expect(names).toContain(`policies/access-b-control-b-policy-${id8}.html`);
    expect(names.some((n) => n.includes(seeded.other.slice(0, 8)))).toBe(false);
    expect(names).toContain(`evidence/${seeded.linked.sha256.slice(0, 12)}-etc_passwd.txt`);
    expect(names).toContain(`evidence/${seeded.captured.sha256.slice(0, 12)}-_CON.png`);
    expect(names.some((n) => n.includes(seeded.notInScope.sha256.slice(0, 12)))).toBe(false);
    for (const name of names) {
      expect(name).not.toMatch(/\.\.|^\/|\\|\p{Cc}/u);
      expect(name.length).toBeLessThan(140);
    }

    const html = files.get(`policies/access-b-control-b-policy-${id8}.html`)!.toString();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<strong>least</strong>');
    expect(html).toContain('<title>Access &lt;b&gt;Control&lt;/b&gt; Policy</title>');

    const results = files.get('results.csv')!.toString();
    expect(results).toContain(
      'AC-2,ac-2,Account Management,NIST Moderate,pass,Reviewed 20 accounts,ada,2026-02-02T10:00:00.000Z',
    );
    expect(results).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const findingsCsv = files.get('findings.csv')!.toString();
    expect(findingsCsv).toContain("'+Shared admin account");
    expect(findingsCsv).toContain("'@SUM(1)");
    expect(JSON.parse(files.get('findings.json')!.toString())).toEqual([
      expect.objectContaining({ title: '+Shared admin account', severity: 'high', control: 'AC-3', status: 'open' }),
    ]);
    expect(JSON.parse(files.get('results.json')!.toString())).toHaveLength(2);

    expect(await verifyPackage(out.path)).toEqual({
      ok: true,
      checked: manifest.files.length,
      problems: [],
      signedBy: manifest.signer,
    });
    expect(manifest.signer).toMatchObject({ user: 'local', orgId: core.deps.orgId, userId: null });
    const progress = events.filter((e) => e.name === 'job.progress').map((e) => e.payload as { done: number; total: number });
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total);
  });

  it('streams a multi-megabyte file into the package, and leaves out an altered or missing one with the reason', async () => {
    const fw = seedFramework(core, 'NIST Moderate');
    const ac2 = seedControl(core, fw, { key: 'ac-2', title: 'Account Management' });
    const audit = seedAudit(core, { title: 'Files', frameworkId: fw, scope: [ac2] });
    const big = Buffer.alloc(5 * 1024 * 1024 + 3, 0x41);
    const recording = seedEvidence(core, {
      title: 'Recording',
      fileName: 'walkthrough.mp4',
      bytes: big,
      mimeType: 'video/mp4',
      auditId: audit,
    });
    const altered = seedEvidence(core, { title: 'Altered', fileName: 'a.txt', bytes: Buffer.from('original'), auditId: audit });
    const missing = seedEvidence(core, { title: 'Missing', fileName: 'm.txt', bytes: Buffer.from('gone'), auditId: audit });
    const blobs = path.join(dir.path, 'workspaces/local/blobs/sha256');
    const blobOf = (sha256: string) => path.join(blobs, sha256.slice(0, 2), sha256.slice(2));
    writeFileSync(blobOf(altered.sha256), 'tampered');
    rmSync(blobOf(missing.sha256));

    const out = await exportAudit(audit);
    const files = await readZip(out.path);
    const manifest = JSON.parse(files.get('manifest.json')!.toString()) as Manifest;
    const entry = manifest.files.find((f) => f.path.endsWith('walkthrough.mp4'))!;
    expect(entry).toMatchObject({ sha256: recording.sha256, size: big.length });
    expect(files.get(entry.path)!.equals(big)).toBe(true);
    expect(manifest.omitted).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ evidenceId: altered.id, reason: expect.stringMatching(/has been altered/) }),
        expect.objectContaining({ evidenceId: missing.id, reason: expect.stringMatching(/not on this device/) }),
      ]),
    );
    expect(manifest.files.some((f) => f.sha256 === altered.sha256 || f.sha256 === missing.sha256)).toBe(false);
    expect((await verifyPackage(out.path)).ok).toBe(true);
  });

  it('exports every live policy when none is linked to a control in scope', async () => {
    const fw = seedFramework(core);
    const c = seedControl(core, fw, { key: 'ir-1', title: 'Incident Response' });
    const audit = seedAudit(core, { title: 'IR audit', scope: [c] });
    await createPolicy('Policy A', 'a');
    await createPolicy('Policy B', 'b');
    const out = await exportAudit(audit);
    const files = await readZip(out.path);
    expect([...files.keys()].filter((n) => n.startsWith('policies/') && n.endsWith('.md'))).toHaveLength(2);
  });

  it('exports the version in force with its own approval record, says when a newer draft exists, and lists it in the manifest', async () => {
    const fw = seedFramework(core);
    const c = seedControl(core, fw, { key: 'ac-2', title: 'Account Management' });
    const audit = seedAudit(core, { title: 'Q1 audit', scope: [c] });
    const call = async (method: string, input: unknown, actor = 'local') => {
      const r = await core.router.call('policies', method, input, { actor });
      if (!r.ok) throw new Error(r.error.message);
      return r.value as { id: string; currentRevisionId: string };
    };
    const inForceId = await createPolicy('Access Control Policy', 'Version one text.');
    await call('submitForReview', { id: inForceId });
    await call('approve', { id: inForceId, comment: 'Reviewed with the access team.' }, 'Ciso Carla');
    await call('publish', { id: inForceId }, 'Dana');
    await call('update', { id: inForceId, body: 'A rewritten version two.' });
    const draftId = await createPolicy('Backup Policy', 'Draft text.');
    linkPolicy(core, inForceId, c);
    linkPolicy(core, draftId, c);

    const out = await exportAudit(audit);
    const files = await readZip(out.path);
    const manifest = JSON.parse(files.get('manifest.json')!.toString()) as Manifest;
    const md = files.get(`policies/access-control-policy-${inForceId.slice(0, 8)}.md`)!.toString();
    const html = files.get(`policies/access-control-policy-${inForceId.slice(0, 8)}.html`)!.toString();
    const day = '2026-03-10';
    for (const text of [md, html]) {
      expect(text).toContain(`Version in force: v1.0, approved by Ciso Carla on ${day}, published on ${day}.`);
      expect(text).toContain('A newer draft (v2.0) is not yet approved.');
      expect(text).toContain('Version one text.');
      expect(text).not.toContain('rewritten');
    }
    // The header describes the text in force, not the draft's status.
    expect(html).toContain('<dt>Status</dt><dd>Published (in force)</dd><dt>Version</dt><dd>1.0</dd>');
    expect(html).toContain('<dt>Approval comment</dt><dd>Reviewed with the access team.</dd>');
    expect(html).not.toMatch(/<dd>draft<\/dd>|Last changed/);
    const draftMd = files.get(`policies/backup-policy-${draftId.slice(0, 8)}.md`)!.toString();
    expect(draftMd).toContain('No version is in force yet: this is the current text, v1.0 (draft), not yet published.');

    expect(manifest.policies).toEqual([
      {
        id: inForceId,
        title: 'Access Control Policy',
        version: '1.0',
        inForce: true,
        approvedBy: 'Ciso Carla',
        approvedAt: '2026-03-10T09:30:05.000Z',
        approvalComment: 'Reviewed with the access team.',
        publishedAt: '2026-03-10T09:30:05.000Z',
        status: 'draft',
        newerDraft: { version: '2.0', status: 'draft' },
        files: [
          `policies/access-control-policy-${inForceId.slice(0, 8)}.md`,
          `policies/access-control-policy-${inForceId.slice(0, 8)}.html`,
        ],
      },
      expect.objectContaining({
        id: draftId,
        version: '1.0',
        inForce: false,
        approvedBy: null,
        publishedAt: null,
        newerDraft: null,
      }),
    ]);
    expect(await verifyPackage(out.path)).toMatchObject({ ok: true });
  });

  it('never replaces a file already at the chosen path, and leaves no partial file', async () => {
    const { audit } = await seedAuditWithWork();
    const target = path.join(dir.path, 'handed-to-auditor.zip');
    writeFileSync(target, 'the package the auditor already has');
    await expect(writeAuditPackage(core.deps, { auditId: audit, outPath: target })).rejects.toMatchObject({
      code: ErrorCode.Conflict,
    });
    expect(readFileSync(target, 'utf8')).toBe('the package the auditor already has');
    expect(readdirSync(dir.path).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('uses a new file name for a second export in the same second', async () => {
    const { audit } = await seedAuditWithWork();
    const first = await exportAudit(audit);
    const second = await exportAudit(audit);
    expect(second.fileName).toBe('soc-2-q1-2026-20260310-093005-2.zip');
    expect(first.path).not.toBe(second.path);
  });

  it('refuses an unknown audit or bad input and writes nothing', async () => {
    await seedAuditWithWork();
    const before = snapshot(core.db);
    const unknown = await core.router.call('exports', 'auditPackage', { auditId: '6a2f41a3-c54b-4c4a-9d7e-5d3a1b2c3d4e' }, ctx);
    expect(unknown).toMatchObject({ ok: false, error: { code: ErrorCode.NotFound } });
    for (const input of [{}, { auditId: '../../x' }, { auditId: 'x', path: '/tmp/evil.zip' }]) {
      expect(await core.router.call('exports', 'auditPackage', input, ctx)).toMatchObject({
        ok: false,
        error: { code: ErrorCode.InvalidInput },
      });
    }
    expect(snapshot(core.db)).toEqual(before);
  });
});

describe('verifyPackage', () => {
  it('names the file whose bytes changed, and only that file', async () => {
    const { audit, linked } = await seedAuditWithWork();
    const out = await exportAudit(audit);
    const evidenceName = `evidence/${linked.sha256.slice(0, 12)}-etc_passwd.txt`;
    const tampered = path.join(dir.path, 'tampered.zip');
    await flipByte(out.path, tampered, evidenceName, 3);
    const result = await verifyPackage(tampered);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ file: evidenceName, problem: expect.stringContaining('SHA-256 does not match') }]);
  });

  it('reports missing, unlisted and traversal entries', async () => {
    const { audit } = await seedAuditWithWork();
    const out = await exportAudit(audit);
    const files = await readZip(out.path);
    files.delete('results.csv');
    files.set('extra.txt', Buffer.from('added later'));
    files.set('zz/escape.txt', Buffer.from('x'));
    const changed = path.join(dir.path, 'changed.zip');
    await writeZip(changed, files);
    // yazl refuses to write '../' names; a hostile tool would not, so patch the name in place.
    const raw = readFileSync(changed);
    for (let at = raw.indexOf('zz/escape.txt'); at >= 0; at = raw.indexOf('zz/escape.txt', at + 1))
      raw.write('../escape.txt', at);
    writeFileSync(changed, raw);
    const result = await verifyPackage(changed);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { file: 'results.csv', problem: 'listed in the manifest but missing from the package' },
        { file: 'extra.txt', problem: 'in the package but not listed in the manifest' },
        { file: '../escape.txt', problem: 'entry name could escape the folder it is extracted into' },
      ]),
    );
  });

  it('reports a symbolic link, a case-colliding name and an alternate-data-stream name', async () => {
    const { audit } = await seedAuditWithWork();
    const out = await exportAudit(audit);
    const files = await readZip(out.path);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as {
      files: { path: string; sha256: string; size: number }[];
    };
    const target = manifest.files.find((f) => f.path.startsWith('evidence/'))!;
    // The link's bytes are its target; the manifest is rewritten to match, as a forger would.
    const link = Buffer.from('/home/auditor/.ssh/id_rsa');
    files.set(target.path, link);
    Object.assign(target, { sha256: createHash('sha256').update(link).digest('hex'), size: link.length });
    files.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
    files.set('RESULTS.csv', Buffer.from('shadow'));
    files.set('evidence/notes.txt:hidden', Buffer.from('stream'));
    const forged = path.join(dir.path, 'forged.zip');
    await writeZip(forged, files, new Map([[target.path, 0o120777]]));
    const result = await verifyPackage(forged);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { file: target.path, problem: 'is a symbolic link or special file, not a regular file' },
        { file: 'RESULTS.csv', problem: 'collides with another entry on case-insensitive file systems' },
        { file: 'evidence/notes.txt:hidden', problem: 'entry name could escape the folder it is extracted into' },
      ]),
    );
  });

  it('detects a byte flipped in place inside a stored (uncompressed) entry', async () => {
    const { audit, captured } = await seedAuditWithWork();
    const out = await exportAudit(audit);
    const bytes = readFileSync(out.path);
    // The PNG evidence is stored uncompressed: its bytes appear verbatim in the zip.
    const at = bytes.indexOf(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    expect(at).toBeGreaterThan(0);
    bytes[at + 1] = 0x51;
    const patched = path.join(dir.path, 'patched.zip');
    writeFileSync(patched, bytes);
    const result = await verifyPackage(patched);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.file)).toEqual([`evidence/${captured.sha256.slice(0, 12)}-_CON.png`]);
  });

  it('refuses a file that is not a zip or has no manifest', async () => {
    const notZip = path.join(dir.path, 'not.zip');
    writeFileSync(notZip, 'hello');
    await expect(verifyPackage(notZip)).rejects.toBeInstanceOf(UnreadablePackageError);
    const noManifest = path.join(dir.path, 'nomanifest.zip');
    await writeZip(noManifest, new Map([['a.txt', Buffer.from('a')]]));
    await expect(verifyPackage(noManifest)).rejects.toThrow(/no manifest\.json/);
  });
});
