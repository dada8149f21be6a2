/**
 * One finding opened for editing: title, severity, owner, due date, the written parts and the
 * remediation status. "Risk accepted" asks who accepts it and why before it can be saved. Only
 * changed fields are sent; a closed audit shows the same form read-only.
 */
import { useState } from 'react';
import {
  FINDING_TEXT_FIELDS,
  FINDING_OWNER_MAX,
  FINDING_TITLE_MAX,
  type Finding,
  type FindingSeverity,
  type FindingStatus,
} from '../../../src-shared/domain/audit';
import { call, complyflow } from '../../api/complyflow';
import { useUnsavedChanges } from '../../app/router-store';
import { LimitedText, overLimit } from '../../components/LimitedText';
import { FindingTextFields, textsTooLong, type FindingTexts } from './FindingTextFields';
import { FINDING_STATUS_LABELS, SEVERITY_LABELS } from './labels';

interface Props {
  finding: Finding;
  readOnly: boolean;
  /** A status chosen from the list before the editor opened (Risk accepted, which needs who and why). */
  initialStatus?: FindingStatus;
  onSaved(finding: Finding): void;
  onClose(): void;
}

type Draft = FindingTexts & {
  title: string;
  severity: FindingSeverity;
  owner: string;
  dueDate: string;
  status: FindingStatus;
  riskAcceptedBy: string;
  riskAcceptanceReason: string;
};

const draftOf = (f: Finding): Draft => ({
  title: f.title,
  severity: f.severity,
  owner: f.owner,
  dueDate: f.dueDate ?? '',
  status: f.status,
  riskAcceptedBy: f.riskAcceptedBy,
  riskAcceptanceReason: f.riskAcceptanceReason,
  ...(Object.fromEntries(FINDING_TEXT_FIELDS.map((field) => [field, f[field]])) as FindingTexts),
});

export function FindingEditor({ finding, readOnly, initialStatus, onSaved, onClose }: Props) {
  const [draft, setDraft] = useState<Draft>(() => ({ ...draftOf(finding), status: initialStatus ?? finding.status }));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const original = draftOf(finding);
  const changed = (Object.keys(draft) as (keyof Draft)[]).filter((key) => draft[key] !== original[key]);
  useUnsavedChanges(changed.length > 0, `the finding “${finding.title}”`);
  const accepting = draft.status === 'accepted';
  // Over a limit is refused, not cut: save waits until every field fits.
  const tooLong =
    overLimit(draft.title, FINDING_TITLE_MAX) > 0 || overLimit(draft.owner, FINDING_OWNER_MAX) > 0 || textsTooLong(draft);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const save = async () => {
    if (changed.length === 0 || saving || tooLong) return;
    if (accepting && (!draft.riskAcceptedBy.trim() || !draft.riskAcceptanceReason.trim())) {
      setError('Risk accepted needs who accepts the risk and why.');
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const patch: Record<string, unknown> = Object.fromEntries(changed.map((key) => [key, draft[key]]));
      if ('dueDate' in patch) patch.dueDate = draft.dueDate || null;
      // Leaving "Risk accepted" drops who and why on the server side of the call: do not send them.
      if (!accepting) {
        delete patch.riskAcceptedBy;
        delete patch.riskAcceptanceReason;
      }
      const saved = await call(complyflow().findings.update({ id: finding.id, ...patch }));
      onSaved(saved);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="finding-editor"
      aria-label={`Finding ${finding.title}`}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <fieldset disabled={readOnly} className="finding-editor-fields">
        <legend className="visually-hidden">Finding {finding.title}</legend>
        <div className="finding-editor-row">
          <LimitedText
            className="finding-title-field"
            label="Title"
            value={draft.title}
            max={FINDING_TITLE_MAX}
            required
            onChange={(title) => set({ title })}
          />
          <label>
            Severity
            <select value={draft.severity} onChange={(e) => set({ severity: e.target.value as FindingSeverity })}>
              {(Object.keys(SEVERITY_LABELS) as FindingSeverity[]).map((s) => (
                <option key={s} value={s}>
                  {SEVERITY_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <LimitedText label="Owner" value={draft.owner} max={FINDING_OWNER_MAX} onChange={(owner) => set({ owner })} />
          <label>
            Due date
            <input type="date" value={draft.dueDate} onChange={(e) => set({ dueDate: e.target.value })} />
          </label>
        </div>
        <FindingTextFields value={draft} readOnly={readOnly} onChange={(texts) => set(texts)} />
        <div className="finding-editor-row">
          <label>
            Remediation
            <select value={draft.status} onChange={(e) => set({ status: e.target.value as FindingStatus })}>
              {(Object.keys(FINDING_STATUS_LABELS) as FindingStatus[]).map((s) => (
                <option key={s} value={s}>
                  {FINDING_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          {accepting && (
            <label>
              Risk accepted by
              <input
                value={draft.riskAcceptedBy}
                maxLength={200}
                aria-required
                autoFocus={initialStatus === 'accepted'}
                onChange={(e) => set({ riskAcceptedBy: e.target.value })}
              />
            </label>
          )}
        </div>
        {accepting && (
          <label className="finding-accept-reason">
            Why the risk is accepted
            <textarea
              value={draft.riskAcceptanceReason}
              rows={2}
              maxLength={20_000}
              aria-required
              onChange={(e) => set({ riskAcceptanceReason: e.target.value })}
            />
          </label>
        )}
      </fieldset>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <div className="finding-editor-actions">
        {!readOnly && (
          <button type="submit" className="primary" disabled={saving || changed.length === 0 || !draft.title.trim() || tooLong}>
            Save finding
          </button>
        )}
        <button type="button" onClick={onClose}>
          {readOnly || changed.length === 0 ? 'Close' : 'Cancel'}
        </button>
      </div>
    </form>
  );
}
