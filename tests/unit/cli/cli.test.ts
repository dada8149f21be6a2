/**
 * The complyflow CLI as a user runs it: the esbuild bundle (node <bundle>/cli.cjs) spawned as a
 * process, on a real data folder. Exit codes: 0 ok, 1 problem found, 2 usage or unreadable.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/core/core';
import { tempDir } from '../../support/temp-dir';
import { seedAudit, seedControl, seedEvidence, seedFramework, seedResult } from '../core/dashboard/seed';
import { flipByte, readZip, writeZip } from '../core/exports/zip-util';

const ROOT = path.resolve(__dirname, '..', '..', '..');
let buildDir: string;
let cli: string;

// Built inside the repo (.build/ is ignored) so the bundle resolves better-sqlite3 from node_modules.
beforeAll(() => {
  mkdirSync(path.join(ROOT, '.build'), { recursive: true });
  buildDir = mkdtempSync(path.join(ROOT, '.build', 'cli-test-'));
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-main.mjs'), '--outdir', buildDir], { cwd: ROOT, stdio: 'pipe' });
  cli = path.join(buildDir, 'cli.cjs');
}, 120_000);
afterAll(() => rmSync(buildDir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, COMPLYFLOW_DATA_DIR: '', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const catalog = (controls: number) => ({
  catalog: {
    uuid: '3e2b5a1c-7d4f-4b8e-9a6c-1f2e3d4c5b6a',
    metadata: { title: 'Tiny Catalog', version: '1.0', 'oscal-version': '1.1.2', 'last-modified': '2026-01-01T00:00:00Z' },
    groups: [
      {
        id: 'ac',
        title: 'Access Control',
        controls: Array.from({ length: controls }, (_, i) => ({ id: `ac-${i + 1}`, title: `Control ${i + 1}` })),
      },
    ],
  },
});

describe('complyflow CLI', () => {
  it('prints help with exit 0 and refuses no command or an unknown one with exit 2', () => {
    const help = run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('export-package --audit <id> <out.zip>');
    expect(run([]).code).toBe(2);
    const unknown = run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command frobnicate');
    expect(run(['--bogus']).stderr).toContain('Unknown option --bogus');
  });

  it('imports a framework into the data folder, twice without change, and needs a data folder', () => {
    const data = tempDir();
    try {
      const file = path.join(data.path, 'catalog.json');
      writeFileSync(file, JSON.stringify(catalog(3)));
      const missingDir = run(['import-framework', file]);
      expect(missingDir.code).toBe(2);
      expect(missingDir.stderr).toContain('--data-dir');

      const first = run(['--data-dir', data.path, 'import-framework', file]);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/Imported 3 controls/);
      // COMPLYFLOW_DATA_DIR works as well as --data-dir.
      const second = run(['import-framework', file], { COMPLYFLOW_DATA_DIR: data.path });
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/already imported \(3 controls\); nothing changed/);

      const core = createCore({ dataDir: data.path, log: { error: () => undefined } });
      expect(core.db.prepare('SELECT count(*) AS n FROM controls').get()).toEqual({ n: 3 });
      core.close();

      writeFileSync(file, '{ not json');
      expect(run(['--data-dir', data.path, 'import-framework', file]).code).toBe(2);
      writeFileSync(file, JSON.stringify({ catalog: { uuid: 5 } }));
      const malformed = run(['--data-dir', data.path, 'import-framework', file]);
      expect(malformed.code).toBe(1);
      expect(malformed.stderr).toMatch(/catalog\./);
    } finally {
      data.remove();
    }
  });

  it('exports a package to the given file; verify-package passes, then fails naming the changed file', async () => {
    const data = tempDir();
    try {
      const core = createCore({ dataDir: data.path, log: { error: () => undefined } });
      const fw = seedFramework(core);
      const control = seedControl(core, fw, { key: 'cm-2', title: 'Baseline Configuration' });
      const audit = seedAudit(core, { title: 'Config audit', frameworkId: fw });
      seedResult(core, audit, control, 'pass');
      const evidence = seedEvidence(core, {
        title: 'Baseline',
        fileName: 'baseline.txt',
        bytes: Buffer.from('golden image v7'),
        controlIds: [control],
      });
      core.close();

      const out = path.join(data.path, 'package.zip');
      const exported = run(['--data-dir', data.path, 'export-package', '--audit', audit, out]);
      expect(exported.stderr).toBe('');
      expect(exported.code).toBe(0);
      expect(existsSync(out)).toBe(true);
      expect(run(['--data-dir', data.path, 'export-package', '--audit', audit, out]).code).toBe(2); // never overwrites

      const ok = run(['verify-package', out]);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/^OK: \d+ files match the manifest\./m);
      expect(ok.stdout).toMatch(
        /^Signed by cli on device .+ \([0-9a-f-]{36}\), organization [0-9a-f-]{36}, key fingerprint [0-9a-f]{16}\.$/m,
      );

      const tampered = path.join(data.path, 'tampered.zip');
      const name = `evidence/${evidence.sha256.slice(0, 12)}-baseline.txt`;
      await flipByte(out, tampered, name, 0);
      const bad = run(['verify-package', tampered]);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toContain(`MISMATCH ${name}: SHA-256 does not match`);
      expect(bad.stdout.match(/MISMATCH/g)).toHaveLength(1);

      // The same change with every hash in the manifest recomputed fails on the signature.
      const files = await readZip(out);
      files.set(name, Buffer.from('golden image v8'));
      const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as {
        files: { path: string; sha256: string; size: number }[];
      };
      for (const f of manifest.files)
        Object.assign(f, {
          sha256: createHash('sha256').update(files.get(f.path)!).digest('hex'),
          size: files.get(f.path)!.length,
        });
      files.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
      const rehashed = path.join(data.path, 'rehashed.zip');
      await writeZip(rehashed, files);
      const forged = run(['verify-package', rehashed]);
      expect(forged.code).toBe(1);
      expect(forged.stdout).toContain('MISMATCH manifest.sig: the signature does not match the manifest');
      expect(forged.stdout).not.toContain('Signed by');
    } finally {
      data.remove();
    }
  });

  it('bin/complyflow.cjs runs the bundle from dist/main, or says to build when it is missing', () => {
    const home = tempDir();
    try {
      mkdirSync(path.join(home.path, 'bin'));
      copyFileSync(path.join(ROOT, 'bin/complyflow.cjs'), path.join(home.path, 'bin/complyflow.cjs'));
      const missing = spawnSync(process.execPath, [path.join(home.path, 'bin/complyflow.cjs'), '--help'], { encoding: 'utf8' });
      expect(missing.status).toBe(2);
      expect(missing.stderr.trim().split('\n')).toEqual([expect.stringContaining('run `npm run build`')]);

      mkdirSync(path.join(home.path, 'dist/main'), { recursive: true });
      symlinkSync(cli, path.join(home.path, 'dist/main/cli.cjs'));
      const help = spawnSync(process.execPath, [path.join(home.path, 'bin/complyflow.cjs'), '--help'], { encoding: 'utf8' });
      expect(help.status).toBe(0);
      expect(help.stdout).toContain('Usage: complyflow');
    } finally {
      home.remove();
    }
  });

  it('answers usage errors and unreadable packages with exit 2', () => {
    const data = tempDir();
    try {
      expect(run(['--data-dir', data.path, 'export-package', path.join(data.path, 'x.zip')]).stderr).toContain('--audit');
      expect(run(['--data-dir', data.path, 'export-package', '--audit', 'nope', 'x.zip']).code).toBe(2);
      const unknownAudit = run([
        '--data-dir',
        data.path,
        'export-package',
        '--audit',
        '6a2f41a3-c54b-4c4a-9d7e-5d3a1b2c3d4e',
        path.join(data.path, 'x.zip'),
      ]);
      expect(unknownAudit.code).toBe(1);
      expect(unknownAudit.stderr).toContain('No audit with id');
      const notZip = path.join(data.path, 'not.zip');
      writeFileSync(notZip, 'plain text');
      const unreadable = run(['verify-package', notZip]);
      expect(unreadable.code).toBe(2);
      expect(unreadable.stderr).toContain('is not a readable zip');
      expect(run(['verify-package']).code).toBe(2);
      expect(run(['verify-package', path.join(data.path, 'missing.zip')]).code).toBe(2);
    } finally {
      data.remove();
    }
  });
});
