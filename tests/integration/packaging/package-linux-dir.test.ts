/**
 * Packages the app the way a release does (electron-builder, our electron-builder.yml), for
 * Linux as an unpacked folder, and checks what a user's machine would receive: the bundles,
 * the renderer, better-sqlite3's native module outside the archive, no dev-only packages, the
 * update feed settings and the fuses. The Electron binary cannot be downloaded here, so a
 * stand-in executable is packaged instead; it carries Electron's fuse sentinel and wire (with
 * Electron's defaults), so @electron/fuses flips it exactly as it would flip the real one.
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractFile, listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { build, Platform } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(__dirname, '../../..');
const rootPackage = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
  name: string;
  main: string;
  dependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies: Record<string, string>;
};
const electronVersion = (
  JSON.parse(readFileSync(path.join(repo, 'node_modules/electron/package.json'), 'utf8')) as { version: string }
).version;

// Electron's fuse wire as shipped: version 1, then one byte per fuse in FuseV1Options order.
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ELECTRON_DEFAULT_WIRE = '10110001';
// How @electron/fuses reads a fuse byte: ASCII '0' is off, '1' is on.
const FuseState = { DISABLE: '0'.charCodeAt(0), ENABLE: '1'.charCodeAt(0) } as const;

function standInElectron(dir: string) {
  mkdirSync(dir, { recursive: true });
  const wire = Buffer.concat([
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]),
    Buffer.from(ELECTRON_DEFAULT_WIRE),
  ]);
  const script = Buffer.from(
    '#!/bin/sh\necho "Stand-in for the Electron binary, used only by the packaging test." >&2\nexit 1\n# ',
  );
  writeFileSync(path.join(dir, 'electron'), Buffer.concat([script, wire, Buffer.from('\n')]), { mode: 0o755 });
  writeFileSync(path.join(dir, 'chrome-sandbox'), '', { mode: 0o755 });
  writeFileSync(path.join(dir, 'version'), electronVersion);
}

/** Finds an installed package the way Node does: up the node_modules folders from `from`. */
function packageDir(name: string, from: string): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === path.dirname(dir)) return null;
  }
}

/** Every package name the production dependencies can load at run time. */
function productionClosure(): Set<string> {
  const names = new Set<string>();
  const visit = (name: string, from: string) => {
    const dir = packageDir(name, from);
    if (!dir || names.has(`${name}@${dir}`)) return;
    names.add(`${name}@${dir}`);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) visit(dep, dir);
  };
  for (const dep of Object.keys({ ...rootPackage.dependencies, ...rootPackage.optionalDependencies })) visit(dep, repo);
  return new Set([...names].map((entry) => entry.slice(0, entry.lastIndexOf('@'))));
}

let work: string;
let appDir: string;
let asarPath: string;
let entries: Set<string>;

beforeAll(async () => {
  if (!existsSync(path.join(repo, 'dist/main/electron-main.cjs')) || !existsSync(path.join(repo, 'dist/renderer/index.html'))) {
    execSync('npm run build', { cwd: repo, stdio: 'inherit' });
  }
  work = mkdtempSync(path.join(os.tmpdir(), 'complyflow-package-'));
  const electronDist = path.join(work, 'electron-dist');
  standInElectron(electronDist);
  await build({
    projectDir: repo,
    targets: Platform.LINUX.createTarget('dir'),
    publish: 'never',
    config: {
      electronDist,
      electronVersion,
      // Real builds rebuild better-sqlite3 for Electron's ABI; that needs Electron's headers,
      // which cannot be downloaded here.
      npmRebuild: false,
      directories: { output: path.join(work, 'release') },
    },
  });
  appDir = path.join(work, 'release', 'linux-unpacked');
  asarPath = path.join(appDir, 'resources', 'app.asar');
  entries = new Set(listPackage(asarPath, { isPack: false }).map((entry) => entry.replace(/\\/g, '/').replace(/^\//, '')));
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packaged Linux app', () => {
  it('holds the shell, the core, the preload and the renderer in app.asar', () => {
    for (const file of [
      'dist/main/electron-main.cjs',
      'dist/main/core-process.cjs',
      'dist/main/preload.cjs',
      'dist/renderer/index.html',
      'package.json',
    ]) {
      expect(entries.has(file), file).toBe(true);
    }
    const manifest = JSON.parse(extractFile(asarPath, 'package.json').toString()) as { main: string; devDependencies?: unknown };
    expect(manifest.main).toBe('dist/main/electron-main.cjs');
    expect(entries.has(manifest.main)).toBe(true);
  });

  it('leaves out the development host and source maps', () => {
    expect(entries.has('dist/main/browser-host.cjs')).toBe(false);
    expect([...entries].filter((entry) => entry.startsWith('dist/') && entry.endsWith('.map'))).toEqual([]);
  });

  it('ships better-sqlite3 with its native module unpacked beside the archive', () => {
    expect(entries.has('node_modules/better-sqlite3/package.json')).toBe(true);
    expect(
      existsSync(path.join(appDir, 'resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node')),
    ).toBe(true);
    // Its C sources and build leftovers are not shipped.
    expect([...entries].filter((entry) => /^node_modules\/better-sqlite3\/(deps|src)\//.test(entry))).toEqual([]);
    expect(entries.has('node_modules/better-sqlite3/build/Release/test_extension.node')).toBe(false);
  });

  it('ships electron-updater for updates', () => {
    expect(entries.has('node_modules/electron-updater/package.json')).toBe(true);
  });

  it('contains no development-only package', () => {
    const production = productionClosure();
    const devOnly = Object.keys(rootPackage.devDependencies).filter((name) => !production.has(name));
    expect(devOnly).toEqual(
      expect.arrayContaining(['electron', 'vite', 'vitest', 'typescript', 'react', 'deno', '@playwright/test']),
    );
    const shipped = devOnly.filter(
      (name) => entries.has(`node_modules/${name}`) || entries.has(`node_modules/${name}/package.json`),
    );
    expect(shipped).toEqual([]);
  });

  it('knows where to look for updates', () => {
    const feed = readFileSync(path.join(appDir, 'resources/app-update.yml'), 'utf8');
    expect(feed).toMatch(/^provider: generic$/m);
    expect(feed).toMatch(/^url: https:\/\//m);
    expect(feed).toMatch(/^channel: latest$/m);
  });

  it('has its Electron fuses flipped', async () => {
    const wire = await getCurrentFuseWire(path.join(appDir, rootPackage.name));
    const state = (fuse: FuseV1Options) => wire[fuse];
    expect(state(FuseV1Options.RunAsNode)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe(FuseState.ENABLE);
  });
});
