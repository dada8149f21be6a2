import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseDataDir } from '../../../src-main/electron/data-dir';

const userData = () => '/home/ann/.config/ComplyFlow';

describe('the data folder the app opens', () => {
  it('is --data-dir when given, in either form', () => {
    expect(chooseDataDir(['electron', '.', '--data-dir', '/tmp/a'], {}, userData)).toBe('/tmp/a');
    expect(chooseDataDir(['ComplyFlow', '--data-dir=/tmp/b'], { COMPLYFLOW_DATA_DIR: '/tmp/env' }, userData)).toBe('/tmp/b');
    expect(chooseDataDir(['ComplyFlow', '--data-dir=rel'], {}, userData)).toBe(path.resolve('rel'));
  });

  it('is COMPLYFLOW_DATA_DIR when no flag is given', () => {
    expect(chooseDataDir(['ComplyFlow'], { COMPLYFLOW_DATA_DIR: '/srv/cf' }, userData)).toBe('/srv/cf');
  });

  it("is Electron's user-data folder otherwise", () => {
    expect(chooseDataDir(['ComplyFlow', '--no-sandbox-is-not-ours'], {}, userData)).toBe(userData());
  });

  it('refuses a flag without a folder', () => {
    expect(() => chooseDataDir(['ComplyFlow', '--data-dir'], {}, userData)).toThrow(/needs a folder/);
  });
});
