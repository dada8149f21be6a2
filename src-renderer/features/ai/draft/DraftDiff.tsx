/** The draft against the current body, hunk by hunk: each with its own Accept box, and Accept all. */
import type { DraftDiff as Diff } from './draft-hunks';
import { linesOf } from './draft-hunks';

export function DraftDiff({
  diff,
  accepted,
  onChange,
}: {
  diff: Diff;
  accepted: ReadonlySet<number>;
  onChange(next: Set<number>): void;
}) {
  if (diff.hunks.length === 0) return <p className="muted">The draft is the same as the current text.</p>;
  const all = accepted.size === diff.hunks.length;
  return (
    <div className="ai-draft-diff">
      <label className="ai-draft-accept-all">
        <input
          type="checkbox"
          checked={all}
          onChange={(e) => onChange(new Set(e.target.checked ? diff.hunks.map((h) => h.index) : []))}
        />
        Accept all {diff.hunks.length} changes
      </label>
      <ol className="ai-draft-hunks">
        {diff.hunks.map((hunk) => (
          <li key={hunk.index} className="ai-draft-hunk" data-testid="ai-draft-hunk">
            <label className="ai-draft-hunk-head">
              <input
                type="checkbox"
                checked={accepted.has(hunk.index)}
                onChange={(e) => {
                  const next = new Set(accepted);
                  if (e.target.checked) next.add(hunk.index);
                  else next.delete(hunk.index);
                  onChange(next);
                }}
              />
              Accept change {hunk.index + 1} (line {hunk.line})
            </label>
            <pre className="diff-lines" aria-label={`Change ${hunk.index + 1}`}>
              {linesOf(hunk.removed).map((line, i) => (
                <div key={`r${i}`} className="diff-removed">
                  <span aria-hidden="true">− </span>
                  <span className="ai-draft-sr">removed: </span>
                  {line}
                </div>
              ))}
              {linesOf(hunk.added).map((line, i) => (
                <div key={`a${i}`} className="diff-added">
                  <span aria-hidden="true">+ </span>
                  <span className="ai-draft-sr">added: </span>
                  {line}
                </div>
              ))}
            </pre>
          </li>
        ))}
      </ol>
    </div>
  );
}
