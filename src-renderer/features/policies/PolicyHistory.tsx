/**
 * The History tab: every revision of the policy (newest first, paged), with two radio columns
 * to pick any pair, and the line diff between them.
 */
import { useCallback, useEffect, useState } from 'react';
import { ActorName } from '../account/ActorName';
import type { PolicyDiff, PolicyRevisionSummary } from '../../../src-shared/domain/policy';
import { call, complyflow } from '../../api/complyflow';
import { showError } from '../../app/toast-store';
import { PolicyDiffView } from './PolicyDiffView';
import { revisionName, versionLabel } from './version';
import { formatDateTime } from '../../components/dates';

const PAGE = 50;

export function PolicyHistory({
  policyId,
  currentRevisionId,
  publishedRevisionId,
}: {
  policyId: string;
  currentRevisionId: string | null;
  publishedRevisionId: string | null;
}) {
  const [revisions, setRevisions] = useState<PolicyRevisionSummary[]>([]);
  const [total, setTotal] = useState(0);
  const [fromId, setFromId] = useState<string | null>(null);
  const [toId, setToId] = useState<string | null>(null);
  const [diff, setDiff] = useState<PolicyDiff | null>(null);

  const load = useCallback(
    async (offset: number) => {
      try {
        const page = await call(complyflow().policies.revisions({ policyId, offset, limit: PAGE }));
        setRevisions((current) => (offset === 0 ? page.items : [...current, ...page.items]));
        setTotal(page.total);
        if (offset === 0) {
          // By default compare the latest save with the one before it.
          setToId(page.items[0]?.id ?? null);
          setFromId(page.items[1]?.id ?? page.items[0]?.id ?? null);
        }
      } catch (error) {
        showError(error);
      }
    },
    [policyId],
  );

  useEffect(() => {
    void load(0);
  }, [load, currentRevisionId]);

  useEffect(() => {
    if (!fromId || !toId) return setDiff(null);
    let live = true;
    call(complyflow().policies.diff({ fromRevisionId: fromId, toRevisionId: toId })).then((d) => live && setDiff(d), showError);
    return () => {
      live = false;
    };
  }, [fromId, toId]);

  // Several saves share a version until approval (v1.0, v1.0, …): the revision number, counted
  // from the first save, tells them apart everywhere (table, radios, diff summary).
  const numberOf = new Map(revisions.map((r, i) => [r.id, total - i]));

  return (
    <section className="policy-section" aria-label="History">
      <h2>Revisions ({total})</h2>
      <table className="revision-table">
        <colgroup>
          <col className="pick" />
          <col className="pick" />
          <col className="number" />
          <col className="version" />
          <col className="saved" />
          <col className="by" />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Revision</th>
            <th scope="col">Version</th>
            <th scope="col">Saved</th>
            <th scope="col">By</th>
            <th scope="col">Title</th>
          </tr>
        </thead>
        <tbody>
          {revisions.map((r) => {
            const name = revisionName(numberOf.get(r.id) ?? 0, r);
            return (
              <tr key={r.id} data-testid="revision-row">
                <td>
                  <input
                    type="radio"
                    name="diff-from"
                    aria-label={`Compare from ${name}`}
                    checked={fromId === r.id}
                    onChange={() => setFromId(r.id)}
                  />
                </td>
                <td>
                  <input
                    type="radio"
                    name="diff-to"
                    aria-label={`Compare to ${name}`}
                    checked={toId === r.id}
                    onChange={() => setToId(r.id)}
                  />
                </td>
                <td>{numberOf.get(r.id)}</td>
                <td>
                  {versionLabel(r)}
                  {r.id === currentRevisionId && ' (current)'}
                  {r.id === publishedRevisionId && ' (published)'}
                  {r.aiAssisted && (
                    <span className="ai-badge" title="Saved from an AI draft a person accepted">
                      AI-assisted
                    </span>
                  )}
                  {r.approvedBy && (
                    <div className="muted wrap revision-approval">
                      Approved by {r.approvedBy}
                      {r.approvalComment && `: “${r.approvalComment}”`}
                    </div>
                  )}
                </td>
                <td>
                  <time dateTime={r.createdAt}>{formatDateTime(r.createdAt)}</time>
                </td>
                <td className="wrap">
                  <ActorName actor={r.createdBy} />
                </td>
                <td className="revision-title" title={r.title}>
                  {r.title}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {revisions.length < total && (
        <button type="button" onClick={() => void load(revisions.length)}>
          Show older revisions ({total - revisions.length} more)
        </button>
      )}
      {diff && <PolicyDiffView diff={diff} fromNumber={numberOf.get(diff.from.id)} toNumber={numberOf.get(diff.to.id)} />}
    </section>
  );
}
