/**
 * Line diff of two revisions as hunks a person can read (jsdiff's structuredPatch), with line
 * numbers on both sides. Huge rewrites that would take too long to diff fall back to "all old
 * lines removed, all new lines added", which is still correct.
 */
import { structuredPatch } from 'diff';
import type { DiffHunk, DiffLine } from '../../../src-shared/domain/policy';

const CONTEXT_LINES = 3;
const DIFF_TIMEOUT_MS = 2000;

const withFinalNewline = (text: string) => (text === '' || text.endsWith('\n') ? text : `${text}\n`);

const splitLines = (text: string): string[] => {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
};

export function lineDiff(oldText: string, newText: string): { hunks: DiffHunk[]; added: number; removed: number } {
  if (oldText === newText) return { hunks: [], added: 0, removed: 0 };
  // A missing newline at the end is not an edit anyone reads: without this, the last line would
  // show as removed and added again unchanged.
  const patch = structuredPatch('old', 'new', withFinalNewline(oldText), withFinalNewline(newText), undefined, undefined, {
    context: CONTEXT_LINES,
    timeout: DIFF_TIMEOUT_MS,
  });
  const hunks: DiffHunk[] = patch ? patch.hunks.map(toHunk) : [wholeReplacement(oldText, newText)];
  let added = 0;
  let removed = 0;
  for (const hunk of hunks)
    for (const line of hunk.lines) {
      if (line.kind === 'added') added++;
      if (line.kind === 'removed') removed++;
    }
  return { hunks, added, removed };
}

function toHunk(hunk: { oldStart: number; oldLines: number; newStart: number; newLines: number; lines: string[] }): DiffHunk {
  let oldLine = hunk.oldStart;
  let newLine = hunk.newStart;
  const lines: DiffLine[] = [];
  for (const raw of hunk.lines) {
    const marker = raw[0];
    const text = raw.slice(1);
    if (marker === '+') lines.push({ kind: 'added', text, oldLine: null, newLine: newLine++ });
    else if (marker === '-') lines.push({ kind: 'removed', text, oldLine: oldLine++, newLine: null });
    else if (marker === ' ') lines.push({ kind: 'context', text, oldLine: oldLine++, newLine: newLine++ });
    // "\ No newline at end of file" carries no text of the policy.
  }
  return { oldStart: hunk.oldStart, oldLines: hunk.oldLines, newStart: hunk.newStart, newLines: hunk.newLines, lines };
}

function wholeReplacement(oldText: string, newText: string): DiffHunk {
  const oldLines = splitLines(oldText);
  const newLines = splitLines(newText);
  return {
    oldStart: 1,
    oldLines: oldLines.length,
    newStart: 1,
    newLines: newLines.length,
    lines: [
      ...oldLines.map((text, i): DiffLine => ({ kind: 'removed', text, oldLine: i + 1, newLine: null })),
      ...newLines.map((text, i): DiffLine => ({ kind: 'added', text, oldLine: null, newLine: i + 1 })),
    ],
  };
}

/**
 * How many characters an edit changes: what differs once the common prefix and suffix are set
 * aside, counted on the longer side (code points, so an emoji counts once).
 */
export function changedSpan(oldText: string, newText: string): number {
  const a = Array.from(oldText);
  const b = Array.from(newText);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return Math.max(endA - start, endB - start);
}
