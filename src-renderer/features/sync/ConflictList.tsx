/** Open policy text conflicts, each with a way to its merge view (in the policy's editor). */
import { useEffect, useState } from 'react';
import type { PolicyConflict, SyncStatus } from '../../../src-shared/api/sync';
import { call, complyflow } from '../../api/complyflow';
import { useRouter } from '../../app/router-store';
import { formatDateTime } from '../../components/dates';
import { ActorName } from '../account/ActorName';

export function ConflictList({ status }: { status: SyncStatus | null }) {
  const [conflicts, setConflicts] = useState<PolicyConflict[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    call(complyflow().sync.conflicts({})).then(
      (list) => {
        if (!live) return;
        setConflicts(list);
        setError(null);
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [status?.conflicts]);

  if (error)
    return (
      <p role="alert" className="error-text">
        Could not list the conflicts: {error}
      </p>
    );
  if (conflicts.length === 0) return null;
  return (
    <section aria-labelledby="conflicts-title" className="sync-conflicts">
      <h2 id="conflicts-title">Policy texts to resolve</h2>
      <p className="muted">Two people changed the same lines. Both texts are kept until someone chooses the result.</p>
      <ul>
        {conflicts.map((c) => (
          <li key={c.id}>
            <strong>{c.policyTitle}</strong>: edited on two sides
            {c.createdBy && (
              <>
                {' '}
                (the other edit by <ActorName actor={c.createdBy} />)
              </>
            )}
            , <time dateTime={c.createdAt}>{formatDateTime(c.createdAt)}</time>{' '}
            <button type="button" onClick={() => useRouter.getState().go('policies', c.policyId)}>
              Resolve “{c.policyTitle}”
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
