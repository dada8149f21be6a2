/**
 * Adding a framework: one button per shipped NIST baseline, or an OSCAL catalog file chosen with
 * the picker or dropped here. Progress follows the import's job.progress events; a refused file
 * shows the message naming the JSON path.
 */
import { ChevronDown, ChevronRight, FileUp } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { MAX_CATALOG_CHARS, type ImportResult, type ShippedFrameworkName } from '../../../src-shared/domain/framework';
import type { Result } from '../../../src-shared/result';
import { call, complyflow } from '../../api/complyflow';
import { useRouter } from '../../app/router-store';
import { useToasts } from '../../app/toast-store';
import { useFrameworks } from './frameworks-store';
import { plural } from '../../../src-shared/words';

interface Progress {
  jobId: string;
  label: string;
  done: number;
  total: number;
}

const newJobId = () => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `job-${Date.now()}-${Math.random()}`);

/** `compact` (a framework is open): the buttons fold away behind “Add a NIST baseline”; progress and outcome still show. */
export function ImportPanel({ compact = false }: { compact?: boolean }) {
  const { shipped, reloadFrameworks } = useFrameworks();
  const [expanded, setExpanded] = useState(false);
  const go = useRouter((s) => s.go);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const job = useRef<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(
    () =>
      complyflow().events.on('job.progress', (p) => {
        if (p.jobId === job.current) setProgress(p);
      }),
    [],
  );

  const run = async (what: string, start: (jobId: string) => Promise<Result<ImportResult>>) => {
    if (busy) return;
    const jobId = newJobId();
    job.current = jobId;
    setBusy(true);
    setError(null);
    setOutcome(null);
    setProgress({ jobId, label: `Importing ${what}`, done: 0, total: 0 });
    try {
      const result = await call(start(jobId));
      const text = `${result.created ? 'Imported' : 'Already imported, catalog text brought up to date:'} ${what}: ${plural(result.controls, 'control')}.`;
      setOutcome(text);
      useToasts.getState().show({ tone: 'info', text });
      await reloadFrameworks();
      go('frameworks', result.frameworkId);
    } catch (e) {
      setError((e as Error).message);
      setProgress(null);
    } finally {
      setBusy(false);
    }
  };

  const importShipped = (name: ShippedFrameworkName, title: string) =>
    run(title, (jobId) => complyflow().frameworks.importShipped({ name, jobId }));

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    if (!/\.json$/i.test(file.name) && file.type !== 'application/json') {
      setError(`“${file.name}” is not a .json file. Choose an OSCAL catalog in JSON.`);
      return;
    }
    if (file.size > MAX_CATALOG_CHARS) {
      setError(`“${file.name}” is larger than ${MAX_CATALOG_CHARS / 1024 / 1024} MB.`);
      return;
    }
    const content = await file.text();
    await run(file.name, (jobId) => complyflow().frameworks.importFile({ fileName: file.name, content, jobId }));
    if (fileInput.current) fileInput.current.value = '';
  };

  return (
    <section
      className={`import-panel${dragging ? ' dragging' : ''}`}
      aria-labelledby="add-framework-title"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        void importFile(e.dataTransfer.files[0]);
      }}
    >
      <h2 id="add-framework-title">
        {compact ? (
          <button
            type="button"
            className="disclosure"
            aria-expanded={expanded}
            aria-controls="add-framework-body"
            onClick={() => setExpanded((v) => !v)}
          >
            {expanded ? <ChevronDown aria-hidden size={16} /> : <ChevronRight aria-hidden size={16} />}
            Add a NIST baseline
          </button>
        ) : (
          'Add a NIST baseline'
        )}
      </h2>
      <div id="add-framework-body" className="import-body" hidden={compact && !expanded}>
        <div className="shipped-list">
          {shipped.map((s) => (
            <button
              key={s.name}
              type="button"
              className={s.importedFrameworkId ? undefined : 'primary'}
              disabled={busy}
              onClick={() => void importShipped(s.name, s.title)}
              aria-label={`Add ${s.title}${s.importedFrameworkId ? ' (already added: re-import)' : ''}`}
            >
              {s.title}
              {s.controls !== null && <span className="muted"> · {s.controls} controls</span>}
              {s.importedFrameworkId && <span className="muted"> · added</span>}
            </button>
          ))}
        </div>
        <p className="import-file">
          <label className="file-button">
            <FileUp aria-hidden size={16} /> Import OSCAL file…
            <input
              ref={fileInput}
              type="file"
              accept=".json,application/json"
              className="visually-hidden"
              disabled={busy}
              aria-label="Import OSCAL file…"
              onChange={(e) => void importFile(e.target.files?.[0])}
            />
          </label>
          <span className="muted">or drop a catalog .json file here.</span>
        </p>
      </div>
      {progress && (busy || progress.total > 0) && (
        <div className="import-progress" role="status">
          <span>
            {progress.label}
            {progress.total > 0
              ? ` (${progress.done} of ${progress.total} controls${progress.done === progress.total && !busy ? ', done' : ''})`
              : '…'}
          </span>
          <progress
            aria-label="Import progress"
            value={progress.total ? progress.done : undefined}
            max={progress.total || undefined}
          />
        </div>
      )}
      {outcome && !busy && (
        <p role="status" className="import-outcome">
          {outcome}
        </p>
      )}
      {error && (
        <p role="alert" className="error-text import-error">
          {error}
        </p>
      )}
    </section>
  );
}
