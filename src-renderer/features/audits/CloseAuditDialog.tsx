/**
 * Asked before an audit is closed (closing is the sign-off and locks it): how many controls are
 * still untested, naming the first ones, and which findings are still open, by severity.
 */
import { useEffect, useState } from 'react';
import type { ClosingCheck } from '../../../src-shared/domain/audit-close';
import { plural } from '../../../src-shared/words';
import { call, complyflow } from '../../api/complyflow';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FINDING_STATUS_LABELS, SEVERITY_LABELS } from './labels';

export function CloseAuditDialog({
  auditId,
  auditTitle,
  onConfirm,
  onCancel,
}: {
  auditId: string;
  auditTitle: string;
  onConfirm(): void;
  onCancel(): void;
}) {
  const [check, setCheck] = useState<ClosingCheck | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    call(complyflow().audits.closingCheck({ id: auditId })).then(setCheck, (e: Error) => setError(e.message));
  }, [auditId]);

  const untested = check?.untested.total ?? 0;
  const open = check?.openFindings.length ?? 0;
  return (
    <ConfirmDialog
      title={`Close “${auditTitle}”?`}
      confirmLabel={untested || open ? 'Close anyway' : 'Close audit'}
      canConfirm={check !== null}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      {error && (
        <p role="alert" className="error-text">
          Could not check the audit: {error}
        </p>
      )}
      {!check && !error && <p>Checking what is still open…</p>}
      {check && (
        <>
          <p>Closing signs the audit off: its results, findings and evidence can no longer change.</p>
          {untested === 0 && open === 0 && <p>Every control in scope is tested and no finding is open.</p>}
          {untested > 0 && (
            <section>
              <p>
                <strong>
                  {plural(untested, 'control')} of {check.inScope.toLocaleString('en-US')} {untested === 1 ? 'is' : 'are'}{' '}
                  untested.
                </strong>
              </p>
              <ul className="closing-list" tabIndex={0} aria-label="Untested controls">
                {check.untested.items.map((c) => (
                  <li key={c.controlId}>
                    {c.label} {c.title}
                  </li>
                ))}
                {untested > check.untested.items.length && <li>and {untested - check.untested.items.length} more</li>}
              </ul>
            </section>
          )}
          {open > 0 && (
            <section>
              <p>
                <strong>
                  {plural(open, 'finding')} {open === 1 ? 'is' : 'are'} still open.
                </strong>
              </p>
              <ul className="closing-list" tabIndex={0} aria-label="Open findings">
                {check.openFindings.map((f) => (
                  <li key={f.id}>
                    <span className={`badge severity-${f.severity}`}>{SEVERITY_LABELS[f.severity]}</span> {f.title}
                    {f.controlLabel && ` (${f.controlLabel})`} · {FINDING_STATUS_LABELS[f.status]}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <p className="muted">An owner or admin can reopen a closed audit, giving a reason that the audit trail keeps.</p>
        </>
      )}
    </ConfirmDialog>
  );
}
