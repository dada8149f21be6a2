/**
 * The metadata for each file the user picked or dropped, one file at a time: title
 * (suggested from the file name), description, as-of date (today by default), an expiry date
 * or a renewal cadence, and linked controls. While the form is filled the file is staged (copied
 * into the app and hashed by the core, with progress); its SHA-256 then shows, with any evidence
 * already holding the same file. A file over the size limit is refused here with the same words
 * the core uses, before it is sent.
 */
import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import {
  EVIDENCE_DESCRIPTION_MAX,
  EVIDENCE_TITLE_MAX,
  formatBytes,
  sizeLimitMessage,
  type Evidence,
  type LinkedControl,
  type StagedFile,
} from '../../../src-shared/domain/evidence';
import { LimitedText, overLimit } from '../../components/LimitedText';
import { call, complyflow } from '../../api/complyflow';
import { useRouter, useUnsavedChanges } from '../../app/router-store';
import { ControlPicker } from './ControlPicker';
import { localToday, titleFromFileName } from './format';
import { CopyProgress } from './CopyProgress';
import { chooseAndStage, stageFile } from './intake';

type ExpiryMode = 'none' | 'date' | 'renewal';

/** A file picked or dropped in the page, or (desktop app) one to choose in main's dialog. */
export type PendingSource = { kind: 'file'; file: File; dropToken?: string } | { kind: 'choose' };

export function AddEvidenceForm({
  source,
  position,
  count,
  maxFileBytes,
  onAdded,
  onSkip,
}: {
  source: PendingSource;
  position: number;
  count: number;
  maxFileBytes: number;
  onAdded(evidence: Evidence): void;
  onSkip(): void;
}) {
  const file = source.kind === 'file' ? source.file : null;
  const dropToken = source.kind === 'file' ? source.dropToken : undefined;
  const [staged, setStaged] = useState<StagedFile | null>(null);
  const [copied, setCopied] = useState<{ done: number; total: number } | null>(null);
  const shownName = staged?.fileName ?? file?.name ?? '';
  const [suggestedTitle, setSuggestedTitle] = useState(() => (file ? titleFromFileName(file.name) : ''));
  const [today] = useState(localToday);
  const [title, setTitle] = useState(suggestedTitle);
  const [description, setDescription] = useState('');
  const [asOfDate, setAsOfDate] = useState(today);
  const [mode, setMode] = useState<ExpiryMode>('none');
  const [expiresOn, setExpiresOn] = useState('');
  const [renewalDays, setRenewalDays] = useState('365');
  const [controls, setControls] = useState<LinkedControl[]>([]);
  const [saving, setSaving] = useState(false);
  const tooBig = file !== null && file.size > maxFileBytes;
  const [error, setError] = useState<string | null>(() =>
    file && tooBig ? sizeLimitMessage(file.name, file.size, maxFileBytes) : null,
  );
  const [added, setAdded] = useState(false);
  /** Evidence that already holds this very file (same SHA-256), found once the file is staged. */
  const [same, setSame] = useState<{ id: string; title: string; createdAt: string }[]>([]);
  const go = useRouter((s) => s.go);
  // Over a limit is refused, not cut: adding waits until both fit.
  const tooLong = overLimit(title, EVIDENCE_TITLE_MAX) > 0 || overLimit(description, EVIDENCE_DESCRIPTION_MAX) > 0;
  const stagedRef = useRef<StagedFile | null>(null);
  const skipRef = useRef(onSkip);
  skipRef.current = onSkip;

  // Staged once per form: streamed (browser host) or copied by path (desktop app) while the form is filled.
  useEffect(() => {
    if (tooBig) return;
    let live = true;
    const onProgress = (done: number, total: number) => live && setCopied({ done, total });
    const pending = file ? stageFile(file, null, onProgress, dropToken) : chooseAndStage(null, onProgress);
    pending.then(
      (result) => {
        if (!live) {
          if (result) void complyflow().evidence.discardStaged({ stagedFileId: result.id });
          return;
        }
        if (!result) return skipRef.current(); // the dialog was cancelled
        stagedRef.current = result;
        setStaged(result);
        if (!file) {
          setSuggestedTitle(titleFromFileName(result.fileName));
          setTitle(titleFromFileName(result.fileName));
        }
        call(complyflow().evidence.sameFile({ sha256: result.sha256 })).then(
          (r) => live && setSame(r.items),
          // Only a notice: if it cannot be worked out, adding still works.
          () => undefined,
        );
      },
      (e: unknown) => live && setError((e as Error).message),
    );
    return () => {
      live = false;
    };
  }, [file, dropToken, tooBig]);

  // A form left without adding (skip, cancel, another page) drops its staged file.
  useEffect(
    () => () => {
      const left = stagedRef.current;
      if (left) void complyflow().evidence.discardStaged({ stagedFileId: left.id });
    },
    [],
  );

  // Partly filled in (anything beyond the suggestions): leaving asks first.
  const touched =
    title !== suggestedTitle ||
    description !== '' ||
    asOfDate !== today ||
    mode !== 'none' ||
    expiresOn !== '' ||
    renewalDays !== '365' ||
    controls.length > 0;
  useUnsavedChanges(touched && !added, `the new evidence “${title || shownName}”`);

  const submit = async () => {
    if (tooBig || tooLong || saving || !staged) return;
    setSaving(true);
    setError(null);
    try {
      const evidence = await call(
        complyflow().evidence.add({
          title,
          description,
          stagedFileId: staged.id,
          asOfDate,
          expiresOn: mode === 'date' && expiresOn ? expiresOn : null,
          renewalDays: mode === 'renewal' ? Number(renewalDays) : null,
          controlIds: controls.map((c) => c.id),
        }),
      );
      // Saved: no longer unsaved, before onAdded opens the new item; the staged file is the record's now.
      stagedRef.current = null;
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
        <span className="file-name" data-testid="pending-file-name" title={shownName}>
          {shownName || 'choosing…'}
        </span>
      </p>
      {staged ? (
        <p className="staged-line muted" data-testid="staged-file">
          {formatBytes(staged.sizeBytes)} · SHA-256 <code data-testid="staged-sha256">{staged.sha256}</code>
        </p>
      ) : (
        !error &&
        !tooBig && (
          <p className="staged-line muted" role="status">
            <CopyProgress copied={copied} />
          </p>
        )
      )}
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
        <button type="submit" className="primary" disabled={tooBig || tooLong || saving || !staged}>
          {saving ? 'Adding…' : 'Add evidence'}
        </button>
        <button type="button" onClick={onSkip}>
          {count > 1 ? 'Skip this file' : 'Cancel'}
        </button>
      </div>
    </form>
  );
}
