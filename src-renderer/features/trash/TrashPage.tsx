/**
 * The Trash: every deleted policy, evidence item, audit and framework, newest first, with who
 * deleted it and when. Restore puts a record back; "Empty Trash" asks, then makes the
 * deletions final.
 */
import { RotateCcw, Trash2 } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import type { TrashItem, TrashKind } from '../../../src-shared/domain/trash';
import { call, complyflow } from '../../api/complyflow';
import { useRouter, type Screen } from '../../app/router-store';
import { showError, useToasts } from '../../app/toast-store';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatDateTime } from '../../components/dates';
import { PageHeader } from '../../components/PageHeader';
import { plural } from '../../../src-shared/words';
import './trash.css';

const PAGE = 100;
const KIND_LABELS: Record<TrashKind, string> = { policy: 'Policy', evidence: 'Evidence', audit: 'Audit', framework: 'Framework' };
const SCREEN_OF: Record<TrashKind, Screen> = {
  policy: 'policies',
  evidence: 'evidence',
  audit: 'audits',
  framework: 'frameworks',
};
const WATCHED = new Set(['policies', 'evidence', 'audits', 'frameworks', 'trash']);

export function TrashPage() {
  const go = useRouter((s) => s.go);
  const [items, setItems] = useState<TrashItem[]>([]);
  const [total, setTotal] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [emptying, setEmptying] = useState(false);

  const load = useCallback(async (offset: number) => {
    try {
      const page = await call(complyflow().trash.list({ offset, limit: PAGE }));
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
      if (WATCHED.has(change.table)) void load(0);
    });
  }, [load]);

  const restore = async (item: TrashItem) => {
    try {
      await call(complyflow().trash.restore({ kind: item.kind, id: item.id }));
      void load(0);
      useToasts.getState().show({
        tone: 'info',
        text: `Restored “${item.title}”.`,
        action: { label: 'Open', run: () => go(SCREEN_OF[item.kind], item.id) },
      });
    } catch (e) {
      showError(e);
    }
  };

  const empty = async () => {
    setEmptying(true);
    try {
      const { emptied } = await call(complyflow().trash.empty({}));
      setAsking(false);
      void load(0);
      useToasts.getState().show({ tone: 'info', text: `Emptied the Trash: ${plural(emptied, 'record')} deleted for good.` });
    } catch (e) {
      showError(e);
    } finally {
      setEmptying(false);
    }
  };

  return (
    <section className="trash-page" aria-labelledby="trash-title">
      <PageHeader title="Trash">
        <button type="button" className="danger" disabled={total === 0} onClick={() => setAsking(true)}>
          <Trash2 aria-hidden size={16} /> Empty Trash
        </button>
      </PageHeader>
      <p className="muted">Deleted policies, evidence, audits and frameworks stay here until you empty the Trash.</p>
      {error && (
        <p role="alert" className="error-text">
          Could not load the Trash: {error}
        </p>
      )}
      {loaded && !error && total === 0 && <p className="empty-state">The Trash is empty.</p>}
      {items.length > 0 && (
        <table className="trash-table" aria-label="Deleted records">
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Title</th>
              <th scope="col">Deleted</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={`${item.kind}:${item.id}`}>
                <td>{KIND_LABELS[item.kind]}</td>
                <td className="trash-title">{item.title}</td>
                <td>
                  <time dateTime={item.deletedAt}>{formatDateTime(item.deletedAt)}</time> by {item.deletedBy}
                </td>
                <td>
                  <button type="button" aria-label={`Restore “${item.title}”`} onClick={() => void restore(item)}>
                    <RotateCcw aria-hidden size={14} /> Restore
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {items.length < total && (
        <button type="button" onClick={() => void load(items.length)}>
          Show more ({total - items.length} more)
        </button>
      )}
      {asking && (
        <ConfirmDialog
          title="Empty the Trash?"
          confirmLabel="Empty Trash"
          danger
          busy={emptying}
          onConfirm={() => void empty()}
          onCancel={() => setAsking(false)}
        >
          <p>
            {plural(total, 'deleted record')} will be gone for good: they can no longer be restored. Their history stays in the
            audit trail.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
