/**
 * "New audit": title, scope (a framework, or controls chosen by search), observation window and
 * auditors. A modal <dialog>: focus stays inside, Escape cancels.
 */
import { useEffect, useRef, useState } from 'react';
import type { ControlOption, FrameworkOption } from '../../../src-shared/domain/audit';
import { call, complyflow } from '../../api/complyflow';
import { showError } from '../../app/toast-store';
import { today } from './labels';
import { LimitedText, overLimit } from '../../components/LimitedText';

interface Props {
  onClose(): void;
  onCreated(id: string): void;
}

export function NewAuditDialog({ onClose, onCreated }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const optionsRef = useRef<HTMLUListElement>(null);
  const [frameworks, setFrameworks] = useState<FrameworkOption[] | null>(null);
  const [title, setTitle] = useState('');
  const [scopeKind, setScopeKind] = useState<'framework' | 'controls'>('framework');
  const [frameworkId, setFrameworkId] = useState('');
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<ControlOption[]>([]);
  const [chosen, setChosen] = useState<ControlOption[]>([]);
  const [windowStart, setWindowStart] = useState(today());
  const [windowEnd, setWindowEnd] = useState(today());
  const [auditors, setAuditors] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    call(complyflow().audits.frameworkOptions({})).then((r) => {
      setFrameworks(r.items);
      if (r.items[0]) setFrameworkId(r.items[0].id);
      else setScopeKind('controls');
    }, showError);
  }, []);

  useEffect(() => {
    if (scopeKind !== 'controls' || !query.trim()) {
      setFound([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      call(complyflow().audits.searchControls({ query, limit: 30 })).then((r) => live && setFound(r.items), showError);
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, scopeKind]);

  const toggle = (control: ControlOption) =>
    setChosen((prev) => (prev.some((c) => c.id === control.id) ? prev.filter((c) => c.id !== control.id) : [...prev, control]));

  const submit = async () => {
    if (!title.trim()) return setProblem('Give the audit a title.');
    if (overLimit(title, 300)) return setProblem(`The title is ${title.trim().length} characters; the limit is 300.`);
    if (windowStart > windowEnd) return setProblem('The observation window must start on or before its end.');
    if (scopeKind === 'framework' && !frameworkId)
      return setProblem('Choose a framework, or scope the audit to chosen controls.');
    if (scopeKind === 'controls' && chosen.length === 0) return setProblem('Choose at least one control.');
    setProblem(null);
    setSaving(true);
    try {
      const audit = await call(
        complyflow().audits.create({
          title,
          windowStart,
          windowEnd,
          auditors: auditors
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean),
          ...(scopeKind === 'framework' ? { frameworkId } : { controlIds: chosen.map((c) => c.id) }),
        }),
      );
      onCreated(audit.id);
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <dialog
      ref={ref}
      className="audit-dialog"
      aria-labelledby="new-audit-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h2 id="new-audit-title">New audit</h2>
        <LimitedText label="Audit title" value={title} max={300} required autoFocus onChange={setTitle} />
        <fieldset className="scope-choice">
          <legend>Scope</legend>
          <label className="radio">
            <input
              type="radio"
              name="scope-kind"
              checked={scopeKind === 'framework'}
              onChange={() => setScopeKind('framework')}
            />{' '}
            A whole framework
          </label>
          <label className="radio">
            <input type="radio" name="scope-kind" checked={scopeKind === 'controls'} onChange={() => setScopeKind('controls')} />{' '}
            Chosen controls
          </label>
        </fieldset>
        {scopeKind === 'framework' ? (
          frameworks && frameworks.length === 0 ? (
            <p className="empty-state">No frameworks yet: add one on the Frameworks page, or choose controls.</p>
          ) : (
            <label>
              Framework
              <select value={frameworkId} onChange={(e) => setFrameworkId(e.target.value)}>
                {(frameworks ?? []).map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.title} ({f.controls} controls)
                  </option>
                ))}
              </select>
            </label>
          )
        ) : (
          <div className="control-picker">
            <label>
              Find controls
              <input
                type="search"
                value={query}
                placeholder="Label or words, e.g. AC-2 account"
                aria-describedby="find-controls-hint"
                onChange={(e) => setQuery(e.target.value)}
                onKeyDown={(e) => {
                  // A search field, not the form: Enter never creates the audit. ↓ goes to the matches.
                  if (e.key === 'Enter') e.preventDefault();
                  else if (e.key === 'ArrowDown' && found.length > 0) {
                    e.preventDefault();
                    optionsRef.current?.querySelector<HTMLInputElement>('input[type="checkbox"]')?.focus();
                  }
                }}
              />
            </label>
            <p id="find-controls-hint" className="muted picker-hint">
              Press ↓ to reach the matches, Space or Enter to choose one.
            </p>
            {found.length > 0 && (
              <ul
                ref={optionsRef}
                className="control-options"
                aria-label="Matching controls"
                onKeyDown={(e) => {
                  const target = e.target as HTMLElement;
                  if (!(target instanceof HTMLInputElement) || target.type !== 'checkbox') return;
                  const boxes = Array.from(e.currentTarget.querySelectorAll<HTMLInputElement>('input[type="checkbox"]'));
                  const at = boxes.indexOf(target);
                  if (e.key === 'Enter') {
                    // Enter on a match chooses it (as Space does) instead of submitting the dialog.
                    e.preventDefault();
                    target.click();
                  } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                    e.preventDefault();
                    boxes[Math.max(0, Math.min(boxes.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))]?.focus();
                  }
                }}
              >
                {found.map((c) => (
                  <li key={c.id}>
                    <label className="radio">
                      <input type="checkbox" checked={chosen.some((x) => x.id === c.id)} onChange={() => toggle(c)} />
                      <span className="control-option-text">
                        <strong>{c.label}</strong> {c.title} <span className="muted">({c.frameworkTitle})</span>
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            )}
            <p aria-live="polite" className="muted">
              {chosen.length} {chosen.length === 1 ? 'control' : 'controls'} chosen
              {chosen.length > 0 ? `: ${chosen.map((c) => c.label).join(', ')}` : ''}
            </p>
          </div>
        )}
        <div className="form-grid">
          <label>
            Window start
            <input type="date" value={windowStart} required onChange={(e) => setWindowStart(e.target.value)} />
          </label>
          <label>
            Window end
            <input type="date" value={windowEnd} required onChange={(e) => setWindowEnd(e.target.value)} />
          </label>
        </div>
        <label>
          Auditors (comma-separated)
          <input value={auditors} placeholder="Ana Silva, Ben Okafor" onChange={(e) => setAuditors(e.target.value)} />
        </label>
        {problem && (
          <p role="alert" className="error-text">
            {problem}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={saving}>
            Create audit
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
