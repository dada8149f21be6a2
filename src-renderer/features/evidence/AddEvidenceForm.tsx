/**
 * The metadata for each file the user picked or dropped, one file at a time: title
 * (suggested from the file name), description, as-of date (today by default), an expiry date
 * or a renewal cadence, and linked controls. A file over the size limit is refused here with
 * the same words the core uses, before it is read.
 */
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import {
  EVIDENCE_DESCRIPTION_MAX,
  EVIDENCE_TITLE_MAX,
  sizeLimitMessage,
  type Evidence,
  type LinkedControl,
} from '../../../src-shared/domain/evidence';
import { LimitedText, overLimit } from '../../components/LimitedText';
import { call, complyflow } from '../../api/complyflow';
import { useRouter, useUnsavedChanges } from '../../app/router-store';
import { ControlPicker } from './ControlPicker';
import { localToday, readAsBase64, titleFromFileName } from './format';

type ExpiryMode = 'none' | 'date' | 'renewal';

export function AddEvidenceForm({
  file,
  position,
  count,
  maxFileBytes,
  onAdded,
  onSkip,
}: {
  file: File;
  position: number;
  count: number;
  maxFileBytes: number;
  onAdded(evidence: Evidence): void;
  onSkip(): void;
}) {
  const [suggestedTitle] = useState(() => titleFromFileName(file.name));
  const [today] = useState(localToday);
  const [title, setTitle] = useState(suggestedTitle);
  const [description, setDescription] = useState('');
  const [asOfDate, setAsOfDate] = useState(today);
  const [mode, setMode] = useState<ExpiryMode>('none');
  const [expiresOn, setExpiresOn] = useState('');
  const [renewalDays, setRenewalDays] = useState('365');
  const [controls, setControls] = useState<LinkedControl[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(() =>
    file.size > maxFileBytes ? sizeLimitMessage(file.name, file.size, maxFileBytes) : null,
  );
  const [added, setAdded] = useState(false);
  /** Evidence that already holds this very file (same SHA-256), found before the form is filled. */
  const [same, setSame] = useState<{ id: string; title: string; createdAt: string }[]>([]);
  const go = useRouter((s) => s.go);
  const tooBig = file.size > maxFileBytes;
  // Over a limit is refused, not cut: adding waits until both fit.
  const tooLong = overLimit(title, EVIDENCE_TITLE_MAX) > 0 || overLimit(description, EVIDENCE_DESCRIPTION_MAX) > 0;

  useEffect(() => {
    if (tooBig) return;
    let live = true;
    file
      .arrayBuffer()
      .then((buffer) => crypto.subtle.digest('SHA-256', buffer))
      .then((digest) => {
        const sha256 = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
        return call(complyflow().evidence.sameFile({ sha256 }));
      })
      .then((r) => live && setSame(r.items))
      // Only a notice: if it cannot be worked out, adding still works.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [file, tooBig]);

  // Partly filled in (anything beyond the suggestions): leaving asks first.
  const touched =
    title !== suggestedTitle ||
    description !== '' ||
    asOfDate !== today ||
    mode !== 'none' ||
    expiresOn !== '' ||
    renewalDays !== '365' ||
    controls.length > 0;
  useUnsavedChanges(touched && !added, `the new evidence “${title || file.name}”`);

  const submit = async () => {
    if (tooBig || tooLong || saving) return;
    setSaving(true);
    setError(null);
    try {
      const evidence = await call(
        complyflow().evidence.add({
          title,
          description,
          fileName: file.name,
          mimeType: file.type || undefined,
          contentBase64: await readAsBase64(file),
          asOfDate,
          expiresOn: mode === 'date' && expiresOn ? expiresOn : null,
          renewalDays: mode === 'renewal' ? Number(renewalDays) : null,
          controlIds: controls.map((c) => c.id),
        }),
      );
      // Saved: no longer unsaved, before onAdded opens the new item.
      flushSync(() => setAdded(true));
      onAdded(evidence);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="evidence-add-form"
      aria-label="Add evidence"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h2>
        Add evidence{' '}
        {count > 1 && (
          <span className="muted">
            (file {position} of {count})
          </span>
        )}
      </h2>
      <p className="file-name-line">
        File:{' '}
        <span className="file-name" data-testid="pending-file-name" title={file.name}>
          {file.name}
        </span>
      </p>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {same.length > 0 && (
        <div className="same-file-notice" role="status">
          <p>
            This file is already evidence: {same.map((s) => `“${s.title}” (added ${s.createdAt.slice(0, 10)})`).join(', ')}. Open
            it instead, or add the same file again as a separate record.
          </p>
          <button
            type="button"
            onClick={() => {
              onSkip();
              go('evidence', same[0].id);
            }}
          >
            Open “{same[0].title}”
          </button>
        </div>
      )}
      <div className="form-grid">
        <LimitedText label="Title" value={title} max={EVIDENCE_TITLE_MAX} required onChange={setTitle} />
        <label>
          As-of date
          <input type="date" value={asOfDate} required onChange={(e) => setAsOfDate(e.target.value)} />
        </label>
      </div>
      <LimitedText label="Description" value={description} max={EVIDENCE_DESCRIPTION_MAX} multiline onChange={setDescription} />
      <fieldset className="expiry-fields">
        <legend>Expiry</legend>
        <label className="radio">
          <input type="radio" name="expiry-mode" checked={mode === 'none'} onChange={() => setMode('none')} /> Does not expire
        </label>
        <label className="radio">
          <input type="radio" name="expiry-mode" checked={mode === 'date'} onChange={() => setMode('date')} /> Expires on a date
        </label>
        <label className="radio">
          <input type="radio" name="expiry-mode" checked={mode === 'renewal'} onChange={() => setMode('renewal')} /> Renew every N
          days
        </label>
        {mode === 'date' && (
          <label>
            Expires on
            <input type="date" value={expiresOn} min={asOfDate} required onChange={(e) => setExpiresOn(e.target.value)} />
          </label>
        )}
        {mode === 'renewal' && (
          <label>
            Renewal days
            <input
              type="number"
              min={1}
              max={1830}
              value={renewalDays}
              required
              onChange={(e) => setRenewalDays(e.target.value)}
            />
          </label>
        )}
      </fieldset>
      <section aria-label="Controls to link">
        <h3>Linked controls</h3>
        <ul className="linked-controls">
          {controls.map((c) => (
            <li key={c.id}>
              <span className="linked-control-text">
                <strong>{c.label}</strong> {c.title}
              </span>
              <button
                type="button"
                aria-label={`Remove ${c.label}`}
                onClick={() => setControls(controls.filter((x) => x.id !== c.id))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
        <ControlPicker excludeIds={controls.map((c) => c.id)} onPick={(c) => setControls([...controls, c])} />
      </section>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={tooBig || tooLong || saving}>
          {saving ? 'Adding…' : 'Add evidence'}
        </button>
        <button type="button" onClick={onSkip}>
          {count > 1 ? 'Skip this file' : 'Cancel'}
        </button>
      </div>
    </form>
  );
}
