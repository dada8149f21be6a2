/** The Controls tab: the controls this policy covers, unlink any, and find more to link. */
import { Link2, Unlink } from 'lucide-react';
import { useCan } from '../../app/session-store';
import { useCallback, useEffect, useState } from 'react';
import type { LinkedControl } from '../../../src-shared/domain/policy';
import { call, complyflow } from '../../api/complyflow';
import { showError } from '../../app/toast-store';
import { useInFlight } from '../../components/use-in-flight';

const ControlName = ({ control }: { control: LinkedControl }) => (
  <span className="control-name">
    <strong>{control.label}</strong> {control.title} <span className="control-framework">· {control.frameworkTitle}</span>
  </span>
);

export function PolicyControls({ policyId }: { policyId: string }) {
  const canEdit = useCan('records.write');
  const [linked, setLinked] = useState<LinkedControl[]>([]);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<LinkedControl[]>([]);
  // One link or unlink at a time: a double-click must not send the same change twice.
  const [busy, runChange] = useInFlight();

  const reload = useCallback(async () => {
    try {
      setLinked(await call(complyflow().policies.linkedControls({ policyId })));
    } catch (error) {
      showError(error);
    }
  }, [policyId]);

  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      call(complyflow().policies.searchControls({ query, limit: 20 })).then((r) => live && setResults(r), showError);
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);

  const link = (control: LinkedControl) =>
    runChange(async () => {
      try {
        await call(complyflow().policies.linkControl({ policyId, controlId: control.id }));
        await reload();
      } catch (error) {
        showError(error);
      }
    });
  const unlink = (control: LinkedControl) =>
    runChange(async () => {
      try {
        await call(complyflow().policies.unlinkControl({ policyId, controlId: control.id }));
        await reload();
      } catch (error) {
        showError(error);
      }
    });

  const linkedIds = new Set(linked.map((c) => c.id));
  return (
    <section className="policy-section" aria-label="Controls">
      <h2>Linked controls ({linked.length})</h2>
      {linked.length === 0 ? (
        <p className="empty-state">No controls linked yet. Find one below.</p>
      ) : (
        <ul className="linked-controls" aria-label="Linked controls">
          {linked.map((c) => (
            <li key={c.id}>
              <ControlName control={c} />
              {canEdit && (
                <button type="button" disabled={busy} onClick={() => void unlink(c)} aria-label={`Unlink ${c.label} ${c.title}`}>
                  <Unlink aria-hidden size={14} /> Unlink
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <>
          <label>
            Find controls to link
            <input
              type="search"
              value={query}
              placeholder="Label, title or text, e.g. AC-2"
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => {
                // This box sits inside the policy form: Enter searches as you type already, and
                // must never submit (save) the policy.
                if (e.key === 'Enter') e.preventDefault();
              }}
            />
          </label>
          {results.length === 0 ? (
            <p className="empty-state">{query ? 'No controls match.' : 'No controls yet: import a framework first.'}</p>
          ) : (
            <ul className="control-results" aria-label="Controls found">
              {results.map((c) => (
                <li key={c.id}>
                  <ControlName control={c} />
                  {linkedIds.has(c.id) ? (
                    <span className="badge">Linked</span>
                  ) : (
                    <button type="button" disabled={busy} onClick={() => void link(c)} aria-label={`Link ${c.label} ${c.title}`}>
                      <Link2 aria-hidden size={14} /> Link
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
