/**
 * Fieldwork on one audit: the scope on the left, the current control on the right, and a
 * keyboard that walks the whole scope without a mouse (see KeyboardHelp). Result changes are
 * announced through a polite live region.
 */
import { ArrowLeft, Keyboard, RotateCcw, Trash2 } from 'lucide-react';
import { useCan } from '../../app/session-store';
import { useCallback, useEffect, useRef, useState } from 'react';
import { RecordTrail } from '../audit-trail/RecordTrail';
import { ExportAuditButton } from '../exports/ExportAuditButton';
import { AuditOfflineButton } from '../files/AuditOfflineButton';
import { CopyButton } from '../evidence/CopyButton';
import type { AuditStatus, TestResult } from '../../../src-shared/domain/audit';
import { call, complyflow } from '../../api/complyflow';
import { useRouter } from '../../app/router-store';
import { showError, useToasts } from '../../app/toast-store';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatDateRange } from '../../components/dates';
import { CloseAuditDialog } from './CloseAuditDialog';
import { ControlPanel } from './ControlPanel';
import { useFieldwork } from './fieldwork-store';
import { isTypingTarget } from './keyboard';
import { KeyboardHelp } from './KeyboardHelp';
import { AUDIT_STATUS_LABELS, RESULT_KEYS, RESULT_LABELS } from './labels';
import { ProgressBar } from './ProgressBar';
import { ScopeFilterBar } from './ScopeFilterBar';
import { ReopenAuditDialog } from './ReopenAuditDialog';
import { ScopeList } from './ScopeList';

export function FieldworkView({ auditId }: { auditId: string }) {
  const go = useRouter((s) => s.go);
  const { audit, items, index, error, announcement, open, move, patchItem, announce, refreshAudit } = useFieldwork();
  const [showHelp, setShowHelp] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  /** The question open over the page, if any: closing, reopening or deleting the audit. */
  const [asking, setAsking] = useState<'close' | 'reopen' | 'delete' | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const notesRef = useRef<HTMLTextAreaElement>(null);
  const findingTitleRef = useRef<HTMLInputElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const current = items[index];
  const closedAudit = audit?.status === 'closed';
  const canPlan = useCan('audits.plan');
  const canFieldwork = useCan('audits.fieldwork');
  // Read-only when closed, or for a role that does no fieldwork (the server would refuse it).
  const closed = closedAudit || !canFieldwork;
  /** Results wait until fieldwork starts (the core refuses them while the audit is planned). */
  const planned = audit?.status === 'planned';

  // The control in front of the auditor is part of the address (#/audits/<id>/<controlId>): a
  // reload or a link reopens it.
  const wanted = useRef(useRouter.getState().sub);
  useEffect(() => {
    void open(auditId);
  }, [auditId, open]);
  const loaded = items.length > 0;
  useEffect(() => {
    if (!loaded || wanted.current === null) return;
    const controlId = wanted.current;
    wanted.current = null;
    // Found by its position in the scope (its page may not be loaded yet).
    useFieldwork
      .getState()
      .focusControl(controlId)
      .catch(() =>
        // Not in scope (any more): the address names the control actually shown.
        useRouter.getState().setSub(useFieldwork.getState().items[useFieldwork.getState().index]?.controlId ?? null),
      );
  }, [loaded]);
  const currentId = current?.controlId ?? null;
  useEffect(() => {
    if (currentId && wanted.current === null) useRouter.getState().setSub(currentId);
  }, [currentId]);

  const refresh = useCallback(() => {
    refreshAudit().catch(showError);
  }, [refreshAudit]);

  const record = useCallback(
    async (result: TestResult) => {
      const item = useFieldwork.getState().items[useFieldwork.getState().index];
      if (!item || closed) return;
      if (useFieldwork.getState().audit?.status === 'planned') {
        announce('This audit is planned: start fieldwork before recording results.');
        return;
      }
      try {
        const saved = await call(complyflow().audits.recordResult({ auditId, controlId: item.controlId, result }));
        patchItem(item.controlId, { result: saved.result });
        announce(`${item.label} marked ${RESULT_LABELS[saved.result]}`);
        refresh();
      } catch (e) {
        showError(e);
      }
    },
    [auditId, closed, patchItem, announce, refresh],
  );

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (document.querySelector('dialog[open]')) return;
      const typing = isTypingTarget(event.target);
      if (event.key === 'Escape') {
        if (typing) {
          (event.target as HTMLElement).blur();
          listRef.current?.focus();
        } else setShowHelp(false);
        return;
      }
      if (typing) return;
      const onRadio = event.target instanceof HTMLInputElement && event.target.type === 'radio';
      const key = event.key;
      let handled = true;
      if (key === 'j' || key === 'J' || (key === 'ArrowDown' && !onRadio)) void move(1);
      else if (key === 'k' || key === 'K' || (key === 'ArrowUp' && !onRadio)) void move(-1);
      else if (['1', '2', '3', '4'].includes(key)) void record(RESULT_KEYS[Number(key) - 1]);
      else if (key === 'n' || key === 'N') notesRef.current?.focus();
      else if (key === 'f' || key === 'F') findingTitleRef.current?.focus();
      else if ((key === 'e' || key === 'E') && !closed) fileRef.current?.click();
      else if (key === '?') setShowHelp((v) => !v);
      else handled = false;
      if (handled) event.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [move, record, closed]);

  const setStatus = async (status: AuditStatus) => {
    // Closing is the sign-off: it waits for the answer to what is still untested and open.
    if (status === 'closed' && asking !== 'close') return setAsking('close');
    setAsking(null);
    try {
      await call(complyflow().audits.update({ id: auditId, status }));
      refresh();
      announce(`Audit status: ${AUDIT_STATUS_LABELS[status]}`);
    } catch (e) {
      showError(e);
    }
  };

  const remove = async () => {
    setAsking(null);
    try {
      await call(complyflow().audits.delete({ id: auditId }));
      go('audits');
      useToasts.getState().show({
        tone: 'info',
        text: `Moved “${audit?.title ?? 'the audit'}” to the Trash.`,
        action: {
          label: 'Undo',
          run: () =>
            void call(complyflow().trash.restore({ kind: 'audit', id: auditId })).then(() => go('audits', auditId), showError),
        },
      });
    } catch (e) {
      showError(e);
    }
  };

  if (error) {
    return (
      <section className="fieldwork">
        <button type="button" onClick={() => go('audits')}>
          <ArrowLeft aria-hidden size={16} /> All audits
        </button>
        <p role="alert" className="error-text">
          Could not open the audit: {error}
        </p>
      </section>
    );
  }

  return (
    <section className="fieldwork" aria-labelledby="fieldwork-title">
      <header className="fieldwork-head">
        <button type="button" onClick={() => go('audits')}>
          <ArrowLeft aria-hidden size={16} /> All audits
        </button>
        <h1 id="fieldwork-title">{audit?.title ?? 'Audit'}</h1>
        {audit && (
          <>
            <span className="muted">
              Window {formatDateRange(audit.windowStart, audit.windowEnd)}
              {audit.auditors.length > 0 && ` · Auditors: ${audit.auditors.join(', ')}`}
            </span>
            {/* The id `complyflow export-package --audit <id>` needs. */}
            <span className="audit-id">
              Audit id <code data-testid="audit-id">{audit.id}</code>
              <CopyButton value={audit.id} label="Copy audit id" />
            </span>
            <label className="inline-label">
              Audit status
              <select
                value={audit.status}
                disabled={closedAudit || !canPlan}
                onChange={(e) => void setStatus(e.target.value as AuditStatus)}
              >
                {(Object.keys(AUDIT_STATUS_LABELS) as AuditStatus[]).map((s) => (
                  <option key={s} value={s}>
                    {AUDIT_STATUS_LABELS[s]}
                  </option>
                ))}
              </select>
            </label>
            {closedAudit && canPlan && (
              <button type="button" onClick={() => setAsking('reopen')}>
                <RotateCcw aria-hidden size={16} /> Reopen audit…
              </button>
            )}
            <ExportAuditButton auditId={audit.id} auditTitle={audit.title} />
            <AuditOfflineButton auditId={audit.id} auditTitle={audit.title} />
            {!closedAudit && canPlan && (
              <button type="button" className="danger" onClick={() => setAsking('delete')}>
                <Trash2 aria-hidden size={16} /> Delete audit…
              </button>
            )}
            <ProgressBar progress={audit.progress} label="Fieldwork progress" />
          </>
        )}
        <button type="button" aria-expanded={showHelp} aria-keyshortcuts="?" onClick={() => setShowHelp((v) => !v)}>
          <Keyboard aria-hidden size={16} /> Keyboard (?)
        </button>
      </header>
      {closedAudit && <p className="muted">This audit is closed: its results and findings are read-only.</p>}
      {planned && (
        <div className="planned-notice" role="note">
          <p>
            This audit is planned. Results and test notes can be recorded once fieldwork starts: choose{' '}
            <strong>Start fieldwork</strong> (or set the audit status to Fieldwork).
          </p>
          <button type="button" className="primary" onClick={() => void setStatus('fieldwork')}>
            Start fieldwork
          </button>
        </div>
      )}
      {showHelp && <KeyboardHelp onClose={() => setShowHelp(false)} />}
      {audit && asking === 'close' && (
        <CloseAuditDialog
          auditId={audit.id}
          auditTitle={audit.title}
          onConfirm={() => void setStatus('closed')}
          onCancel={() => setAsking(null)}
        />
      )}
      {audit && asking === 'reopen' && (
        <ReopenAuditDialog
          auditId={audit.id}
          auditTitle={audit.title}
          onReopened={() => {
            setAsking(null);
            refresh();
            announce('Audit reopened: status Reporting');
          }}
          onCancel={() => setAsking(null)}
        />
      )}
      {audit && asking === 'delete' && (
        <ConfirmDialog
          title={`Delete “${audit.title}”?`}
          confirmLabel="Move to Trash"
          danger
          onConfirm={() => void remove()}
          onCancel={() => setAsking(null)}
        >
          <p>
            The audit leaves the list with its {audit.progress.tested.toLocaleString('en-US')} recorded results and its findings.
            It goes to the Trash, where you can restore it until the Trash is emptied.
          </p>
        </ConfirmDialog>
      )}
      <details className="audit-history" onToggle={(e) => setShowHistory(e.currentTarget.open)}>
        <summary>Audit history</summary>
        {showHistory && (
          <div className="audit-history-body" tabIndex={0} role="group" aria-label="Changes to this audit">
            <RecordTrail table="audits" id={auditId} showVerify={false} />
          </div>
        )}
      </details>
      <p className="visually-hidden" aria-live="polite" data-testid="fieldwork-announcer">
        {announcement}
      </p>
      <div className="split fieldwork-split">
        <div className="scope-pane">
          <ScopeFilterBar />
          <ScopeList ref={listRef} />
        </div>
        <div className="detail">
          {current ? (
            <ControlPanel
              key={current.controlId}
              auditId={auditId}
              item={current}
              readOnly={closed}
              resultsLocked={planned}
              onRecord={(result) => void record(result)}
              notesRef={notesRef}
              findingTitleRef={findingTitleRef}
              fileRef={fileRef}
              onAfterChange={refresh}
            />
          ) : (
            <p className="empty-state">
              {useFieldwork.getState().loading
                ? 'Loading the scope…'
                : items.length === 0
                  ? 'No control in scope matches the search or filter.'
                  : 'Select a control.'}
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
