import { describe, expect, it } from 'vitest';
import { conflictMarked, hasConflictMarkers, markColumns } from '../../../../src-renderer/features/sync/merge-text';

const base = ['# Access', 'Passwords rotate every 90 days.', 'Accounts are reviewed yearly.', 'End.'].join('\n');
const theirs = ['# Access', 'Passwords rotate every 60 days.', 'Accounts are reviewed yearly.', 'End.'].join('\n');
const ours = ['# Access', 'Passwords rotate every 30 days.', 'Accounts are reviewed yearly.', 'End.', 'Added here.'].join('\n');

describe('merge view text', () => {
  it('marks the lines each side changed, and in the base the lines either side rewrote', () => {
    const columns = markColumns(base, theirs, ours);
    expect(columns.base.map((l) => l.changed)).toEqual([false, true, false, false]);
    expect(columns.theirs.map((l) => l.changed)).toEqual([false, true, false, false]);
    expect(columns.ours.map((l) => l.changed)).toEqual([false, true, false, false, true]);
    expect(columns.ours[4].text).toBe('Added here.');
  });

  it('starts the result with both versions of the overlapping lines between markers, the rest merged', () => {
    const result = conflictMarked(base, theirs, ours);
    expect(result.split('\n')).toEqual([
      '# Access',
      '<<<<<<< yours',
      'Passwords rotate every 30 days.',
      '=======',
      'Passwords rotate every 60 days.',
      '>>>>>>> theirs',
      'Accounts are reviewed yearly.',
      'End.',
      'Added here.',
    ]);
    expect(hasConflictMarkers(result)).toBe(true);
  });

  it('lets a setext heading underline of equals signs through: only the start and end markers block saving', () => {
    expect(hasConflictMarkers('Title\n=======\nText')).toBe(false);
    expect(hasConflictMarkers('Text\n>>>>>>> theirs')).toBe(true);
  });

  it('merges edits of different lines without any marker', () => {
    const start = ['A', 'b', 'c', 'd', 'E'];
    const result = conflictMarked(start.join('\n'), ['A2', 'b', 'c', 'd', 'E'].join('\n'), ['A', 'b', 'c', 'd', 'E2'].join('\n'));
    expect(hasConflictMarkers(result)).toBe(false);
    expect(result).toBe(['A2', 'b', 'c', 'd', 'E2'].join('\n'));
  });
});
