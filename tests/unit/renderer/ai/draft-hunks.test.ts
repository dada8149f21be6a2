import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyHunks, draftDiff, linesOf } from '../../../../src-renderer/features/ai/draft/draft-hunks';

const current = '# Access\n\nOld purpose.\n\n## Scope\nAll staff.\n\n## Review\nYearly.\n';
const draft =
  '# Access Control Policy\n\nOld purpose.\n\n## Scope\nAll staff and contractors.\n[AC-2] Accounts are reviewed.\n\n## Review\nYearly.\n';

describe('AI draft hunks', () => {
  it('splits the change into hunks that are accepted one by one', () => {
    const diff = draftDiff(current, draft);
    expect(diff.hunks.map((h) => ({ line: h.line, removed: linesOf(h.removed), added: linesOf(h.added) }))).toEqual([
      { line: 1, removed: ['# Access'], added: ['# Access Control Policy'] },
      { line: 6, removed: ['All staff.'], added: ['All staff and contractors.', '[AC-2] Accounts are reviewed.'] },
    ]);
    expect(applyHunks(diff, new Set([1]))).toBe(
      '# Access\n\nOld purpose.\n\n## Scope\nAll staff and contractors.\n[AC-2] Accounts are reviewed.\n\n## Review\nYearly.\n',
    );
    expect(applyHunks(diff, new Set([0]))).toBe(current.replace('# Access\n', '# Access Control Policy\n'));
  });

  it('accepting all gives the draft, none gives the body, for any texts', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c\n', '\n', 'd e\n'), { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const diff = draftDiff(before, after);
        expect(applyHunks(diff, new Set(diff.hunks.map((h) => h.index)))).toBe(after);
        expect(applyHunks(diff, new Set())).toBe(before);
      }),
    );
  });

  it('an empty body takes the whole draft as one hunk', () => {
    const diff = draftDiff('', 'Line one\nLine two\n');
    expect(diff.hunks).toEqual([{ index: 0, line: 1, removed: '', added: 'Line one\nLine two\n' }]);
  });
});
