/**
 * The audit trail of one record: who changed it, when, how (created, changed, deleted), and
 * each changed field before → after in words (trail-format.ts), newest first. Embeddable on any
 * record's page, for any trail table:
 *
 *   <RecordTrail table="evidence" id={evidence.id} />
 *   <RecordTrail table="findings" id={finding.id} label={`Audit trail of “${finding.title}”`} />
 *
 * Above the events: values written here that replaced another person's at sync (RecordOverrides).
 * It reloads itself when the record changes (data.changed for that table and id). The integrity
 * check of the whole trail lives in Settings; pass `showVerify` to offer it here too.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ActorName } from '../account/ActorName';
import { RecordOverrides } from '../sync/RecordOverrides';
import type { TrailEventView, TrailTable } from '../../../src-shared/domain/trail';
import { call, complyflow } from '../../api/complyflow';
import { formatDateTime } from '../../components/dates';
import { fieldLabel, formatValue, readableChanges } from './trail-format';
import { TrailVerifier } from './TrailVerifier';
import './audit-trail.css';

const PAGE = 50;

const ACTION_LABELS: Record<TrailEventView['action'], string> = {
  create: 'Created',
  update: 'Changed',
  delete: 'Deleted',
};

function Value({ field, value }: { field: string; value: unknown }) {
  const text = formatValue(field, value);
  if (text === null) return <span className="trail-empty-value">(empty)</span>;
  // Shortened ids keep the full value in a tooltip, for anyone matching it elsewhere.
  return typeof value === 'string' && text !== value && field.endsWith('_id') ? <span title={value}>{text}</span> : <>{text}</>;
}

export function RecordTrail({
  table,
  id,
  showVerify = false,
  label = 'Audit trail',
}: {
  table: TrailTable;
  id: string;
  /** Also show "Verify audit trail" (the check of the whole trail, as in Settings). */
  showVerify?: boolean;
  /** The region's accessible name, when a page shows more than one trail. */
  label?: string;
}) {
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

  const changesOf = useMemo(() => readableChanges(events), [events]);

  return (
    <section className="record-trail" aria-label={label}>
      {error && (
        <p role="alert" className="error-text">
          Could not load the trail: {error}
        </p>
      )}
      <RecordOverrides table={table} id={id} />
      {!error && !loading && events.length === 0 && <p className="empty-state">No recorded changes.</p>}
      <ol className="trail-events" aria-label="Trail events">
        {events.map((event) => (
          <li key={event.id} className="trail-event">
            <div className="trail-event-head">
              <strong>{ACTION_LABELS[event.action]}</strong>
              <span>
                by <ActorName actor={event.actor} />
              </span>
              <time dateTime={event.at}>{formatDateTime(event.at)}</time>
              <span className="trail-seq">event {event.seq}</span>
            </div>
            {(changesOf.get(event.id) ?? []).length > 0 && (
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
                  {(changesOf.get(event.id) ?? []).map((change) => (
                    <tr key={change.field}>
                      <th scope="row">{fieldLabel(change.field)}</th>
                      <td>
                        {event.action === 'create' ? (
                          <span className="trail-empty-value">—</span>
                        ) : (
                          <Value field={change.field} value={change.before} />
                        )}
                      </td>
                      <td>
                        <Value field={change.field} value={change.after} />
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
