/** Imported frameworks with their readiness: percent, a small bar, and "n of m applicable controls ready". */
import { useRouter } from '../../app/router-store';
import { useFrameworks } from './frameworks-store';
import { plural } from '../../../src-shared/words';

/** `compact` (a framework is open): one short card per framework, so the controls get the room. */
export function FrameworkList({ compact = false }: { compact?: boolean }) {
  const { frameworks, loadError, frameworkId: selectedId } = useFrameworks();
  const go = useRouter((s) => s.go);
  if (loadError)
    return (
      <p role="alert" className="error-text">
        Could not load frameworks: {loadError}
      </p>
    );
  if (frameworks.length === 0)
    return <p className="empty-state">No framework yet. Add a NIST baseline or import an OSCAL catalog.</p>;
  return (
    <ul className={`framework-list${compact ? ' compact' : ''}`} aria-label="Imported frameworks">
      {frameworks.map((f) => {
        const percent = Math.round(f.readiness * 100);
        return (
          <li key={f.id}>
            <button
              type="button"
              className="framework-card"
              aria-pressed={f.id === selectedId}
              aria-label={`${f.title}: ${plural(f.controls, 'control')}, ${percent}% ready`}
              title={f.title}
              onClick={() => go('frameworks', f.id)}
            >
              <span className="framework-title">{f.title}</span>
              <span className="muted framework-meta">
                {f.controls} controls · version {f.version || '—'}
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
          </li>
        );
      })}
    </ul>
  );
}
