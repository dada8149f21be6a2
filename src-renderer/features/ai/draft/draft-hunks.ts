/**
 * The AI draft against the current policy body as hunks a person accepts one by one: each run
 * of removed and/or added lines between unchanged text is one hunk. Applying keeps every
 * unchanged line, takes the draft's lines for accepted hunks and the current lines for the
 * rest, so accepting all gives exactly the draft and accepting none gives exactly the body.
 */
import { diffLines } from 'diff';

export interface Hunk {
  index: number;
  /** 1-based line of the current body where the hunk starts. */
  line: number;
  removed: string;
  added: string;
}

type Piece = { kind: 'same'; text: string } | { kind: 'hunk'; hunk: Hunk };

export interface DraftDiff {
  pieces: Piece[];
  hunks: Hunk[];
}

const lineCount = (text: string) => (text.match(/\n/g) ?? []).length;

export function draftDiff(current: string, draft: string): DraftDiff {
  const pieces: Piece[] = [];
  const hunks: Hunk[] = [];
  let line = 1;
  let open: Hunk | null = null;
  for (const change of diffLines(current, draft)) {
    if (!change.added && !change.removed) {
      open = null;
      pieces.push({ kind: 'same', text: change.value });
      line += lineCount(change.value);
      continue;
    }
    if (!open) {
      open = { index: hunks.length, line, removed: '', added: '' };
      hunks.push(open);
      pieces.push({ kind: 'hunk', hunk: open });
    }
    if (change.removed) {
      open.removed += change.value;
      line += lineCount(change.value);
    } else {
      open.added += change.value;
    }
  }
  return { pieces, hunks };
}

/** The body with the accepted hunks (by index) taken from the draft. */
export function applyHunks(diff: DraftDiff, accepted: ReadonlySet<number>): string {
  return diff.pieces
    .map((piece) => (piece.kind === 'same' ? piece.text : accepted.has(piece.hunk.index) ? piece.hunk.added : piece.hunk.removed))
    .join('');
}

/** A hunk's text as lines for display (the last newline does not make an empty line). */
export const linesOf = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));
