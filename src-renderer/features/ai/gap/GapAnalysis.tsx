/**
 * A policy's gap analysis (the policy page's "Gap analysis" tab): pick a framework, ask the AI
 * which of its controls the policy addresses, partly addresses or misses, and read the results
 * grouped, each with the sentence relied on. Made-up control ids never show: only their count.
 * Offline or in the local workspace the button says it needs a connection; nothing else waits on it.
 */
import { useEffect, useState } from 'react';
import type { GapFinding, GapResult } from '../../../../src-shared/api/ai-gap';
import type { FrameworkOption } from '../../../../src-shared/domain/audit';
import { call, complyflow } from '../../../api/complyflow';
import { useSession } from '../../../app/session-store';
import { showError } from '../../../app/toast-store';
import './gap-analysis.css';

const GROUPS: [GapFinding['status'], string][] = [
  ['misses', 'Missed'],
  ['partly', 'Partly addressed'],
  ['addresses', 'Addressed'],
];

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function GapAnalysis({ policyId }: { policyId: string }) {
  const online = useSession((s) => s.account?.online ?? false);
  const inOrg = useSession((s) => s.workspace?.kind === 'supabase');
  const [frameworks, setFrameworks] = useState<FrameworkOption[]>([]);
  const [frameworkId, setFrameworkId] = useState('');
  const [result, setResult] = useState<GapResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call(complyflow().audits.frameworkOptions({})).then((r) => {
      setFrameworks(r.items);
      if (r.items[0]) setFrameworkId(r.items[0].id);
    }, showError);
  }, []);

  const connected = online && inOrg;
  const analyse = async () => {
    setBusy(true);
    setProblem(null);
    try {
      setResult(await call(complyflow().aiGap.analyse({ policyId, frameworkId })));
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="gap-analysis">
      <div className="gap-controls">
        <label>
          Framework
          <select value={frameworkId} onChange={(e) => setFrameworkId(e.target.value)}>
            {frameworks.map((f) => (
              <option key={f.id} value={f.id}>
                {f.title} ({plural(f.controls, 'control', 'controls')})
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void analyse()} disabled={!connected || !frameworkId || busy}>
          {!connected ? 'Gap analysis needs a connection' : busy ? 'Analysing…' : 'Analyse gaps with AI'}
        </button>
      </div>
      {!frameworks.length && (
        <p className="settings-hint">Import a framework first: the analysis compares the policy with its controls.</p>
      )}
      <div aria-live="polite">
        {problem && (
          <p className="error-text" role="alert">
            {problem}
          </p>
        )}
        {result && <GapResults result={result} />}
      </div>
    </div>
  );
}

function GapResults({ result }: { result: GapResult }) {
  return (
    <section aria-label="Gap analysis results" className="gap-results">
      <p className="settings-hint">
        AI-assisted against {result.frameworkTitle}: check each finding before relying on it.
        {result.dropped > 0 && (
          <strong className="gap-dropped">
            {' '}
            {plural(result.dropped, 'made-up control id was', 'made-up control ids were')} dropped.
          </strong>
        )}
      </p>
      {GROUPS.map(([status, title]) => {
        const items = result.findings.filter((f) => f.status === status);
        if (!items.length) return null;
        return (
          <div key={status} className={`gap-group gap-${status}`}>
            <h2>
              {title} ({items.length})
            </h2>
            <ul>
              {items.map((f) => (
                <li key={f.controlId}>
                  <span className="gap-control">
                    {f.label} {f.title}
                  </span>
                  {f.sentence && (
                    <blockquote>
                      “{f.sentence}”{!f.quoted && <em className="gap-unquoted"> (not found word for word in the policy)</em>}
                    </blockquote>
                  )}
                  {f.explanation && <p>{f.explanation}</p>}
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      {result.notAssessed.length > 0 && <p className="settings-hint">Not assessed by the AI: {result.notAssessed.join(', ')}.</p>}
    </section>
  );
}
