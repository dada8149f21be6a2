/**
 * `npm run package[:linux|:mac|:win]`: checks the update feed settings (scripts/packaging/
 * update-feed.ts), then runs electron-builder with them, never publishing (IT copies release/*
 * to its update server, README "Publishing updates"). Other arguments pass through to
 * electron-builder (e.g. `-- --x64 --arm64`).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { updateFeed, UpdateFeedError } from './packaging/update-feed';

const root = path.resolve(__dirname, '..');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };

try {
  const feed = updateFeed(process.env, version);
  console.log(`Packaging ComplyFlow ${version} for the ${feed.channel} channel, updates from ${feed.url}`);
  const builder = path.join(
    root,
    'node_modules',
    '.bin',
    process.platform === 'win32' ? 'electron-builder.cmd' : 'electron-builder',
  );
  const result = spawnSync(builder, [...process.argv.slice(2), '--publish', 'never'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
    env: { ...process.env, COMPLYFLOW_UPDATE_URL: feed.url, COMPLYFLOW_UPDATE_CHANNEL: feed.channel },
  });
  process.exit(result.status ?? 1);
} catch (error) {
  if (!(error instanceof UpdateFeedError)) throw error;
  console.error(`Cannot package: ${error.message}`);
  process.exit(1);
}
