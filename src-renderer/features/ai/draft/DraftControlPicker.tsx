/** Step one of an AI draft: which controls the policy must cover (its linked ones ticked first, any other found by search). */
import { useEffect, useState } from 'react';
import type { LinkedControl } from '../../../../src-shared/domain/policy';
import { AI_DRAFT_CONTROLS_MAX } from '../../../../src-shared/domain/ai-draft';
import { call, complyflow } from '../../../api/complyflow';
import { showError } from '../../../app/toast-store';

export function DraftControlPicker({
  policyId,
  chosen,
  onChange,
}: {
  policyId: string;
  chosen: ReadonlyMap<string, LinkedControl>;
  onChange(next: Map<string, LinkedControl>): void;
}) {
  const [linked, setLinked] = useState<LinkedControl[] | null>(null);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<LinkedControl[]>([]);

  useEffect(() => {
    call(complyflow().policies.linkedControls({ policyId })).then((controls) => {
      setLinked(controls);
      onChange(new Map(controls.slice(0, AI_DRAFT_CONTROLS_MAX).map((c) => [c.id, c])));
    }, showError);
    // Once per policy: the ticks are the person's after that.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [policyId]);

  useEffect(() => {
    if (query.trim() === '') return setResults([]);
    let live = true;
    const timer = setTimeout(() => {
      call(complyflow().policies.searchControls({ query, limit: 20 })).then((r) => live && setResults(r), showError);
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);

  const toggle = (control: LinkedControl, on: boolean) => {
    const next = new Map(chosen);
    if (on) next.set(control.id, control);
    else next.delete(control.id);
    onChange(next);
  };
  const shown = [...(linked ?? []), ...results.filter((r) => !linked?.some((l) => l.id === r.id))];
  const extra = [...chosen.values()].filter((c) => !shown.some((s) => s.id === c.id));

  return (
    <fieldset className="ai-draft-controls">
      <legend>Controls the draft must cover ({chosen.size} chosen)</legend>
      {linked?.length === 0 && <p className="muted">This policy links no controls yet: search for the ones it must cover.</p>}
      <ul className="ai-draft-control-list">
        {[...extra, ...shown].map((control) => (
          <li key={control.id}>
            <label>
              <input
                type="checkbox"
                checked={chosen.has(control.id)}
                disabled={!chosen.has(control.id) && chosen.size >= AI_DRAFT_CONTROLS_MAX}
                onChange={(event) => toggle(control, event.target.checked)}
              />
              <strong>{control.label}</strong> {control.title} <span className="muted">· {control.frameworkTitle}</span>
            </label>
          </li>
        ))}
      </ul>
      <label className="ai-draft-search">
        Find controls
        <input type="search" value={query} placeholder="Label, title or text" onChange={(e) => setQuery(e.target.value)} />
      </label>
    </fieldset>
  );
}
