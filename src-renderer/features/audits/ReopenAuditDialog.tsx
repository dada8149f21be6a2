/** Reopening a closed audit: asks for the reason, which the audit trail keeps with the change. */
import { useId, useState } from 'react';
import { REOPEN_REASON_MAX } from '../../../src-shared/domain/audit-close';
import { call, complyflow } from '../../api/complyflow';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { LimitedText } from '../../components/LimitedText';

export function ReopenAuditDialog({
  auditId,
  auditTitle,
  onReopened,
  onCancel,
}: {
  auditId: string;
  auditTitle: string;
  onReopened(): void;
  onCancel(): void;
}) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const problemId = useId();
  const fits = reason.trim().length > 0 && reason.trim().length <= REOPEN_REASON_MAX;

  const reopen = async () => {
    setBusy(true);
    try {
      await call(complyflow().audits.reopen({ id: auditId, reason }));
      onReopened();
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <ConfirmDialog
      title={`Reopen “${auditTitle}”?`}
      confirmLabel="Reopen audit"
      canConfirm={fits}
      busy={busy}
      onConfirm={() => void reopen()}
      onCancel={onCancel}
    >
      <p>
        The audit goes back to Reporting, so results and findings can change again. Say why: the reason is kept in the audit
        trail.
      </p>
      <LimitedText label="Reason for reopening" value={reason} max={REOPEN_REASON_MAX} multiline required onChange={setReason} />
      {problem && (
        <p id={problemId} role="alert" className="error-text">
          {problem}
        </p>
      )}
    </ConfirmDialog>
  );
}
