// Runs every suite (vitest, Playwright in Chromium, Deno for the edge functions), each with a
// machine-readable report, and ends with one line that adds them all up: `N passed, N failed`.
// Exits non-zero if any test failed or any runner could not run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const out = 'test-results';
mkdirSync(out, { recursive: true });
const bin = (name) => path.join('node_modules', '.bin', name);
const totals = [];

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

// vitest: unit and integration (real SQLite files, real Postgres, packaging).
{
  const file = path.join(out, 'vitest.json');
  const status = run('vitest', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]);
  const report = readJson(file);
  const passed = report?.numPassedTests ?? 0;
  const failed = (report?.numFailedTests ?? 0) + (report ? 0 : 1);
  totals.push({ suite: 'vitest', passed, failed, crashed: status !== 0 && failed === 0 });
}

// Playwright: end-to-end through the browser host in Debian's Chromium.
{
  const file = path.join(out, 'playwright.json');
  const status = run('playwright', bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: file });
  const report = readJson(file);
  const stats = report?.stats;
  const passed = (stats?.expected ?? 0) + (stats?.flaky ?? 0);
  const failed = (stats?.unexpected ?? 0) + (report ? 0 : 1);
  totals.push({ suite: 'playwright', passed, failed, crashed: status !== 0 && failed === 0 });
}

// Deno: edge-function tests, run by the real Deno.
if (existsSync('tests/functions') && readdirSync('tests/functions').some((f) => f.endsWith('.test.ts'))) {
  const file = path.join(out, 'deno.xml');
  const status = run('deno', bin('deno'), [
    'test',
    '--node-modules-dir=manual',
    '--allow-all',
    `--junit-path=${file}`,
    'tests/functions',
  ]);
  const xml = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const cases = (xml.match(/<testcase\b/g) ?? []).length;
  const failures = (xml.match(/<failure\b/g) ?? []).length;
  const failed = failures + (xml ? 0 : 1);
  totals.push({ suite: 'deno', passed: cases - failures, failed, crashed: status !== 0 && failed === 0 });
}

console.log('\n=== summary');
for (const t of totals)
  console.log(`${t.suite}: ${t.passed} passed, ${t.failed} failed${t.crashed ? ' (runner exited with an error)' : ''}`);
const passed = totals.reduce((n, t) => n + t.passed, 0);
const failed = totals.reduce((n, t) => n + t.failed + (t.crashed ? 1 : 0), 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
