import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHostArgs } from '../../../../src-main/core/host/host-args';

describe('what main passes the core process', () => {
  it('reads the data folder and app version', () => {
    expect(readHostArgs(['--data-dir=/d', '--app-version=1.2.3'], {})).toEqual({ dataDir: '/d', appVersion: '1.2.3' });
    expect(readHostArgs(['--data-dir', '/d'], {})).toEqual({ dataDir: '/d', appVersion: undefined });
  });

  it('falls back to COMPLYFLOW_DATA_DIR and resolves relative folders', () => {
    expect(readHostArgs([], { COMPLYFLOW_DATA_DIR: 'rel' }).dataDir).toBe(path.resolve('rel'));
  });

  it('refuses to start without a data folder rather than guessing one', () => {
    expect(() => readHostArgs([], {})).toThrow(/--data-dir/);
    expect(() => readHostArgs(['--data-dir='], {})).toThrow(/--data-dir/);
  });
});
