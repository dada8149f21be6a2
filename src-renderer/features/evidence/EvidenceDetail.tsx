/**
 * One evidence item: metadata edit, the full SHA-256, linked controls (link and unlink), the
 * preview, and delete with undo. The file name is shown exactly as stored, as text.
 */
import { useState } from 'react';
import { useCan } from '../../app/session-store';
import { ActorName } from '../account/ActorName';
import { flushSync } from 'react-dom';
import {
  EVIDENCE_DESCRIPTION_MAX,
  EVIDENCE_TITLE_MAX,
  formatBytes,
  type EvidenceDetail as Detail,
} from '../../../src-shared/domain/evidence';
import { LimitedText, overLimit } from '../../components/LimitedText';
import { call, complyflow } from '../../api/complyflow';
import { useRouter, useUnsavedChanges } from '../../app/router-store';
import { showError, useToasts } from '../../app/toast-store';
import { useRecord } from '../../components/use-record';
import { KeptDraftBanner } from '../../components/KeptDraftBanner';
import { forgetDraft, useKeptDraft } from '../../components/use-kept-draft';
import { RecordTrail } from '../audit-trail/RecordTrail';
import { ControlPicker } from './ControlPicker';
import { CopyButton } from './CopyButton';
import { EvidencePreview } from './EvidencePreview';
import { ExpiryBadge } from './ExpiryBadge';
import { ReplaceFile } from './ReplaceFile';
import { EvidenceFileSection } from '../files/EvidenceFileSection';
import { fileIsHere, previewWaitText } from '../files/file-availability';
import { useFileStatus } from '../files/use-file-status';
import { CaptureLine } from './CaptureLine';
import { useEvidence } from './evidence-store';
import { formatDateTime } from '../../components/dates';

interface Draft {
  title: string;
  description: string;
  asOfDate: string;
  expiresOn: string;
  renewalDays: string;
}

const draftOf = (e: Detail): Draft => ({
  title: e.title,
  description: e.description,
  asOfDate: e.asOfDate,
  expiresOn: e.expiresOn ?? '',
  renewalDays: e.renewalDays === null ? '' : String(e.renewalDays),
});

const loadEvidence = (id: string) => call(complyflow().evidence.get({ id }));

export function EvidenceDetail({ id, previewMaxBytes }: { id: string; previewMaxBytes: number }) {
  const go = useRouter((s) => s.go);
  const reload = useEvidence((s) => s.reload);
  const { saved: evidence, setSaved: setEvidence, draft, setDraft, dirty, loadError } = useRecord(loadEvidence, id, draftOf);
  const canWrite = useCan('records.write');
  const canFieldwork = useCan('audits.fieldwork');
  // Evidence captured in an audit is also the auditors' to keep (the server's rule is the same).
  const canEdit = canWrite || (canFieldwork && Boolean(evidence?.auditId));
  const [saving, setSaving] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const file = useFileStatus(id, evidence?.sha256 ?? '');

  useUnsavedChanges(dirty, `the evidence “${evidence?.title ?? ''}”`);
  // If the window goes anyway (a crash, a forced reload), the edits are kept and offered back.
  const kept = useKeptDraft(`evidence.${id}`, draft, dirty, evidence?.updatedAt ?? null, evidence !== null);

  if (loadError)
    return (
      <p role="alert" className="error-text">
        {loadError}
      </p>
    );
  if (!evidence || !draft) return <p className="empty-state">Loading…</p>;

  const update = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  // Over a limit is refused, not cut: save waits until both fit.
  const tooLong = overLimit(draft.title, EVIDENCE_TITLE_MAX) > 0 || overLimit(draft.description, EVIDENCE_DESCRIPTION_MAX) > 0;

  const save = async () => {
    if (!dirty || saving || tooLong) return;
    setSaving(true);
    try {
      await call(
        complyflow().evidence.update({
          id,
          title: draft.title,
          description: draft.description,
          asOfDate: draft.asOfDate,
          expiresOn: draft.expiresOn || null,
          renewalDays: draft.renewalDays ? Number(draft.renewalDays) : null,
        }),
      );
      const fresh = await call(complyflow().evidence.get({ id }));
      forgetDraft(`evidence.${id}`);
      setEvidence(fresh);
      setDraft(draftOf(fresh));
      void reload();
    } catch (error) {
      showError(error);
    } finally {
      setSaving(false);
    }
  };

  const setLinks = (fresh: Detail) => {
    setEvidence(fresh);
    void reload();
  };

  const remove = async () => {
    try {
      await call(complyflow().evidence.delete({ id }));
      // Deleted on purpose: its unsaved edits go with it, without asking.
      forgetDraft(`evidence.${id}`);
      flushSync(() => setDraft(draftOf(evidence)));
      go('evidence');
      void reload();
      useToasts.getState().show({
        tone: 'info',
        text: `Moved “${evidence.title}” to the Trash.`,
        action: {
          label: 'Undo',
          run: () => {
            void call(complyflow().evidence.restore({ id })).then(() => {
              void reload();
              go('evidence', id);
            }, showError);
          },
        },
      });
    } catch (error) {
      showError(error);
    }
  };

  return (
    <div className="evidence-detail">
      <form
        aria-label="Evidence details"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <div className="evidence-detail-head">
          <h2 title={evidence.title}>{evidence.title}</h2>
          <ExpiryBadge evidence={evidence} />
        </div>
        {canEdit && kept.offer && (
          <KeptDraftBanner
            offer={kept.offer}
            savedSince={kept.offer.base !== evidence.updatedAt}
            what="evidence"
            onRestore={(restored) => {
              setDraft(restored);
              kept.taken();
            }}
            onDiscard={kept.dismiss}
          />
        )}
        {/* A role that may not change evidence reads it: fields are shown, not offered for editing. */}
        <fieldset className="plain-fieldset" disabled={!canEdit}>
          <dl className="facts">
            <dt>File name</dt>
            <dd className="file-name" data-testid="evidence-file-name">
              {evidence.fileName}
            </dd>
            <dt>SHA-256</dt>
            <dd className="sha-line">
              <code data-testid="evidence-sha256">{evidence.sha256}</code>
              <CopyButton value={evidence.sha256} label="Copy SHA-256" />
            </dd>
            <dt>Size and type</dt>
            <dd>
              {formatBytes(evidence.sizeBytes)} · {evidence.mimeType}
            </dd>
            <dt>Added</dt>
            <dd>
              {formatDateTime(evidence.createdAt)} by <ActorName actor={evidence.capturedBy} />
            </dd>
            {evidence.capture && (
              <>
                <dt>Capture</dt>
                <dd>
                  <CaptureLine proof={evidence.capture} />
                </dd>
              </>
            )}
            {evidence.effectiveExpiry && (
              <>
                <dt>Current until</dt>
                <dd>{evidence.effectiveExpiry}</dd>
              </>
            )}
          </dl>
          <div className="form-grid">
            <LimitedText
              label="Title"
              value={draft.title}
              max={EVIDENCE_TITLE_MAX}
              required
              onChange={(title) => update({ title })}
            />
            <label>
              As-of date
              <input type="date" value={draft.asOfDate} required onChange={(e) => update({ asOfDate: e.target.value })} />
            </label>
            <label>
              Expires on
              <input type="date" value={draft.expiresOn} onChange={(e) => update({ expiresOn: e.target.value })} />
            </label>
            <label>
              Renewal days
              <input
                type="number"
                min={1}
                max={1830}
                value={draft.renewalDays}
                onChange={(e) => update({ renewalDays: e.target.value })}
              />
            </label>
          </div>
          <LimitedText
            label="Description"
            value={draft.description}
            max={EVIDENCE_DESCRIPTION_MAX}
            multiline
            onChange={(description) => update({ description })}
          />
        </fieldset>
        {canEdit && (
          <div className="form-actions">
            <button type="submit" className="primary" disabled={!dirty || saving || tooLong}>
              {saving ? 'Saving…' : 'Save'}
            </button>
            <span className="save-state" aria-live="polite">
              {dirty ? 'Unsaved changes' : 'Saved'}
            </span>
            <button type="button" className="danger" onClick={() => void remove()}>
              Delete
            </button>
          </div>
        )}
      </form>

      <EvidenceFileSection evidence={evidence} file={file} />
      {canWrite && !evidence.auditId && (
        <section aria-label="New version of the file">
          <ReplaceFile
            evidence={evidence}
            onReplaced={() =>
              void call(complyflow().evidence.get({ id })).then((fresh) => {
                setEvidence(fresh);
                void reload();
              }, showError)
            }
          />
        </section>
      )}

      <section aria-label="Linked controls">
        <h3>Linked controls</h3>
        {evidence.controls.length === 0 && <p className="empty-state">Not linked to any control yet.</p>}
        <ul className="linked-controls">
          {evidence.controls.map((c) => (
            <li key={c.id}>
              <span className="linked-control-text">
                <strong>{c.label}</strong> {c.title}
                {c.frameworkTitle && <span className="muted"> · {c.frameworkTitle}</span>}
              </span>
              {canEdit && (
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Unlink ${c.label}${c.frameworkTitle ? ` (${c.frameworkTitle})` : ''}`}
                  onClick={() =>
                    void call(complyflow().evidence.unlinkControl({ evidenceId: id, controlId: c.id })).then(setLinks, showError)
                  }
                >
                  Unlink
                </button>
              )}
            </li>
          ))}
        </ul>
        {canEdit && (
          <ControlPicker
            excludeIds={evidence.controlIds}
            onPick={(c) =>
              void call(complyflow().evidence.linkControl({ evidenceId: id, controlId: c.id })).then(setLinks, showError)
            }
          />
        )}
      </section>

      <section aria-label="Preview">
        <h3>Preview</h3>
        {fileIsHere(file) ? (
          <EvidencePreview evidence={evidence} previewMaxBytes={previewMaxBytes} />
        ) : (
          <p className="empty-state">{previewWaitText(file)}</p>
        )}
      </section>

      <details className="record-history" onToggle={(e) => setShowHistory(e.currentTarget.open)}>
        <summary>History</summary>
        {showHistory && <RecordTrail table="evidence" id={id} showVerify={false} />}
      </details>
    </div>
  );
}
