/**
 * Edits one policy: title, owner, status, next review date and the markdown body, with a
 * sanitized preview. Nothing is lost silently: unsaved edits are flagged, Ctrl/Cmd+S saves,
 * and a delete can be undone from the toast.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Policy, PolicyStatus } from '../../../src-shared/domain/policy';
import { call, complyflow } from '../../api/complyflow';
import { useRouter } from '../../app/router-store';
import { showError, useToasts } from '../../app/toast-store';
import { MarkdownEditor } from './MarkdownEditor';
import { MarkdownPreview } from './MarkdownPreview';
import { usePolicies } from './policies-store';
import { STATUS_LABELS } from './status-labels';

type Draft = Pick<Policy, 'title' | 'body' | 'owner' | 'status' | 'nextReviewDate'>;

const draftOf = (p: Policy): Draft => ({
  title: p.title,
  body: p.body,
  owner: p.owner,
  status: p.status,
  nextReviewDate: p.nextReviewDate,
});

export function PolicyEditor({ id }: { id: string }) {
  const go = useRouter((s) => s.go);
  const reload = usePolicies((s) => s.reload);
  const [saved, setSaved] = useState<Policy | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const [saving, setSaving] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setLoadError(null);
    call(complyflow().policies.get({ id })).then(
      (policy) => {
        if (!live) return;
        setSaved(policy);
        setDraft(draftOf(policy));
      },
      (error: Error) => live && setLoadError(error.message),
    );
    return () => {
      live = false;
    };
  }, [id]);

  const dirty = saved !== null && draft !== null && JSON.stringify(draftOf(saved)) !== JSON.stringify(draft);

  const save = useCallback(async () => {
    if (!draft || !dirty || saving) return;
    setSaving(true);
    try {
      const policy = await call(complyflow().policies.update({ id, ...draft }));
      setSaved(policy);
      setDraft(draftOf(policy));
      void reload();
    } catch (error) {
      showError(error);
    } finally {
      setSaving(false);
    }
  }, [draft, dirty, saving, id, reload]);

  const remove = async () => {
    if (!saved) return;
    try {
      await call(complyflow().policies.delete({ id }));
      go('policies');
      void reload();
      useToasts.getState().show({
        tone: 'info',
        text: `Deleted “${saved.title}”.`,
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
  };

  if (loadError) return <p role="alert" className="error-text">{loadError}</p>;
  if (!draft) return <p className="empty-state">Loading…</p>;

  const update = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });

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
        }
      }}
    >
      <div className="form-grid">
        <label>
          Title
          <input value={draft.title} maxLength={300} required onChange={(e) => update({ title: e.target.value })} />
        </label>
        <label>
          Owner
          <input value={draft.owner} maxLength={200} onChange={(e) => update({ owner: e.target.value })} />
        </label>
        <label>
          Status
          <select value={draft.status} onChange={(e) => update({ status: e.target.value as PolicyStatus })}>
            {(Object.keys(STATUS_LABELS) as PolicyStatus[]).map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Next review date
          <input
            type="date"
            value={draft.nextReviewDate ?? ''}
            onChange={(e) => update({ nextReviewDate: e.target.value || null })}
          />
        </label>
      </div>
      <div role="tablist" aria-label="Body" className="tabs">
        <button type="button" role="tab" aria-selected={tab === 'write'} onClick={() => setTab('write')}>
          Write
        </button>
        <button type="button" role="tab" aria-selected={tab === 'preview'} onClick={() => setTab('preview')}>
          Preview
        </button>
      </div>
      <div role="tabpanel">
        {tab === 'write' ? (
          <MarkdownEditor label="Policy body" value={draft.body} onChange={(body) => update({ body })} />
        ) : (
          <MarkdownPreview source={draft.body} />
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={!dirty || saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <span className="save-state" aria-live="polite">
          {dirty ? 'Unsaved changes' : `Saved ${new Date(saved!.updatedAt).toLocaleString()}`}
        </span>
        <button type="button" className="danger" onClick={() => void remove()}>
          Delete
        </button>
      </div>
    </form>
  );
}
