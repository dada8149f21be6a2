/**
 * The audit trail of one record: who changed it, when, how (created, changed, deleted), and
 * each changed field before → after, newest first. Embeddable on any record's page:
 * `<RecordTrail table="controls" id={control.id} />`.
 */
import { useCallback, useEffect, useState } from 'react';
import type { TrailEventView, TrailTable } from '../../../src-shared/domain/trail';
import { call, complyflow } from '../../api/complyflow';
import { TrailVerifier } from './TrailVerifier';
import './audit-trail.css';

const PAGE = 50;

const ACTION_LABELS: Record<TrailEventView['action'], string> = {
  create: 'Created',
  update: 'Changed',
  delete: 'Deleted',
};

/** Column names as people say them. */
const fieldLabel = (field: string) => {
  const words = field.replace(/_id$/, '').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function Value({ value }: { value: unknown }) {
  if (value === null || value === undefined || value === '') return <span className="trail-empty-value">(empty)</span>;
  return <>{typeof value === 'string' ? value : JSON.stringify(value)}</>;
}

export function RecordTrail({ table, id, showVerify = true }: { table: TrailTable; id: string; showVerify?: boolean }) {
  const [events, setEvents] = useState<TrailEventView[]>([]);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const load = useCallback(
    async (offset: number) => {
      setLoading(true);
      try {
        const page = await call(complyflow().trail.forRecord({ table, id, offset, limit: PAGE }));
        setEvents((current) => (offset === 0 ? page.events : [...current, ...page.events]));
        setTotal(page.total);
        setError(null);
      } catch (e) {
        setError((e as Error).message);
      } finally {
        setLoading(false);
      }
    },
    [table, id],
  );

  useEffect(() => {
    void load(0);
    return complyflow().events.on('data.changed', (change) => {
      if (change.table === table && change.ids.includes(id)) void load(0);
    });
  }, [load, table, id]);

  return (
    <section className="record-trail" aria-label="Audit trail">
      {error && (
        <p role="alert" className="error-text">
          Could not load the trail: {error}
        </p>
      )}
      {!error && !loading && events.length === 0 && <p className="empty-state">No recorded changes.</p>}
      <ol className="trail-events" aria-label="Trail events">
        {events.map((event) => (
          <li key={event.id} className="trail-event">
            <div className="trail-event-head">
              <strong>{ACTION_LABELS[event.action]}</strong>
              <span>by {event.actor}</span>
              <time dateTime={event.at}>{new Date(event.at).toLocaleString()}</time>
              <span className="trail-seq">event {event.seq}</span>
            </div>
            {event.changes.length > 0 && (
              <table className="trail-changes">
                <colgroup>
                  <col className="field" />
                  <col />
                  <col />
                </colgroup>
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">Before</th>
                    <th scope="col">After</th>
                  </tr>
                </thead>
                <tbody>
                  {event.changes.map((change) => (
                    <tr key={change.field}>
                      <th scope="row">{fieldLabel(change.field)}</th>
                      <td>
                        {event.action === 'create' ? (
                          <span className="trail-empty-value">—</span>
                        ) : (
                          <Value value={change.before} />
                        )}
                      </td>
                      <td>
                        <Value value={change.after} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </li>
        ))}
      </ol>
      {events.length < total && (
        <button type="button" disabled={loading} onClick={() => void load(events.length)}>
          Show older changes ({total - events.length} more)
        </button>
      )}
      {showVerify && <TrailVerifier />}
    </section>
  );
}
