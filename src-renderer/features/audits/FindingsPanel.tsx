/**
 * Findings on the current control: the list with a quick remediation status and an editor for
 * every part of a finding, and the add form (F focuses its title; the written parts are one
 * disclosure away so the keyboard path stays title → severity → owner → Enter).
 */
import { forwardRef, useCallback, useEffect, useState } from 'react';
import type { Finding, FindingSeverity, FindingStatus } from '../../../src-shared/domain/audit';
import { call, complyflow } from '../../api/complyflow';
import { useUnsavedChanges } from '../../app/router-store';
import { showError } from '../../app/toast-store';
import { FindingEditor } from './FindingEditor';
import { emptyTexts, FindingTextFields, textsTooLong } from './FindingTextFields';
import { FINDING_STATUS_LABELS, SEVERITY_LABELS } from './labels';
import { formatDate } from '../../components/dates';

interface Props {
  auditId: string;
  controlId: string;
  controlLabel: string;
  readOnly: boolean;
  onChanged(findings: Finding[], message: string): void;
}

export const FindingsPanel = forwardRef<HTMLInputElement, Props>(function FindingsPanel(
  { auditId, controlId, controlLabel, readOnly, onChanged },
  titleRef,
) {
  const [findings, setFindings] = useState<Finding[]>([]);
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<FindingSeverity>('medium');
  const [owner, setOwner] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [texts, setTexts] = useState(emptyTexts);
  const [saving, setSaving] = useState(false);
  /** The finding open in the editor, and the status chosen for it from the list (Risk accepted asks who and why). */
  const [editing, setEditing] = useState<{ id: string; status?: FindingStatus } | null>(null);
  const textTyped = Object.values(texts).some((t) => t.trim() !== '');
  useUnsavedChanges(
    title.trim() !== '' || owner.trim() !== '' || dueDate !== '' || textTyped,
    `the new finding on “${controlLabel}”`,
  );

  const load = useCallback(async () => {
    const page = await call(complyflow().findings.list({ auditId, controlId, limit: 200 }));
    setFindings(page.items);
    return page.items;
  }, [auditId, controlId]);

  useEffect(() => {
    load().catch(showError);
  }, [load]);

  const add = async () => {
    if (!title.trim() || saving || textsTooLong(texts)) return;
    setSaving(true);
    try {
      const finding = await call(
        complyflow().findings.create({ auditId, controlId, title, severity, owner, dueDate: dueDate || null, ...texts }),
      );
      setTitle('');
      setOwner('');
      setDueDate('');
      setTexts(emptyTexts());
      setSeverity('medium');
      onChanged(await load(), `Finding “${finding.title}” (${SEVERITY_LABELS[finding.severity]}) raised on ${controlLabel}`);
    } catch (error) {
      showError(error);
    } finally {
      setSaving(false);
    }
  };

  const setStatus = async (finding: Finding, status: FindingStatus) => {
    if (status === 'accepted') {
      setEditing({ id: finding.id, status });
      return;
    }
    try {
      await call(complyflow().findings.update({ id: finding.id, status }));
      onChanged(await load(), `Finding “${finding.title}” is now ${FINDING_STATUS_LABELS[status]}`);
    } catch (error) {
      showError(error);
    }
  };

  return (
    <section className="findings-panel" aria-labelledby="findings-title">
      <h3 id="findings-title">Findings on {controlLabel}</h3>
      {findings.length === 0 ? (
        <p className="empty-state">No findings on this control.</p>
      ) : (
        <ul className="finding-list" aria-label={`Findings on ${controlLabel}`}>
          {findings.map((f) => (
            <li key={f.id} className="finding-item">
              <div className="finding-row">
                <span className={`badge severity-${f.severity}`}>{SEVERITY_LABELS[f.severity]}</span>
                <span className="finding-title" title={f.title}>
                  {f.title}
                </span>
                <span className="muted">
                  {f.owner && `Owner ${f.owner}`}
                  {f.owner && f.dueDate && ' · '}
                  {f.dueDate && `Due ${formatDate(f.dueDate)}`}
                  {f.status === 'accepted' && `Risk accepted by ${f.riskAcceptedBy}`}
                </span>
                <select
                  aria-label={`Status of finding ${f.title}`}
                  value={f.status}
                  disabled={readOnly}
                  onChange={(e) => void setStatus(f, e.target.value as FindingStatus)}
                >
                  {(Object.keys(FINDING_STATUS_LABELS) as FindingStatus[]).map((s) => (
                    <option key={s} value={s}>
                      {FINDING_STATUS_LABELS[s]}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="finding-open"
                  aria-expanded={editing?.id === f.id}
                  aria-label={`${readOnly ? 'View' : 'Edit'} finding ${f.title}`}
                  onClick={() => setEditing(editing?.id === f.id ? null : { id: f.id })}
                >
                  {readOnly ? 'View' : 'Edit'}
                </button>
              </div>
              {editing?.id === f.id && (
                <FindingEditor
                  key={`${f.id}-${f.updatedAt}-${editing.status ?? ''}`}
                  finding={f}
                  initialStatus={editing.status}
                  readOnly={readOnly}
                  onClose={() => setEditing(null)}
                  onSaved={(saved) => {
                    setEditing(null);
                    void load().then(
                      (items) => onChanged(items, `Finding “${saved.title}” saved (${FINDING_STATUS_LABELS[saved.status]})`),
                      showError,
                    );
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {!readOnly && (
        <form
          className="finding-form"
          aria-label="New finding"
          onSubmit={(event) => {
            event.preventDefault();
            void add();
          }}
        >
          <label className="finding-title-field">
            Finding title
            <input ref={titleRef} value={title} required onChange={(e) => setTitle(e.target.value)} />
          </label>
          <label>
            Severity
            <select value={severity} onChange={(e) => setSeverity(e.target.value as FindingSeverity)}>
              {(Object.keys(SEVERITY_LABELS) as FindingSeverity[]).map((s) => (
                <option key={s} value={s}>
                  {SEVERITY_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Finding owner
            <input value={owner} onChange={(e) => setOwner(e.target.value)} />
          </label>
          <label>
            Due date
            <input type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
          </label>
          <details className="finding-form-details">
            <summary>Condition, criteria, cause, effect, recommendation</summary>
            <FindingTextFields value={texts} readOnly={false} onChange={setTexts} omit={['managementResponse']} />
          </details>
          <button type="submit" className="finding-add" disabled={saving || !title.trim() || textsTooLong(texts)}>
            Add finding
          </button>
        </form>
      )}
    </section>
  );
});
