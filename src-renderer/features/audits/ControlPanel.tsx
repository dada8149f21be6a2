/**
 * The control under test: its requirement text, how the organisation implements it (status,
 * owner, notes, justification, linked policies and evidence), the result (radio group, keys
 * 1–4), notes that save on blur and Ctrl+S, its findings, and evidence captured on the spot.
 */
import { Paperclip } from 'lucide-react';
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { ScopeControl, ScopeItem, TestResult } from '../../../src-shared/domain/audit';
import { call, complyflow } from '../../api/complyflow';
import { useUnsavedChanges } from '../../app/router-store';
import { showError } from '../../app/toast-store';
import { CopyProgress, type Copied } from '../evidence/CopyProgress';
import { captureEvidence } from './evidence-capture';
import { Implementation } from './Implementation';
import { useFieldwork } from './fieldwork-store';
import { FindingsPanel } from './FindingsPanel';
import { RESULT_KEYS, RESULT_LABELS } from './labels';

interface Props {
  auditId: string;
  item: ScopeItem;
  readOnly: boolean;
  /** The audit is planned: results and notes wait until fieldwork starts. */
  resultsLocked: boolean;
  onRecord(result: TestResult): void;
  notesRef: RefObject<HTMLTextAreaElement | null>;
  findingTitleRef: RefObject<HTMLInputElement | null>;
  fileRef: RefObject<HTMLInputElement | null>;
  onAfterChange(): void;
}

export function ControlPanel({
  auditId,
  item,
  readOnly,
  resultsLocked,
  onRecord,
  notesRef,
  findingTitleRef,
  fileRef,
  onAfterChange,
}: Props) {
  const { patchItem, announce } = useFieldwork();
  const [detail, setDetail] = useState<ScopeControl | null>(null);
  const [notes, setNotes] = useState(item.notes);
  const [notesState, setNotesState] = useState<'saved' | 'saving' | 'dirty'>('saved');
  const [capturing, setCapturing] = useState<string | null>(null);
  /** Bytes copied into the app so far, while a capture is staged (a recording may take a while). */
  const [copied, setCopied] = useState<Copied | null>(null);
  /** Bumped when evidence is captured, so the organisation's linked evidence reloads. */
  const [evidenceVersion, setEvidenceVersion] = useState(0);
  const savedNotes = useRef(item.notes);
  useUnsavedChanges(notesState === 'dirty', `the test notes on “${item.label}”`);

  useEffect(() => {
    let live = true;
    call(complyflow().audits.scopeControl({ auditId, controlId: item.controlId })).then((d) => {
      if (!live) return;
      setDetail(d);
      setNotes(d.notes);
      savedNotes.current = d.notes;
    }, showError);
    return () => {
      live = false;
    };
  }, [auditId, item.controlId]);

  const saveNotes = async () => {
    if (readOnly || resultsLocked || notes === savedNotes.current) return;
    setNotesState('saving');
    try {
      const result = await call(complyflow().audits.recordResult({ auditId, controlId: item.controlId, notes }));
      savedNotes.current = result.notes;
      patchItem(item.controlId, { notes: result.notes, result: result.result });
      setNotesState('saved');
      announce(`Notes saved for ${item.label}`);
      onAfterChange();
    } catch (error) {
      setNotesState('dirty');
      showError(error);
    }
  };

  const refreshCounts = async () => {
    const d = await call(complyflow().audits.scopeControl({ auditId, controlId: item.controlId }));
    setDetail(d);
    patchItem(item.controlId, { findings: d.findings, evidence: d.evidence });
    setEvidenceVersion((v) => v + 1);
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setCapturing(file.name);
    setCopied(null);
    try {
      const evidence = await captureEvidence(file, auditId, item.controlId, item.label, (done, total) =>
        setCopied({ done, total }),
      );
      await refreshCounts();
      announce(`Evidence “${evidence.title}” captured for ${item.label}`);
    } catch (error) {
      showError(error);
    } finally {
      setCapturing(null);
      if (fileRef.current) fileRef.current.value = '';
    }
  };

  const evidenceCount = detail?.evidence ?? item.evidence;
  return (
    <article className="control-panel" aria-labelledby="control-heading">
      <header>
        <h2 id="control-heading" className="wrap-anywhere">
          {item.label} {item.title}
        </h2>
        {item.groupTitle && <p className="muted">{item.groupTitle}</p>}
      </header>
      <section aria-label="Requirement" className="control-statement">
        {detail ? (
          <>
            <p className="prose">{detail.statement || 'No statement text in the catalog.'}</p>
            {detail.guidance && (
              <details>
                <summary>Guidance</summary>
                <p className="prose">{detail.guidance}</p>
              </details>
            )}
          </>
        ) : (
          <p className="empty-state">Loading…</p>
        )}
      </section>

      <Implementation controlId={item.controlId} version={evidenceVersion} />

      <fieldset className="result-group" disabled={readOnly || resultsLocked}>
        <legend>Test result{resultsLocked && ' (after fieldwork starts)'}</legend>
        {RESULT_KEYS.map((result, i) => (
          <label key={result} className={`radio result-option result-${result}`}>
            <input
              type="radio"
              name="test-result"
              value={result}
              checked={item.result === result}
              aria-keyshortcuts={String(i + 1)}
              onChange={() => onRecord(result)}
            />
            {RESULT_LABELS[result]}
            <kbd aria-hidden>{i + 1}</kbd>
          </label>
        ))}
      </fieldset>

      <label className="notes-field">
        Test notes
        <textarea
          ref={notesRef}
          value={notes}
          rows={5}
          readOnly={readOnly || resultsLocked}
          onChange={(e) => {
            setNotes(e.target.value);
            setNotesState('dirty');
          }}
          onBlur={() => void saveNotes()}
          onKeyDown={(e) => {
            if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
              e.preventDefault();
              void saveNotes();
            }
          }}
        />
      </label>
      <p className="save-state" aria-live="polite">
        {notesState === 'dirty' ? 'Unsaved notes' : notesState === 'saving' ? 'Saving notes…' : notes ? 'Notes saved' : ''}
      </p>

      <section className="evidence-capture" aria-labelledby="evidence-title">
        <h3 id="evidence-title">Evidence</h3>
        <p>
          {evidenceCount} {evidenceCount === 1 ? 'file' : 'files'} captured for {item.label} in this audit
        </p>
        <input
          ref={fileRef}
          type="file"
          className="visually-hidden"
          tabIndex={-1}
          aria-label={`Evidence file for ${item.label}`}
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
        <button
          type="button"
          disabled={readOnly || capturing !== null}
          aria-keyshortcuts="E"
          onClick={() => fileRef.current?.click()}
        >
          <Paperclip aria-hidden size={16} /> Capture evidence
        </button>
        {capturing && (
          <p role="status" className="muted">
            {copied ? <CopyProgress copied={copied} fileName={capturing} /> : <>Adding “{capturing}”…</>}
          </p>
        )}
      </section>

      <FindingsPanel
        ref={findingTitleRef}
        auditId={auditId}
        controlId={item.controlId}
        controlLabel={item.label}
        readOnly={readOnly}
        onChanged={(findings, message) => {
          patchItem(item.controlId, { findings: findings.length });
          announce(message);
          onAfterChange();
        }}
      />
    </article>
  );
}
