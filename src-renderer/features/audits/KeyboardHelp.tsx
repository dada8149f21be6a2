import { SHORTCUTS } from './keyboard';

/** The fieldwork keys, shown on the page (not in a tooltip) so they can be read and learned. */
export function KeyboardHelp({ onClose }: { onClose(): void }) {
  return (
    <aside className="keyboard-help" aria-labelledby="keyboard-help-title">
      <div className="keyboard-help-head">
        <h2 id="keyboard-help-title">Keyboard</h2>
        <button type="button" onClick={onClose}>
          Hide keyboard help
        </button>
      </div>
      <dl>
        {SHORTCUTS.map((s) => (
          <div key={s.does}>
            <dt>
              {s.keys.map((k, i) => (
                <span key={k}>
                  {i > 0 && ' or '}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </dt>
            <dd>{s.does}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">Shortcuts do nothing while you type in a field; press Esc first.</p>
    </aside>
  );
}
