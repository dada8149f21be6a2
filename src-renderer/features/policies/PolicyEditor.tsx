/**
 * Edits one policy: title, owner, next review date and the markdown body, with a sanitized
 * preview; moves it through the workflow; shows its history (any two revisions diffed), its
 * linked controls and its audit trail. Nothing is lost silently: unsaved edits are flagged,
 * Ctrl/Cmd+S saves, deleting a policy in force asks first, and a delete goes to the Trash (undo
 * from the toast, or restore from the Trash).
 */
import { useCallback, useState } from 'react';
import { useCan } from '../../app/session-store';
import type { Policy } from '../../../src-shared/domain/policy';
import { call, complyflow } from '../../api/complyflow';
import { useRouter, useUnsavedChanges } from '../../app/router-store';
import { showError, useToasts } from '../../app/toast-store';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useInFlight } from '../../components/use-in-flight';
import { useRecord } from '../../components/use-record';
import { AiDraftButton } from '../ai/draft/AiDraftButton';
import { RecordTrail } from '../audit-trail/RecordTrail';
import { MarkdownEditor } from './MarkdownEditor';
import { MarkdownPreview } from './MarkdownPreview';
import { GapAnalysis } from '../ai/gap/GapAnalysis';
import { PolicyControls } from './PolicyControls';
import { PolicyHistory } from './PolicyHistory';
import { VoiceSummaryPlayer } from '../voice/VoiceSummaryPlayer';
import { PublishedNotice } from './PublishedNotice';
import { PolicyConflictNotice } from '../sync/PolicyConflictNotice';
import { usePolicies } from './policies-store';
import { WorkflowBar } from './WorkflowBar';
import './policies.css';
import { formatDateTime } from '../../components/dates';
import { LimitedText, overLimit } from '../../components/LimitedText';
import { POLICY_OWNER_MAX, POLICY_TITLE_MAX } from '../../../src-shared/domain/policy';
import { KeptDraftBanner } from '../../components/KeptDraftBanner';
import { forgetDraft, useKeptDraft } from '../../components/use-kept-draft';

type Draft = Pick<Policy, 'title' | 'body' | 'owner' | 'nextReviewDate'>;
type Tab = 'write' | 'preview' | 'history' | 'controls' | 'gaps' | 'trail';
const TABS: [Tab, string][] = [
  ['write', 'Write'],
  ['preview', 'Preview'],
  ['history', 'History'],
  ['controls', 'Controls'],
  ['gaps', 'Gap analysis'],
  ['trail', 'Trail'],
];

const draftOf = (p: Policy): Draft => ({
  title: p.title,
  body: p.body,
  owner: p.owner,
  nextReviewDate: p.nextReviewDate,
});

const loadPolicy = (id: string) => call(complyflow().policies.get({ id }));

/** An input where Enter would submit the form, outside the policy's own fields. */
const submitsImplicitly = (target: EventTarget) => target instanceof HTMLInputElement && !target.closest('.policy-fields');

export function PolicyEditor({ id }: { id: string }) {
  const go = useRouter((s) => s.go);
  const reload = usePolicies((s) => s.reload);
  const { saved, setSaved, draft, setDraft, dirty, loadError } = useRecord(loadPolicy, id, draftOf);
  // A role that may not change policies reads them: the text shows as a preview, no save or delete.
  const canEdit = useCan('records.write');
  // The tab is part of the address (#/policies/<id>/history): a reload or a shared link keeps it.
  const sub = useRouter((s) => s.sub);
  const tab: Tab = TABS.some(([key]) => key === sub) ? (sub as Tab) : 'write';
  const setTab = (next: Tab) => useRouter.getState().setSub(next === 'write' ? null : next);
  const [minor, setMinor] = useState(false);
  const [saving, runSave] = useInFlight();
  const [deleting, runDelete] = useInFlight();
  const [confirmingDelete, setConfirmingDelete] = useState(false);

  // Leaving the policy (list, nav, back, reload) asks first while edits are unsaved; and if the
  // window goes anyway (a crash, a forced reload), the draft is kept and offered back.
  useUnsavedChanges(dirty, `the policy “${saved?.title ?? ''}”`);
  const kept = useKeptDraft(`policy.${id}`, draft, dirty, saved?.currentRevisionId ?? null, saved !== null);

  const save = useCallback(
    () =>
      runSave(async () => {
        if (!draft || !dirty) return;
        if (overLimit(draft.title, POLICY_TITLE_MAX) || overLimit(draft.owner, POLICY_OWNER_MAX)) return;
        const sent = draft;
        try {
          const policy = await call(
            complyflow().policies.update({ id, ...sent, minor, baseRevisionId: saved?.currentRevisionId ?? null }),
          );
          setSaved(policy);
          forgetDraft(`policy.${id}`);
          // Typing that went on while the save was in flight stays in the editor, still unsaved.
          setDraft((current) => (current === sent ? draftOf(policy) : current));
          setMinor(false);
          void reload();
        } catch (error) {
          showError(error);
        }
      }),
    [runSave, draft, dirty, id, reload, minor, saved, setSaved, setDraft],
  );

  const remove = () =>
    runDelete(async () => {
      if (!saved) return;
      setConfirmingDelete(false);
      // Close the editor first, so unsaved edits are confirmed away before anything is deleted.
      if (!go('policies')) return;
      try {
        await call(complyflow().policies.delete({ id }));
        void reload();
        useToasts.getState().show({
          tone: 'info',
          text: `Moved “${saved.title}” to the Trash.`,
          action: {
            label: 'Undo',
            run: () => {
              void call(complyflow().policies.restore({ id })).then(() => {
                void reload();
                go('policies', id);
              }, showError);
            },
          },
        });
      } catch (error) {
        showError(error);
      }
    });

  if (loadError)
    return (
      <p role="alert" className="error-text">
        {loadError}
      </p>
    );
  if (!draft) return <p className="empty-state">Loading…</p>;

  const update = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  // Over a limit, the save waits: the field says by how much (nothing is cut to fit).
  const tooLong = overLimit(draft.title, POLICY_TITLE_MAX) > 0 || overLimit(draft.owner, POLICY_OWNER_MAX) > 0;
  const policy = saved!;
  const approvedText = policy.status === 'approved' || policy.status === 'published';
  const textChanged = draft.title !== policy.title || draft.body !== policy.body;
  const onWorkflow = (next: Policy) => {
    // An approval also moves the next review date: fields the user has not touched since the
    // step started take the new saved values (or they would read as unsaved changes); anything
    // typed while the step was in flight stays.
    const base = draftOf(policy);
    const fresh = draftOf(next);
    setDraft((current) => {
      if (!current) return fresh;
      const keep = <K extends keyof Draft>(key: K) => (current[key] === base[key] ? fresh[key] : current[key]);
      return { title: keep('title'), body: keep('body'), owner: keep('owner'), nextReviewDate: keep('nextReviewDate') };
    });
    setSaved(next);
    void reload();
  };

  return (
    <form
      className="policy-editor"
      aria-label="Policy editor"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      onKeyDown={(event) => {
        if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
          event.preventDefault();
          void save();
        } else if (event.key === 'Enter' && submitsImplicitly(event.target)) {
          // Enter in a field of the tabs (control search, history radios, minor-fix box) must
          // not save the policy: only the title, owner and date fields submit on Enter.
          event.preventDefault();
        }
      }}
    >
      {kept.offer && (
        <KeptDraftBanner
          offer={kept.offer}
          savedSince={kept.offer.base !== policy.currentRevisionId}
          what="policy"
          onRestore={(restored) => {
            setDraft(restored);
            kept.taken();
          }}
          onDiscard={kept.dismiss}
        />
      )}
      <WorkflowBar policy={policy} dirty={dirty} onChanged={onWorkflow} />
      <PublishedNotice policy={policy} />
      <VoiceSummaryPlayer revisionId={policy.currentRevisionId} unsavedChanges={dirty} />
      <PolicyConflictNotice policyId={id} onResolved={() => void loadPolicy(id).then(onWorkflow, showError)} />
      <fieldset className="plain-fieldset" disabled={!canEdit}>
        <div className="form-grid policy-fields">
          <LimitedText
            label="Title"
            value={draft.title}
            max={POLICY_TITLE_MAX}
            required
            onChange={(title) => update({ title })}
          />
          <LimitedText label="Owner" value={draft.owner} max={POLICY_OWNER_MAX} onChange={(owner) => update({ owner })} />
          <label>
            Next review date
            <input
              type="date"
              value={draft.nextReviewDate ?? ''}
              onChange={(e) => update({ nextReviewDate: e.target.value || null })}
            />
          </label>
        </div>
      </fieldset>
      <div role="tablist" aria-label="Policy sections" className="tabs">
        {TABS.map(([key, label]) => (
          <button
            key={key}
            type="button"
            role="tab"
            id={`policy-tab-${key}`}
            aria-selected={tab === key}
            aria-controls="policy-tabpanel"
            tabIndex={tab === key ? 0 : -1}
            onClick={() => setTab(key)}
            onKeyDown={(event) => {
              if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
              const index = TABS.findIndex(([k]) => k === tab);
              const next = TABS[(index + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length][0];
              setTab(next);
              document.getElementById(`policy-tab-${next}`)?.focus();
            }}
          >
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="policy-tabpanel" aria-labelledby={`policy-tab-${tab}`}>
        {tab === 'write' &&
          (canEdit ? (
            <MarkdownEditor label="Policy body" value={draft.body} onChange={(body) => update({ body })} />
          ) : (
            <MarkdownPreview source={draft.body} />
          ))}
        {tab === 'preview' && <MarkdownPreview source={draft.body} />}
        {tab === 'history' && (
          <PolicyHistory
            policyId={id}
            currentRevisionId={policy.currentRevisionId}
            publishedRevisionId={policy.publishedRevisionId}
          />
        )}
        {tab === 'controls' && <PolicyControls policyId={id} />}
        {tab === 'gaps' && <GapAnalysis policyId={id} />}
        {tab === 'trail' && <RecordTrail table="policies" id={id} showVerify />}
      </div>
      {approvedText && textChanged && (
        <label className="minor-fix">
          <input type="checkbox" checked={minor} onChange={(e) => setMinor(e.target.checked)} />
          Minor fix (typo, formatting): keeps the approval as {`v${policy.versionMajor}.${policy.versionMinor + 1}`}
        </label>
      )}
      {approvedText && textChanged && !minor && (
        <p className="approval" role="note">
          Saving this change starts version {policy.versionMajor + 1}.0 as a draft; it needs review and approval again.
        </p>
      )}
      {canEdit && (
        <div className="form-actions">
          <button type="submit" className="primary" disabled={!dirty || saving || tooLong}>
            {saving ? 'Saving…' : 'Save'}
          </button>
          <span className="save-state" aria-live="polite">
            {dirty ? 'Unsaved changes' : `Saved ${formatDateTime(saved!.updatedAt)}`}
          </span>
          <AiDraftButton
            policy={policy}
            dirty={dirty}
            onSaved={(next) => {
              setSaved(next);
              setDraft(draftOf(next));
              void reload();
            }}
          />
          <button
            type="button"
            className="danger"
            disabled={deleting}
            // A policy in force is what people follow today: deleting it asks first.
            onClick={() => (policy.publishedRevisionId ? setConfirmingDelete(true) : void remove())}
          >
            Delete
          </button>
        </div>
      )}
      {confirmingDelete && (
        <ConfirmDialog
          title="Delete a policy in force?"
          confirmLabel="Move to Trash"
          danger
          busy={deleting}
          onConfirm={() => void remove()}
          onCancel={() => setConfirmingDelete(false)}
        >
          <p>
            “{policy.title}” is published and in force. Deleting it takes it out of the policy list, search and audit packages.
          </p>
          <p>It goes to the Trash, where you can restore it until the Trash is emptied.</p>
        </ConfirmDialog>
      )}
    </form>
  );
}
