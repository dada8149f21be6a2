/** Counts and sizes as people read them: "1 control", "2 policies", "0.01 MB". */
import { describe, expect, it } from 'vitest';
import { formatMegabytes } from '../../../src-shared/domain/evidence';
import { plural } from '../../../src-shared/words';

describe('plural', () => {
  it('uses the singular for one and the plural otherwise, with thousands separators', () => {
    expect(plural(1, 'control')).toBe('1 control');
    expect(plural(0, 'control')).toBe('0 controls');
    expect(plural(1287, 'control')).toBe('1,287 controls');
    expect(plural(2, 'policy')).toBe('2 policies');
    expect(plural(3, 'deleted record')).toBe('3 deleted records');
    expect(plural(2, 'evidence item')).toBe('2 evidence items');
    expect(plural(2, 'box')).toBe('2 boxes');
  });
});

describe('formatMegabytes', () => {
  it('keeps a limit in megabytes, as it was set', () => {
    expect(formatMegabytes(Math.round(0.01 * 1024 * 1024))).toBe('0.01 MB');
    expect(formatMegabytes(20 * 1024 * 1024)).toBe('20 MB');
    expect(formatMegabytes(512 * 1024)).toBe('0.5 MB');
    expect(formatMegabytes(1024)).toBe('0.001 MB');
  });
});
