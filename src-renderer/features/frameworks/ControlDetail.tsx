/**
 * One control: what the catalog says (statement, guidance, parameters, enhancements) and what
 * the organization records (status, justification when not applicable, owner, notes, the
 * values of organization-defined parameters), with the policies and evidence linked to it and
 * what it lacks to be ready. Those records are shared with the same control in the catalog's
 * other baselines, and the page says so.
 */
import { useCallback, useState } from 'react';
import { useCan } from '../../app/session-store';
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
import { KeptDraftBanner } from '../../components/KeptDraftBanner';
import { forgetDraft, useKeptDraft } from '../../components/use-kept-draft';

type Draft = Pick<Control, 'status' | 'owner' | 'notes' | 'justification'> & { paramValues: Record<string, string> };
const draftOf = (c: Control): Draft => ({
  status: c.status,
  owner: c.owner,
  notes: c.notes,
  justification: c.justification,
  // Every parameter has a field; an empty one is a value not set.
  paramValues: Object.fromEntries(c.params.map((p) => [p.id, c.paramValues[p.id] ?? ''])),
});

/** Only the parameter values that changed go to the core (an empty one clears it). */
const changedValues = (saved: Control, draft: Draft) =>
  Object.fromEntries(Object.entries(draft.paramValues).filter(([id, value]) => (saved.paramValues[id] ?? '') !== value.trim()));
const loadControl = (id: string) => call(complyflow().controls.get({ id }));

export function ControlDetail({ id }: { id: string }) {
  const { reloadControls, reloadFrameworks, selectControl } = useFrameworks();
  const { saved, setSaved, draft, setDraft, dirty, loadError } = useRecord(loadControl, id, draftOf);
  const canEdit = useCan('records.write');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [showHistory, setShowHistory] = useState(false);
  const [showCatalogWording, setShowCatalogWording] = useState(false);

  useUnsavedChanges(dirty, `the control “${saved?.label ?? ''}”`);
  // If the window goes anyway (a crash, a forced reload), the edits are kept and offered back.
  const kept = useKeptDraft(`control.${id}`, draft, dirty, saved?.updatedAt ?? null, saved !== null);

  const save = useCallback(async () => {
    if (!draft || !saved || !dirty || saving) return;
    setSaving(true);
    setError(null);
    try {
      const { paramValues: _all, ...fields } = draft;
      const paramValues = changedValues(saved, draft);
      const control = await call(
        complyflow().controls.update({ id, ...fields, ...(Object.keys(paramValues).length ? { paramValues } : {}) }),
      );
      setSaved(control);
      forgetDraft(`control.${id}`);
      setDraft(draftOf(control));
      void reloadControls();
      void reloadFrameworks();
    } catch (e) {
      setError((e as Error).message);
      showError(e);
    } finally {
      setSaving(false);
    }
  }, [draft, saved, dirty, saving, id, reloadControls, reloadFrameworks, setSaved, setDraft]);

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
      {saved.sharedWith.length > 0 && (
        <p className="shared-note" role="note">
          Shared with{' '}
          {saved.sharedWith.map((s, i) => (
            <span key={s.controlId}>
              {i > 0 && (i === saved.sharedWith.length - 1 ? ' and ' : ', ')}
              <a href={`#/frameworks/${s.controlId}`}>
                {s.name}
                {s.archived ? ' (archived)' : ''}
              </a>
            </span>
          ))}
          : status, owner, notes, parameter values and evidence are one implementation, the same in each.
        </p>
      )}
      <ReadinessNote control={saved} />
      {canEdit && kept.offer && (
        <KeptDraftBanner
          offer={kept.offer}
          savedSince={kept.offer.base !== saved.updatedAt}
          what="control"
          onRestore={(restored) => {
            setDraft(restored);
            kept.taken();
          }}
          onDiscard={kept.dismiss}
        />
      )}
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
        <fieldset className="plain-fieldset" disabled={!canEdit}>
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
          {saved.params.length > 0 && (
            <fieldset className="param-fields">
              <legend>Organization-defined parameters</legend>
              {saved.params.map((p) => (
                <div key={p.id} className="param-field">
                  <label htmlFor={`param-${p.id}`}>
                    {p.label || p.id} <span className="muted">({p.id})</span>
                  </label>
                  <input
                    id={`param-${p.id}`}
                    value={draft.paramValues[p.id] ?? ''}
                    maxLength={2000}
                    placeholder={p.select ? p.select.choice.join('; ') : p.values.join(', ') || 'Not set'}
                    aria-describedby={p.guidelines.length ? `guideline-${p.id}` : undefined}
                    onChange={(e) => update({ paramValues: { ...draft.paramValues, [p.id]: e.target.value } })}
                  />
                  {p.guidelines.length > 0 && (
                    <span id={`guideline-${p.id}`} className="muted">
                      {p.guidelines.join(' ')}
                    </span>
                  )}
                </div>
              ))}
            </fieldset>
          )}
          {error && (
            <p role="alert" className="error-text">
              {error}
            </p>
          )}
        </fieldset>
        {canEdit && (
          <div className="form-actions">
            <button type="submit" className="primary" disabled={!dirty || saving}>
              {saving ? 'Saving…' : 'Save'}
            </button>
            <span className="save-state" aria-live="polite">
              {dirty ? 'Unsaved changes' : `Saved ${formatDateTime(saved.updatedAt)}`}
            </span>
          </div>
        )}
      </form>

      <section aria-labelledby="statement-heading">
        <h3 id="statement-heading">Statement</h3>
        <p className="control-statement" aria-label="Statement with your values">
          {saved.statement || '—'}
        </p>
        {saved.statement !== saved.catalogStatement && (
          <>
            <button
              type="button"
              className="link"
              aria-expanded={showCatalogWording}
              aria-controls="catalog-wording"
              onClick={() => setShowCatalogWording((v) => !v)}
            >
              {showCatalogWording ? 'Hide the catalog’s wording' : 'Show the catalog’s wording'}
            </button>
            {showCatalogWording && (
              <p id="catalog-wording" className="control-statement muted" aria-label="Statement as the catalog words it">
                {saved.catalogStatement}
              </p>
            )}
          </>
        )}
      </section>
      {saved.guidance && (
        <details className="control-guidance">
          <summary>Guidance</summary>
          <p className="control-statement">{saved.guidance}</p>
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
                {e.via && <span className="muted"> · linked in {e.via}</span>}
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
        {showHistory &&
          (saved.implementationId ? (
            <RecordTrail table="control_implementations" id={saved.implementationId} showVerify={false} />
          ) : (
            <RecordTrail table="controls" id={id} showVerify={false} />
          ))}
      </details>
    </article>
  );
}

/** Whether the control counts toward readiness, and what it still lacks, in words. */
function ReadinessNote({ control }: { control: Control }) {
  const { readiness } = control;
  return (
    <section aria-labelledby="readiness-heading" className="control-readiness">
      <h3 id="readiness-heading">Readiness</h3>
      {!readiness.counts ? (
        <p className="muted">Not applicable: left out of the framework’s readiness.</p>
      ) : readiness.ready ? (
        <p>Ready: implemented, with current evidence.</p>
      ) : (
        <>
          <p>Not ready yet. Missing:</p>
          <ul className="readiness-missing">
            {readiness.missing.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
