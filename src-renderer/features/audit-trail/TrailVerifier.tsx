/**
 * "Verify audit trail": re-checks the whole hash chain in the core and says, in words, whether
 * any event was edited, deleted or reordered, naming each by its number; in an organization,
 * also each other device's chain that sync has pulled.
 */
import { ShieldCheck } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { TrailVerifyOutput } from '../../../src-shared/domain/trail';
import { call, complyflow } from '../../api/complyflow';
import { showError } from '../../app/toast-store';
import { TrailChains } from './TrailChains';

export function TrailVerifier() {
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<TrailVerifyOutput | null>(null);
  const [jobId] = useState(() => `trail-verify-${Math.random().toString(36).slice(2)}`);

  useEffect(
    () =>
      complyflow().events.on('job.progress', (p) => {
        if (p.jobId === jobId) setProgress({ done: p.done, total: p.total });
      }),
    [jobId],
  );

  const run = async () => {
    setRunning(true);
    setResult(null);
    setProgress(null);
    try {
      setResult(await call(complyflow().trail.verify({ jobId })));
    } catch (error) {
      showError(error);
    } finally {
      setRunning(false);
    }
  };

  return (
    <div className="trail-verify">
      <div>
        <button type="button" onClick={() => void run()} disabled={running}>
          <ShieldCheck aria-hidden size={16} /> {running ? 'Verifying…' : 'Verify audit trail'}
        </button>
      </div>
      {running && progress && (
        <progress max={progress.total} value={progress.done} aria-label="Audit trail verification progress" />
      )}
      <div aria-live="polite">
        {result && result.problems.length === 0 && (
          <p className="trail-verify-ok">
            Audit trail intact: all {result.events} events match their hashes and none is missing.
          </p>
        )}
        {result && result.problems.length > 0 && (
          <div role="alert">
            <p className="error-text">
              Audit trail tampered: {result.problems.length} {result.problems.length === 1 ? 'problem' : 'problems'} in{' '}
              {result.events} events.
            </p>
            <ul className="trail-verify-problems" aria-label="Audit trail problems">
              {result.problems.map((p, i) => (
                <li key={`${p.seq}-${i}`}>
                  Event {p.seq}: {p.problem}
                </li>
              ))}
            </ul>
          </div>
        )}
        {result?.chains && result.chains.length > 0 && <TrailChains chains={result.chains} />}
      </div>
    </div>
  );
}
