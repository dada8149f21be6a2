import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultUserDataDir, resolveDataDir } from '../../../../src-main/core/host/data-dir';

describe('the data folder both hosts open', () => {
  it("defaults to the platform's user-data folder for ComplyFlow, as Electron names it", () => {
    expect(defaultUserDataDir('linux', {}, '/home/ann')).toBe('/home/ann/.config/ComplyFlow');
    expect(defaultUserDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ann')).toBe('/cfg/ComplyFlow');
    expect(defaultUserDataDir('darwin', {}, '/Users/ann')).toBe('/Users/ann/Library/Application Support/ComplyFlow');
    expect(defaultUserDataDir('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann')).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\ComplyFlow',
    );
    expect(defaultUserDataDir('win32', {}, 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Roaming\\ComplyFlow');
  });

  it('is --data-dir first, then COMPLYFLOW_DATA_DIR, resolved to an absolute folder', () => {
    expect(resolveDataDir(['--data-dir', 'rel'], { COMPLYFLOW_DATA_DIR: '/srv/env' })).toBe(path.resolve('rel'));
    expect(resolveDataDir(['--data-dir=/tmp/x'], {})).toBe('/tmp/x');
    expect(resolveDataDir([], { COMPLYFLOW_DATA_DIR: 'env-rel' })).toBe(path.resolve('env-rel'));
  });

  it('refuses a flag without a folder, in either form', () => {
    expect(() => resolveDataDir(['--data-dir'], {})).toThrow(/--data-dir needs a folder/);
    expect(() => resolveDataDir(['--data-dir='], {})).toThrow(/--data-dir needs a folder/);
  });
});
