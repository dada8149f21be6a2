import { Plus } from 'lucide-react';
import { useEffect } from 'react';
import type { PolicyStatus } from '../../../src-shared/domain/policy';
import { call, complyflow } from '../../api/complyflow';
import { useRouter } from '../../app/router-store';
import { showError } from '../../app/toast-store';
import { Can } from '../account/Can';
import { PageHeader } from '../../components/PageHeader';
import { isRepeatClick, useInFlight } from '../../components/use-in-flight';
import { PolicyEditor } from './PolicyEditor';
import { PolicyList } from './PolicyList';
import { usePolicies } from './policies-store';
import { STATUS_LABELS } from './status-labels';

export function PoliciesPage() {
  const { status, query, overdue, setFilter, reload } = usePolicies();
  const { id, go } = useRouter();

  useEffect(() => {
    void reload();
    return complyflow().events.on('data.changed', (change) => {
      if (change.table === 'policies') void reload();
    });
  }, [reload]);

  const [creating, runCreate] = useInFlight();
  const create = () =>
    runCreate(async () => {
      // Close the open policy first: unsaved edits there are confirmed away before a new one exists.
      if (!go('policies')) return;
      try {
        const policy = await call(complyflow().policies.create({ title: 'Untitled policy' }));
        await reload();
        go('policies', policy.id);
      } catch (error) {
        showError(error);
      }
    });

  return (
    <section className="split-page">
      <PageHeader title="Policies">
        <Can permission="records.write">
          <button
            type="button"
            className="primary"
            disabled={creating}
            onClick={(event) => {
              if (!isRepeatClick(event)) void create();
            }}
          >
            <Plus aria-hidden size={16} /> New policy
          </button>
        </Can>
      </PageHeader>
      <div className="filters" role="search">
        <label>
          Search policies
          <input type="search" value={query} placeholder="Title or text" onChange={(e) => setFilter({ query: e.target.value })} />
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setFilter({ status: e.target.value as PolicyStatus | '' })}>
            <option value="">All</option>
            {(Object.keys(STATUS_LABELS) as PolicyStatus[]).map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="radio">
          <input type="checkbox" checked={overdue} onChange={(e) => setFilter({ overdue: e.target.checked })} />
          Review overdue
        </label>
      </div>
      <div className="split">
        <PolicyList />
        <div className="detail">{id ? <PolicyEditor key={id} id={id} /> : <p className="empty-state">Select a policy.</p>}</div>
      </div>
    </section>
  );
}
