/**
 * One control: what the catalog says (statement, guidance, parameters, enhancements) and what
 * the organization records (status, justification when not applicable, owner, notes), with the
 * policies and evidence linked to it.
 */
import { useCallback, useState } from 'react';
import type { Control, ControlStatus } from '../../../src-shared/domain/framework';
import { call, complyflow } from '../../api/complyflow';
import { confirmLeave, useUnsavedChanges } from '../../app/router-store';
import { showError } from '../../app/toast-store';
import { useRecord } from '../../components/use-record';
import { RecordTrail } from '../audit-trail/RecordTrail';
import { ExpiryBadge } from '../evidence/ExpiryBadge';
import { policyStatusLabel, STATUS_LABELS, useFrameworks } from './frameworks-store';
import { formatDateTime } from '../../components/dates';
import { LimitedText } from '../../components/LimitedText';

type Draft = Pick<Control, 'status' | 'owner' | 'notes' | 'justification'>;
const draftOf = (c: Control): Draft => ({ status: c.status, owner: c.owner, notes: c.notes, justification: c.justification });
const loadControl = (id: string) => call(complyflow().controls.get({ id }));

export function ControlDetail({ id }: { id: string }) {
  const { reloadControls, reloadFrameworks, selectControl } = useFrameworks();
  const { saved, setSaved, draft, setDraft, dirty, loadError } = useRecord(loadControl, id, draftOf);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [showHistory, setShowHistory] = useState(false);

  useUnsavedChanges(dirty, `the control “${saved?.label ?? ''}”`);

  const save = useCallback(async () => {
    if (!draft || !dirty || saving) return;
    setSaving(true);
    setError(null);
    try {
      const control = await call(complyflow().controls.update({ id, ...draft }));
      setSaved(control);
      setDraft(draftOf(control));
      void reloadControls();
      void reloadFrameworks();
    } catch (e) {
      setError((e as Error).message);
      showError(e);
    } finally {
      setSaving(false);
    }
  }, [draft, dirty, saving, id, reloadControls, reloadFrameworks, setSaved, setDraft]);

  if (loadError)
    return (
      <p role="alert" className="error-text">
        {loadError}
      </p>
    );
  if (!saved || !draft) return <p className="empty-state">Loading…</p>;
  const update = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const needsJustification = draft.status === 'not_applicable';

  return (
    <article className="control-detail" aria-labelledby="control-heading">
      <h2 id="control-heading" className="wrap-anywhere">
        {saved.label} {saved.title}
      </h2>
      {saved.groupTitle && <p className="muted">{saved.groupTitle}</p>}
      <form
        aria-label="Control status"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        onKeyDown={(e) => {
          if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
            e.preventDefault();
            void save();
          }
        }}
      >
        <div className="form-grid">
          <label>
            Status
            <select value={draft.status} onChange={(e) => update({ status: e.target.value as ControlStatus })}>
              {(Object.keys(STATUS_LABELS) as ControlStatus[]).map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <LimitedText label="Owner" value={draft.owner} max={200} onChange={(owner) => update({ owner })} />
        </div>
        <label>
          Justification{needsJustification ? ' (required when not applicable)' : ''}
          <textarea
            rows={2}
            value={draft.justification}
            aria-required={needsJustification}
            onChange={(e) => update({ justification: e.target.value })}
          />
        </label>
        <LimitedText label="Notes" value={draft.notes} max={20_000} multiline onChange={(notes) => update({ notes })} />
        {error && (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={!dirty || saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
          <span className="save-state" aria-live="polite">
            {dirty ? 'Unsaved changes' : `Saved ${formatDateTime(saved.updatedAt)}`}
          </span>
        </div>
      </form>

      <section aria-labelledby="statement-heading">
        <h3 id="statement-heading">Statement</h3>
        <p className="control-statement">{saved.statement || '—'}</p>
      </section>
      {saved.guidance && (
        <details className="control-guidance">
          <summary>Guidance</summary>
          <p className="control-statement">{saved.guidance}</p>
        </details>
      )}
      {saved.params.length > 0 && (
        <details>
          <summary>Parameters ({saved.params.length})</summary>
          <dl className="facts">
            {saved.params.map((p) => (
              <div key={p.id} className="param">
                <dt>{p.id}</dt>
                <dd>
                  {p.label || p.select?.choice.join('; ') || p.values.join(', ') || '—'}
                  {p.guidelines.length > 0 && <span className="muted"> — {p.guidelines.join(' ')}</span>}
                </dd>
              </div>
            ))}
          </dl>
        </details>
      )}
      {saved.enhancements.length > 0 && (
        <section aria-labelledby="enh-heading">
          <h3 id="enh-heading">Enhancements</h3>
          <ul className="link-list">
            {saved.enhancements.map((e) => (
              <li key={e.id}>
                <button type="button" className="link" onClick={() => confirmLeave() && selectControl(e.id)}>
                  {e.label} {e.title}
                </button>{' '}
                <span className="badge">{STATUS_LABELS[e.status]}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="policies-heading">
        <h3 id="policies-heading">Linked policies</h3>
        {saved.policies.length === 0 ? (
          <p className="empty-state">No policy is linked to this control.</p>
        ) : (
          <ul className="link-list">
            {saved.policies.map((p) => (
              <li key={p.id}>
                <a href={`#/policies/${p.id}`}>{p.title}</a> <span className="badge">{policyStatusLabel(p.status)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="evidence-heading">
        <h3 id="evidence-heading">Linked evidence</h3>
        {saved.evidence.length === 0 ? (
          <p className="empty-state">No evidence is linked to this control.</p>
        ) : (
          <ul className="link-list">
            {saved.evidence.map((e) => (
              <li key={e.id}>
                <a href={`#/evidence/${e.id}`}>{e.title}</a>
                {e.expired && (
                  <>
                    {' '}
                    <ExpiryBadge evidence={{ expired: true, expiresInDays: null }} />
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <details className="record-history" onToggle={(e) => setShowHistory(e.currentTarget.open)}>
        <summary>History</summary>
        {showHistory && <RecordTrail table="controls" id={id} showVerify={false} />}
      </details>
    </article>
  );
}
