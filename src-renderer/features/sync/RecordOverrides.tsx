/**
 * In a record's history: the values written here that won over another person's value when
 * they reached the server (push answered `overridden`), so nobody's edit disappears without a
 * word: "Your value replaced Olivia Owner’s value “Access Policy (A)” (Title, 1 Dec 2026 …)".
 * Reloads when the record changes or sync moves on (a push that overrode lands between both).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SyncOverride } from '../../../src-shared/api/sync';
import { call, complyflow } from '../../api/complyflow';
import { useMembers } from '../../app/members-store';
import { formatDateTime } from '../../components/dates';
import { ActorName } from '../account/ActorName';
import { fieldLabel, formatValue } from '../audit-trail/trail-format';

function Lost({ field, value }: { field: string; value: unknown }) {
  const text = formatValue(field, value);
  return text === null ? <span className="trail-empty-value">(empty)</span> : <>“{text}”</>;
}

export function RecordOverrides({ table, id }: { table: string; id: string }) {
  const [overrides, setOverrides] = useState<SyncOverride[]>([]);
  const [error, setError] = useState<string | null>(null);
  /** Writers the member list was asked again for: once each (a former member stays an id). */
  const askedFor = useRef(new Set<string>());

  const load = useCallback(async () => {
    try {
      const next = await call(complyflow().sync.overrides({ table, recordId: id }));
      setOverrides(next);
      setError(null);
      // The other writer may be someone the member list (read once, perhaps offline) does not know yet.
      const members = useMembers.getState();
      const unknown = next.flatMap((o) =>
        o.previousBy && !members.byId.has(o.previousBy) && !askedFor.current.has(o.previousBy) ? [o.previousBy] : [],
      );
      if (unknown.length > 0) {
        for (const actor of unknown) askedFor.current.add(actor);
        void members.refresh();
      }
    } catch (e) {
      setError((e as Error).message);
    }
  }, [table, id]);

  useEffect(() => {
    void load();
    const offChanged = complyflow().events.on('data.changed', (change) => {
      if (change.table === table && change.ids.includes(id)) void load();
    });
    const offSync = complyflow().events.on('sync.state', () => void load());
    return () => {
      offChanged();
      offSync();
    };
  }, [load, table, id]);

  if (error)
    return (
      <p role="alert" className="error-text">
        Could not load which values replaced others: {error}
      </p>
    );
  if (overrides.length === 0) return null;
  return (
    <section className="record-overrides" aria-label="Values that replaced another person’s">
      <ul>
        {overrides.map((o, i) => (
          <li key={`${o.field}-${o.at}-${i}`} data-testid="record-override">
            Your value replaced{' '}
            {o.previousBy ? (
              <>
                <ActorName actor={o.previousBy} />
                ’s
              </>
            ) : (
              'another writer’s'
            )}{' '}
            value <Lost field={o.field} value={o.lostValue} /> ({fieldLabel(o.field)},{' '}
            <time dateTime={o.at}>{formatDateTime(o.at)}</time>)
          </li>
        ))}
      </ul>
    </section>
  );
}
