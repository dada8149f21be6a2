// `npm start`: builds the app, then runs it in Electron. Where Electron's binary is not
// installed (it is skipped on machines that cannot download it), runs the browser host with
// the same arguments instead. `--browser` asks for the browser host directly. Arguments such
// as `--data-dir <folder>` pass through to whichever host runs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const wantsBrowser = argv.includes('--browser');
const args = argv.filter((arg) => arg !== '--browser');

/** The Electron executable, or null when only its npm package (no binary) is installed. */
function electronBinary() {
  try {
    const require = createRequire(path.join(root, 'package.json'));
    // electron's index.js answers the binary's path; since Electron 45, when path.txt is missing
    // it runs its own download first. The download is denied on purpose (allowScripts), so ask
    // only when the binary was installed.
    if (!existsSync(path.join(path.dirname(require.resolve('electron/package.json')), 'path.txt'))) return null;
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function run(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (built.status !== 0) process.exit(built.status ?? 1);

const electron = wantsBrowser ? null : electronBinary();
if (electron) {
  // Inherited from a tool that runs Electron as Node, this would start Node instead of the app.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  run(electron, ['.', ...args], env);
} else {
  if (!wantsBrowser) console.log("Electron's binary is not installed here; starting the browser host instead.");
  run(process.execPath, [path.join(root, 'dist/main/browser-host.cjs'), ...args]);
}
