/**
 * A sandboxed preload can require only `electron` (and a few polyfilled modules): anything
 * else fails at window start, where no test here can see it. Bundling the preload as
 * build-main does must therefore leave exactly one import outside the bundle.
 */
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(__dirname, '../../..');

describe('the preload bundle', () => {
  it('imports nothing but electron', async () => {
    const result = await build({
      entryPoints: [path.join(repo, 'src-main/electron/preload.ts')],
      bundle: true,
      write: false,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['electron', 'better-sqlite3', 'electron-updater'],
      metafile: true,
      logLevel: 'silent',
    });
    const external = Object.values(result.metafile.inputs)
      .flatMap((input) => input.imports)
      .filter((imported) => imported.external)
      .map((imported) => imported.path);
    expect([...new Set(external)]).toEqual(['electron']);
    const code = result.outputFiles[0].text;
    expect(code).not.toMatch(/\b(__dirname|__filename)\b|\bprocess\.(env|versions|platform)\b|\bBuffer\./);
  });
});
