/**
 * The browser host (src-main/browser-host/main.ts: the real core behind the renderer's WebSocket
 * API) bundled from the worktree's sources into a temp folder, once per test process, the way
 * scripts/build-main.mjs bundles dist/main. Tests start it as a plain `node` process, so it can
 * be killed with SIGKILL like a crashing app, without depending on a possibly stale dist/.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

let bundled: Promise<string> | null = null;

export function browserHostBundle(): Promise<string> {
  bundled ??= (async () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'complyflow-core-process-'));
    await build({
      entryPoints: { 'browser-host': path.join(ROOT, 'src-main/browser-host/main.ts') },
      outdir,
      outExtension: { '.js': '.cjs' },
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      // Minified and without a source map, it starts about a third faster: hundreds of restarts per run.
      minify: true,
      keepNames: true,
      external: ['electron', 'better-sqlite3', 'electron-updater'],
      logLevel: 'warning',
    });
    return path.join(outdir, 'browser-host.cjs');
  })();
  return bundled;
}
