import type { PolicySummary } from '../../../src-shared/domain/policy';
import { useRouter } from '../../app/router-store';
import { VirtualListbox } from '../../components/VirtualListbox';
import { usePolicies } from './policies-store';
import { STATUS_LABELS } from './status-labels';
import { versionLabel } from './version';
import './policies.css';

/** Title, then badges, then (when searching) the matching excerpt: one line each. */
const ROW_HEIGHT = 76;

/** A published revision stays in force while a newer draft goes through approval. */
const hasPublishedInForce = (p: PolicySummary) =>
  p.status !== 'published' && p.publishedRevisionId !== null && p.publishedRevisionId !== p.currentRevisionId;

/** Virtualized: only the visible rows are in the DOM, and the page at the offset shown loads. */
export function PolicyList() {
  const { items, total, loading, error, want } = usePolicies();
  const { id: selectedId, go } = useRouter();

  if (error)
    return (
      <p role="alert" className="error-text">
        Could not load policies: {error}
      </p>
    );
  if (!loading && items.length === 0) return <p className="empty-state">No policies match. Create one with “New policy”.</p>;

  return (
    <VirtualListbox
      className="policy-list"
      header={
        <p className="list-count" aria-live="polite">
          {total} {total === 1 ? 'policy' : 'policies'}
        </p>
      }
      aria-label="Policies"
      items={items}
      rowHeight={ROW_HEIGHT}
      overscan={8}
      getId={(policy) => policy.id}
      idPrefix="policy"
      selectedId={selectedId}
      onSelect={(policy) => go('policies', policy.id)}
      onRange={want}
      rowClassName={() => 'policy-row'}
      renderRow={(policy) => (
        <>
          <span className="policy-title" title={policy.title}>
            {policy.title}
          </span>
          <span className="policy-badges">
            <span className={`badge badge-${policy.status}`}>
              {STATUS_LABELS[policy.status]} {versionLabel(policy)}
            </span>
            {policy.overdue && <span className="badge badge-overdue">Review overdue</span>}
            {hasPublishedInForce(policy) && (
              <span className="badge badge-in-force" title="The published version stays in force until this one is published">
                {policy.publishedVersion ? `v${policy.publishedVersion} in force` : 'Published version in force'}
              </span>
            )}
          </span>
          {policy.snippet && <span className="snippet">{policy.snippet}</span>}
        </>
      )}
    />
  );
}
