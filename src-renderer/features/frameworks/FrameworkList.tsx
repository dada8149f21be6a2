/**
 * Imported frameworks with their readiness: each named by its baseline first ("LOW · NIST …")
 * so several baselines of one catalog can be told apart, with percent, a small bar and "n of m
 * applicable controls ready". A framework can be archived (asks) and restored; archived ones
 * show only behind "Show archived".
 */
import { Archive, ArchiveRestore } from 'lucide-react';
import { useState } from 'react';
import { READINESS_RULE, type FrameworkWithReadiness } from '../../../src-shared/domain/framework';
import { call, complyflow } from '../../api/complyflow';
import { useRouter } from '../../app/router-store';
import { showError, useToasts } from '../../app/toast-store';
import { ArchiveDialog } from './ArchiveDialog';
import { useFrameworks } from './frameworks-store';
import { plural } from '../../../src-shared/words';

/** `compact` (a framework is open): the list becomes a column beside the controls. */
export function FrameworkList({ compact = false }: { compact?: boolean }) {
  const {
    frameworks,
    loadError,
    frameworkId: selectedId,
    showArchived,
    archivedCount,
    setShowArchived,
    reloadFrameworks,
  } = useFrameworks();
  const go = useRouter((s) => s.go);
  const [asking, setAsking] = useState<FrameworkWithReadiness | null>(null);
  const [busy, setBusy] = useState(false);

  const setArchived = async (framework: FrameworkWithReadiness, archived: boolean) => {
    setBusy(true);
    try {
      await call(complyflow().frameworks.archive({ id: framework.id, archived }));
      useToasts.getState().show({ tone: 'info', text: `${archived ? 'Archived' : 'Restored'} ${framework.shortName}.` });
      setAsking(null);
      await reloadFrameworks();
      if (archived && framework.id === selectedId) go('frameworks');
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  if (loadError)
    return (
      <p role="alert" className="error-text">
        Could not load frameworks: {loadError}
      </p>
    );
  return (
    <div className={`framework-column${compact ? ' compact' : ''}`}>
      {frameworks.length === 0 ? (
        <p className="empty-state">
          {archivedCount > 0
            ? 'Every framework is archived.'
            : 'No framework yet. Add a NIST baseline or import an OSCAL catalog.'}
        </p>
      ) : (
        <ul className={`framework-list${compact ? ' compact' : ''}`} aria-label="Imported frameworks">
          {frameworks.map((f) => {
            const percent = Math.round(f.readiness * 100);
            const archived = f.archivedAt !== null;
            return (
              <li key={f.id} className={archived ? 'archived' : undefined}>
                <button
                  type="button"
                  className="framework-card"
                  aria-pressed={f.id === selectedId}
                  aria-label={`${f.shortName}${archived ? ' (archived)' : ''}: ${plural(f.controls, 'control')}, ${percent}% ready`}
                  title={f.title}
                  onClick={() => go('frameworks', f.id)}
                >
                  <span className="framework-title">
                    {f.baseline ? (
                      <>
                        <strong className="framework-baseline">{f.baseline}</strong>{' '}
                        <span className="framework-family">{f.shortName.slice(f.baseline.length + 3)}</span>
                      </>
                    ) : (
                      f.title
                    )}
                    {archived && <span className="badge"> Archived</span>}
                  </span>
                  <span className="muted framework-meta">
                    {plural(f.controls, 'control')} · version {f.version || '—'}
                  </span>
                  <span className="readiness">
                    <span className="readiness-bar" aria-hidden>
                      <span style={{ width: `${percent}%` }} />
                    </span>
                    <strong>{percent}%</strong>
                  </span>
                  <span className="muted framework-ready">
                    {f.ready} of {f.applicable} applicable controls ready · {f.implemented} implemented
                  </span>
                </button>
                <button
                  type="button"
                  className="icon-button framework-archive"
                  aria-label={`${archived ? 'Restore' : 'Archive'} ${f.shortName}`}
                  title={archived ? 'Restore' : 'Archive'}
                  disabled={busy}
                  onClick={() => (archived ? void setArchived(f, false) : setAsking(f))}
                >
                  {archived ? <ArchiveRestore aria-hidden size={16} /> : <Archive aria-hidden size={16} />}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="framework-list-footer">
        {(archivedCount > 0 || showArchived) && (
          <label className="inline-check">
            <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
            Show archived ({archivedCount})
          </label>
        )}
        <details className="readiness-rule">
          <summary>What counts as ready?</summary>
          <p>{READINESS_RULE}</p>
        </details>
      </div>
      {asking && (
        <ArchiveDialog
          framework={asking}
          busy={busy}
          onConfirm={() => void setArchived(asking, true)}
          onCancel={() => setAsking(null)}
        />
      )}
    </div>
  );
}
