// Bundles the Node-side entries (core process, Electron shell, preload, browser host, CLI) into
// dist/main as CommonJS. Native and Electron-provided modules stay external.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = {
  'browser-host': 'src-main/browser-host/main.ts',
  'core-process': 'src-main/core/host/utility-process.ts',
  'electron-main': 'src-main/electron/main.ts',
  preload: 'src-main/electron/preload.ts',
  cli: 'src-main/cli/main.ts',
};

// --outdir lets parallel work build into its own folder (default dist/main).
const outIndex = process.argv.indexOf('--outdir');
const outdir = outIndex > 0 ? process.argv[outIndex + 1] : 'dist/main';

const missing = Object.values(entries).filter((file) => !existsSync(file));
if (missing.length) {
  console.error(`build-main: missing entry files: ${missing.join(', ')}`);
  process.exit(1);
}

await build({
  entryPoints: entries,
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external: ['electron', 'better-sqlite3', 'electron-updater'],
  logLevel: 'warning',
});
console.log(`build-main: ${outdir} ready`);
