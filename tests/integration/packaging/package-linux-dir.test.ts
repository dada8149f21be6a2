/**
 * Packages the app the way a release does (electron-builder, our electron-builder.yml, the feed
 * settings `npm run package` checks), for Linux as an unpacked folder, and checks what a user's
 * machine would receive: the bundles, the renderer, better-sqlite3's native module outside the
 * archive, no dev-only packages, the update feed (app-update.yml) of a release and of a beta
 * build, and the fuses. The Electron binary cannot be downloaded here, so a stand-in executable
 * is packaged instead; it carries Electron's fuse sentinel and wire (with Electron 45's
 * defaults), so @electron/fuses flips it exactly as it would flip the real one. The other
 * targets (dmg, zip, nsis, AppImage, deb) need downloads: their configuration is read and
 * validated by electron-builder's own loader and schema.
 */
import { execSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractFile, listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
// electron-builder's own config loader and schema check (app-builder-lib is its packager).
import { getAppUpdatePublishConfiguration } from 'app-builder-lib/out/publish/PublishManager';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { build, Platform, type AfterPackContext, type Configuration } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateFeed } from '../../../scripts/packaging/update-feed';

const repo = path.resolve(__dirname, '../../..');
const rootPackage = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  main: string;
  dependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies: Record<string, string>;
};
const electronVersion = (
  JSON.parse(readFileSync(path.join(repo, 'node_modules/electron/package.json'), 'utf8')) as { version: string }
).version;

// Electron's fuse wire as shipped: version 1, then one byte per fuse in FuseV1Options order
// (build/fuses/fuses.json5 in electron/electron). Electron 45 has nine: the eight @electron/fuses
// names, then wasm_trap_handlers (on), which we leave as shipped.
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ELECTRON_DEFAULT_WIRE = '101100011';
const WASM_TRAP_HANDLERS = 8;
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

/**
 * A Windows stand-in: electron-builder edits the real electron.exe's resources (asar integrity),
 * so it must be a PE file with version info. Squirrel's Setup.exe (shipped by electron-winstaller,
 * an electron-builder dependency) is one; the fuse wire is appended to it.
 */
function standInElectronWindows(dir: string) {
  mkdirSync(dir, { recursive: true });
  const winstaller = packageDir('electron-winstaller', repo);
  if (!winstaller)
    throw new Error('electron-winstaller (installed with electron-builder) is missing: its Setup.exe is the Windows stand-in');
  const pe = readFileSync(path.join(winstaller, 'vendor', 'Setup.exe'));
  const wire = Buffer.concat([
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]),
    Buffer.from(ELECTRON_DEFAULT_WIRE),
  ]);
  writeFileSync(path.join(dir, 'electron.exe'), Buffer.concat([pe, wire]));
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

const UPDATE_URL = 'https://updates.complyflow.example/desktop';
const BETA_VERSION = '0.2.0-beta.1';

let work: string;
let electronDist: string;
let appDir: string;
let asarPath: string;
let entries: Set<string>;
let betaAppDir: string;
let windowsFeed: Record<string, unknown> | null = null;
const savedEnv = { url: process.env.COMPLYFLOW_UPDATE_URL, channel: process.env.COMPLYFLOW_UPDATE_CHANNEL };

/**
 * A `--linux dir` build of another version (a beta), through electron-builder's API with the
 * feed scripts/package.ts would give it (the script reads the version from package.json).
 */
async function packageLinuxDir(output: string, version: string): Promise<string> {
  const feed = updateFeed({ COMPLYFLOW_UPDATE_URL: UPDATE_URL }, version);
  process.env.COMPLYFLOW_UPDATE_URL = feed.url;
  process.env.COMPLYFLOW_UPDATE_CHANNEL = feed.channel;
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
      directories: { output },
      extraMetadata: { version },
    },
  });
  return path.join(output, 'linux-unpacked');
}

/** Runs `npm run package`'s script (scripts/package.ts) with `args` and `env`: exit code and output. */
function runPackageScript(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(repo, 'node_modules', '.bin', 'tsx'), ['scripts/package.ts', ...args], {
      cwd: repo,
      env: { ...process.env, COMPLYFLOW_UPDATE_URL: undefined, COMPLYFLOW_UPDATE_CHANNEL: undefined, ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The release build, the way `npm run package -- --linux dir` makes it (the script, then electron-builder's CLI). */
async function packageLinuxDirWithScript(output: string): Promise<string> {
  const run = await runPackageScript(
    [
      '--linux',
      'dir',
      `-c.electronDist=${electronDist}`,
      `-c.electronVersion=${electronVersion}`,
      '-c.npmRebuild=false',
      `-c.directories.output=${output}`,
    ],
    { COMPLYFLOW_UPDATE_URL: UPDATE_URL },
  );
  if (run.code !== 0) throw new Error(`npm run package failed (${run.code}):\n${run.output}`);
  return path.join(output, 'linux-unpacked');
}

/**
 * A Windows `dir` build. electron-builder writes app-update.yml for Windows only into the NSIS
 * installer (which needs NSIS, a download); the afterPack hook asks electron-builder's own
 * function for the feed that installer would carry, with the Windows packager of this build.
 */
async function windowsFeedOfBuild(output: string): Promise<Record<string, unknown> | null> {
  const dist = path.join(work, 'electron-dist-win');
  standInElectronWindows(dist);
  const stable = updateFeed({ COMPLYFLOW_UPDATE_URL: UPDATE_URL }, rootPackage.version);
  process.env.COMPLYFLOW_UPDATE_URL = stable.url;
  process.env.COMPLYFLOW_UPDATE_CHANNEL = stable.channel;
  let feed: Record<string, unknown> | null = null;
  await build({
    projectDir: repo,
    targets: Platform.WINDOWS.createTarget('dir'),
    publish: 'never',
    config: {
      electronDist: dist,
      electronVersion,
      npmRebuild: false,
      directories: { output },
      // rcedit is a Windows program; signing needs the certificate. Neither runs here.
      win: { signAndEditExecutable: false },
      afterPack: async (context: AfterPackContext) => {
        feed = (await getAppUpdatePublishConfiguration(context.packager, null, context.arch, false)) as Record<
          string,
          unknown
        > | null;
      },
    },
  });
  return feed;
}

beforeAll(async () => {
  if (!existsSync(path.join(repo, 'dist/main/electron-main.cjs')) || !existsSync(path.join(repo, 'dist/renderer/index.html'))) {
    execSync('npm run build', { cwd: repo, stdio: 'inherit' });
  }
  work = mkdtempSync(path.join(os.tmpdir(), 'complyflow-package-'));
  electronDist = path.join(work, 'electron-dist');
  standInElectron(electronDist);
  appDir = await packageLinuxDirWithScript(path.join(work, 'release'));
  betaAppDir = await packageLinuxDir(path.join(work, 'release-beta'), BETA_VERSION);
  windowsFeed = await windowsFeedOfBuild(path.join(work, 'release-win'));
  asarPath = path.join(appDir, 'resources', 'app.asar');
  entries = new Set(listPackage(asarPath, { isPack: false }).map((entry) => entry.replace(/\\/g, '/').replace(/^\//, '')));
}, 720_000);

afterAll(() => {
  if (savedEnv.url === undefined) delete process.env.COMPLYFLOW_UPDATE_URL;
  else process.env.COMPLYFLOW_UPDATE_URL = savedEnv.url;
  if (savedEnv.channel === undefined) delete process.env.COMPLYFLOW_UPDATE_CHANNEL;
  else process.env.COMPLYFLOW_UPDATE_CHANNEL = savedEnv.channel;
  if (work) rmSync(work, { recursive: true, force: true });
});

/** app-update.yml: flat `key: value` lines (electron-builder writes it with js-yaml). */
function readFeed(dir: string): Record<string, string> {
  const text = readFileSync(path.join(dir, 'resources/app-update.yml'), 'utf8');
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => /^\w+: /.test(line))
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
  );
}

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

  it('looks for updates on the latest channel of the company server, as a generic feed', () => {
    const feed = readFeed(appDir);
    expect(feed.provider).toBe('generic');
    expect(feed.url).toBe(`${UPDATE_URL}/`);
    expect(feed.channel).toBe('latest');
    expect(feed.useMultipleRangeRequest).toBe('false');
    expect(feed.updaterCacheDirName).toBe(`${rootPackage.name}-updater`);
  });

  it('puts a beta build on the beta channel, with the beta version inside', () => {
    const feed = readFeed(betaAppDir);
    expect(feed.channel).toBe('beta');
    expect(feed.url).toBe(`${UPDATE_URL}/`);
    const manifest = JSON.parse(extractFile(path.join(betaAppDir, 'resources/app.asar'), 'package.json').toString()) as {
      version: string;
    };
    expect(manifest.version).toBe(BETA_VERSION);
  });

  it('tells a Windows install to accept only updates signed by our publisher', () => {
    expect(windowsFeed).toMatchObject({
      provider: 'generic',
      url: `${UPDATE_URL}/`,
      channel: 'latest',
      publisherName: ['ComplyFlow'],
    });
  });

  it('is not built at all without an https update server', async () => {
    const output = path.join(work, 'release-refused');
    for (const env of [{}, { COMPLYFLOW_UPDATE_URL: 'http://updates.complyflow.example/desktop' }]) {
      const run = await runPackageScript(
        ['--linux', 'dir', `-c.electronDist=${electronDist}`, `-c.directories.output=${output}`],
        env,
      );
      expect(run.code).toBe(1);
      expect(run.output).toMatch(/Cannot package: (Set COMPLYFLOW_UPDATE_URL|COMPLYFLOW_UPDATE_URL must start with https)/);
    }
    expect(existsSync(output)).toBe(false);
  });

  it('has its seven Electron fuses flipped, and leaves the others as Electron ships them', async () => {
    const wire = await getCurrentFuseWire(path.join(appDir, rootPackage.name));
    const state = (fuse: FuseV1Options) => wire[fuse];
    expect(state(FuseV1Options.RunAsNode)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.LoadBrowserProcessSpecificV8Snapshot)).toBe(FuseState.DISABLE);
    // @electron/fuses 1.x has no name for the ninth fuse; it reads it like the others.
    expect((wire as unknown as Record<number, number>)[WASM_TRAP_HANDLERS]).toBe(FuseState.ENABLE);
  });
});

describe('every target, as electron-builder reads electron-builder.yml', () => {
  let config: Configuration;
  beforeAll(async () => {
    config = await getConfig(repo, null, null);
  });

  it('passes electron-builder 26 schema, which refuses a key it does not know', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // The pre-26 place of publisherName: electron-builder refuses it, so the test above can fail.
    const stale = { ...config, win: { ...config.win, publisherName: 'ComplyFlow' } } as Configuration;
    await expect(validateConfiguration(stale, new DebugLogger(false))).rejects.toThrow(/configuration\.win should be/);
  });

  it('builds dmg + zip for macOS, signed-ready with the hardened runtime', () => {
    expect(config.mac?.target).toEqual(['dmg', 'zip']);
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.mac?.notarize).toBe(true);
  });

  it('builds an NSIS installer for Windows whose updates must be signed by our publisher', () => {
    expect(config.win?.target).toBe('nsis');
    expect(config.win?.verifyUpdateCodeSignature).toBe(true);
    expect(config.win?.signtoolOptions?.publisherName).toBe('ComplyFlow');
    expect(config.nsis?.differentialPackage).toBe(true);
    expect(config.nsis?.oneClick).toBe(false);
    // Its name is a URL on the update server: no spaces.
    expect(config.nsis?.artifactName).not.toMatch(/\s/);
  });

  it('builds AppImage and deb for Linux', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.linux?.maintainer).toMatch(/@/);
  });

  it('publishes a generic feed from the environment, with update files for every channel', () => {
    expect(config.publish).toMatchObject({
      provider: 'generic',
      url: '${env.COMPLYFLOW_UPDATE_URL}',
      channel: '${env.COMPLYFLOW_UPDATE_CHANNEL}',
    });
    expect(config.generateUpdatesFilesForAllChannels).toBe(true);
  });

  it('flips exactly the fuses DESIGN §6 and issue 11 ask for', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
