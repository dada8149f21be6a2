/** Every audit with its window, status and fieldwork progress; opening one starts fieldwork. */
import { Plus } from 'lucide-react';
import { Can } from '../account/Can';
import { useCallback, useEffect, useState } from 'react';
import type { AuditSummary } from '../../../src-shared/domain/audit';
import { call, complyflow } from '../../api/complyflow';
import { useRouter } from '../../app/router-store';
import { PageHeader } from '../../components/PageHeader';
import { AUDIT_STATUS_LABELS } from './labels';
import { NewAuditDialog } from './NewAuditDialog';
import { ProgressBar } from './ProgressBar';
import { formatDateRange } from '../../components/dates';

const PAGE = 50;

export function AuditList() {
  const go = useRouter((s) => s.go);
  const [items, setItems] = useState<AuditSummary[]>([]);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [creating, setCreating] = useState(false);

  const load = useCallback(async (offset: number) => {
    try {
      const page = await call(complyflow().audits.list({ offset, limit: PAGE }));
      setItems((prev) => (offset === 0 ? page.items : [...prev, ...page.items]));
      setTotal(page.total);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoaded(true);
    }
  }, []);

  useEffect(() => {
    void load(0);
    return complyflow().events.on('data.changed', (change) => {
      if (['audits', 'audit_results', 'findings'].includes(change.table)) void load(0);
    });
  }, [load]);

  return (
    <section className="audits-page" aria-labelledby="audits-title">
      <PageHeader title="Audits">
        <Can permission="audits.plan">
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            <Plus aria-hidden size={16} /> New audit
          </button>
        </Can>
      </PageHeader>
      {creating && (
        <NewAuditDialog
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            go('audits', id);
          }}
        />
      )}
      {error && (
        <p role="alert" className="error-text">
          Could not load audits: {error}
        </p>
      )}
      {loaded && !error && items.length === 0 && <p className="empty-state">No audits yet. Start one with “New audit”.</p>}
      {items.length > 0 && (
        <ul className="audit-list" aria-label="Audits">
          {items.map((audit) => (
            <li key={audit.id} className="audit-card">
              <div className="audit-card-head">
                <a
                  href={`#/audits/${audit.id}`}
                  className="audit-card-title"
                  onClick={(event) => {
                    event.preventDefault();
                    go('audits', audit.id);
                  }}
                >
                  {audit.title}
                </a>
                <span className={`badge audit-status-${audit.status}`}>{AUDIT_STATUS_LABELS[audit.status]}</span>
              </div>
              <div className="audit-card-meta">
                <span>Window {formatDateRange(audit.windowStart, audit.windowEnd)}</span>
                <span>{audit.frameworkTitle ?? 'Chosen controls'}</span>
                {audit.auditors.length > 0 && <span>Auditors: {audit.auditors.join(', ')}</span>}
              </div>
              <ProgressBar progress={audit.progress} label={audit.title} />
            </li>
          ))}
        </ul>
      )}
      {items.length < total && (
        <button type="button" onClick={() => void load(items.length)}>
          Show more audits ({total - items.length} more)
        </button>
      )}
    </section>
  );
}
