/**
 * What the organisation records for the control under test, read-only for the auditor: its
 * implementation status, owner, notes and justification, the policies linked to it and the
 * evidence already linked (as-of date, expired or not), each linking to its own page.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Evidence } from '../../../src-shared/domain/evidence';
import type { Control } from '../../../src-shared/domain/framework';
import { call, complyflow } from '../../api/complyflow';
import { ExpiryBadge } from '../evidence/ExpiryBadge';
import { policyStatusLabel, STATUS_LABELS } from '../frameworks/frameworks-store';
import { formatDate } from '../../components/dates';

const EVIDENCE_SHOWN = 50;

export function Implementation({ controlId, version }: { controlId: string; version: number }) {
  const [control, setControl] = useState<Control | null>(null);
  const [evidence, setEvidence] = useState<{ items: Evidence[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [c, e] = await Promise.all([
        call(complyflow().controls.get({ id: controlId })),
        call(complyflow().evidence.list({ controlId, limit: EVIDENCE_SHOWN })),
      ]);
      setControl(c);
      setEvidence(e);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [controlId]);

  useEffect(() => {
    void load();
  }, [load, version]);

  useEffect(
    () =>
      complyflow().events.on('data.changed', (change) => {
        if (
          (change.table === 'controls' && change.ids.includes(controlId)) ||
          ['evidence', 'evidence_controls', 'policies', 'policy_controls'].includes(change.table)
        )
          void load();
      }),
    [controlId, load],
  );

  return (
    <section className="implementation" aria-labelledby="implementation-title">
      <h3 id="implementation-title">Implementation</h3>
      {error ? (
        <p role="alert" className="error-text">
          Could not load the organisation’s implementation: {error}
        </p>
      ) : !control || !evidence ? (
        <p className="empty-state">Loading…</p>
      ) : (
        <>
          <dl className="implementation-facts">
            <div>
              <dt>Status</dt>
              <dd>
                <span className={`badge status-${control.status}`}>{STATUS_LABELS[control.status]}</span>
              </dd>
            </div>
            <div>
              <dt>Owner</dt>
              <dd>{control.owner || <span className="muted">No owner</span>}</dd>
            </div>
            {(control.justification || control.status === 'not_applicable') && (
              <div className="wide">
                <dt>Justification</dt>
                <dd className="prose">{control.justification || <span className="muted">None given</span>}</dd>
              </div>
            )}
            <div className="wide">
              <dt>Notes</dt>
              <dd className="prose">{control.notes || <span className="muted">No notes</span>}</dd>
            </div>
          </dl>
          <h4 id="implementation-policies">Policies</h4>
          {control.policies.length === 0 ? (
            <p className="empty-state">No policy is linked to this control.</p>
          ) : (
            <ul className="implementation-list" aria-labelledby="implementation-policies">
              {control.policies.map((p) => (
                <li key={p.id}>
                  <a href={`#/policies/${p.id}`} title={p.title}>
                    {p.title}
                  </a>
                  <span className="badge">{policyStatusLabel(p.status)}</span>
                </li>
              ))}
            </ul>
          )}
          <h4 id="implementation-evidence">Linked evidence</h4>
          {evidence.items.length === 0 ? (
            <p className="empty-state">No evidence is linked to this control.</p>
          ) : (
            <ul className="implementation-list" aria-labelledby="implementation-evidence">
              {evidence.items.map((e) => (
                <li key={e.id}>
                  <a href={`#/evidence/${e.id}`} title={e.title}>
                    {e.title}
                  </a>
                  <span className="muted">as of {formatDate(e.asOfDate)}</span>
                  <ExpiryBadge evidence={e} />
                </li>
              ))}
              {evidence.total > evidence.items.length && (
                <li className="muted">and {evidence.total - evidence.items.length} more</li>
              )}
            </ul>
          )}
          <p className="implementation-open">
            <a href={`#/frameworks/${controlId}`}>Open {control.label} on the Frameworks page</a>
          </p>
        </>
      )}
    </section>
  );
}
