/** A line diff between two revisions: line numbers, a + or − marker and colour on each line. */
import type { PolicyDiff } from '../../../src-shared/domain/policy';
import { revisionName, versionLabel } from './version';
import { formatDateTime } from '../../components/dates';

const MARKER = { added: '+', removed: '−', context: ' ' } as const;
const SPOKEN = { added: 'added', removed: 'removed', context: 'unchanged' } as const;

const nameOf = (r: PolicyDiff['from'], number: number | undefined) =>
  number === undefined ? `${versionLabel(r)} (${formatDateTime(r.createdAt)})` : revisionName(number, r);

/** `fromNumber`/`toNumber`: the revisions' numbers in the history, when the caller knows them. */
export function PolicyDiffView({ diff, fromNumber, toNumber }: { diff: PolicyDiff; fromNumber?: number; toNumber?: number }) {
  const from = nameOf(diff.from, fromNumber);
  const to = nameOf(diff.to, toNumber);
  return (
    <div className="diff-view" role="region" aria-label="Differences between revisions">
      <p className="diff-summary">
        From {from} to {to}: {diff.added} {diff.added === 1 ? 'line' : 'lines'} added, {diff.removed}{' '}
        {diff.removed === 1 ? 'line' : 'lines'} removed.
        {diff.titleChanged && (
          <>
            {' '}
            Title changed from “{diff.from.title}” to “{diff.to.title}”.
          </>
        )}
        {diff.hunks.length === 0 && ' The text is the same.'}
      </p>
      {diff.hunks.map((hunk, h) => (
        <div key={h}>
          <div className="diff-hunk-head">
            Lines {hunk.oldStart}–{hunk.oldStart + Math.max(hunk.oldLines - 1, 0)} → {hunk.newStart}–
            {hunk.newStart + Math.max(hunk.newLines - 1, 0)}
          </div>
          {hunk.lines.map((line, i) => (
            <div key={i} className={`diff-line diff-${line.kind}`} data-kind={line.kind}>
              <span className="ln" aria-hidden>
                {line.oldLine ?? ''}
              </span>
              <span className="ln" aria-hidden>
                {line.newLine ?? ''}
              </span>
              <span className="marker" aria-hidden>
                {MARKER[line.kind]}
              </span>
              <span className="text">
                <span className="visually-hidden" style={{ position: 'absolute', left: -9999 }}>
                  {SPOKEN[line.kind]}:{' '}
                </span>
                {line.text || ' '}
              </span>
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
