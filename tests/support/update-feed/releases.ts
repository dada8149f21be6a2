/**
 * Real release files for the feed: an "AppImage" installer (a small shell program, so
 * AppImageUpdater's install step can run it, padded with random bytes) with electron-builder's
 * own blockmap appended (app-builder-lib's appendBlockmap, as `electron-builder --linux AppImage`
 * does), and the channel file (latest-linux.yml / beta-linux.yml) with its real sha512, size and
 * blockMapSize. Options break one thing at a time for the security tests.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
// electron-builder's blockmap writer (a dev dependency: this is what packaging runs).
import { appendBlockmap } from 'app-builder-lib/out/targets/differentialUpdateInfoBuilder';

export interface ReleaseOptions {
  channel?: 'latest' | 'beta';
  /** Written into the yml instead of the real values. */
  sha512?: string;
  size?: number;
  stagingPercentage?: number;
  /** An absolute URL for the installer instead of its file name. */
  fileUrl?: string;
  releaseNotes?: string;
  /** Bytes of random padding (shared seed makes versions differ only in part, for differential download). */
  padding?: Buffer;
}

export interface Release {
  version: string;
  file: string;
  sha512: string;
  size: number;
}

export const installerName = (version: string) => `ComplyFlow-${version}.AppImage`;

/** The installer's program: records that it ran (when the test asks) and exits. */
const program = (version: string) =>
  `#!/bin/sh\nif [ -n "$COMPLYFLOW_TEST_INSTALL_LOG" ]; then echo "installed ${version}" >> "$COMPLYFLOW_TEST_INSTALL_LOG"; fi\nexit 0\n`;

export async function writeInstaller(
  dir: string,
  version: string,
  padding: Buffer = randomBytes(96 * 1024),
): Promise<Release & { blockMapSize?: number }> {
  const file = path.join(dir, installerName(version));
  writeFileSync(file, Buffer.concat([Buffer.from(program(version)), padding]), { mode: 0o755 });
  const info = await appendBlockmap(file);
  return { version, file, sha512: info.sha512, size: info.size ?? 0, blockMapSize: info.blockMapSize };
}

export async function publishRelease(dir: string, version: string, options: ReleaseOptions = {}): Promise<Release> {
  const release = await writeInstaller(dir, version, options.padding);
  const url = options.fileUrl ?? installerName(version);
  const sha512 = options.sha512 ?? release.sha512;
  const size = options.size ?? release.size;
  const lines = [
    `version: ${version}`,
    'files:',
    `  - url: ${url}`,
    `    sha512: ${sha512}`,
    `    size: ${size}`,
    ...(release.blockMapSize ? [`    blockMapSize: ${release.blockMapSize}`] : []),
    `path: ${url}`,
    `sha512: ${sha512}`,
    `releaseDate: '2026-12-01T09:00:00.000Z'`,
    ...(options.stagingPercentage !== undefined ? [`stagingPercentage: ${options.stagingPercentage}`] : []),
    ...(options.releaseNotes ? [`releaseNotes: ${JSON.stringify(options.releaseNotes)}`] : []),
  ];
  writeFileSync(path.join(dir, `${options.channel ?? 'latest'}-linux.yml`), `${lines.join('\n')}\n`);
  return release;
}
