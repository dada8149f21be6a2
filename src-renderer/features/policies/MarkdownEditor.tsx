/**
 * The policy body editor: CodeMirror with markdown, and a formatting toolbar (bold, italic,
 * heading, list, link, table) whose buttons and keyboard shortcuts run the same commands
 * (markdown-commands.ts). The toolbar follows the ARIA toolbar pattern: one tab stop, arrow keys
 * move between buttons.
 */
import { markdown } from '@codemirror/lang-markdown';
import CodeMirror, { EditorView, keymap, Prec } from '@uiw/react-codemirror';
import { Bold, Heading2, Italic, Link, List, Table, type LucideIcon } from 'lucide-react';
import { useMemo, useRef, useState } from 'react';
import { useTheme } from '../../app/theme-store';
import { FORMAT_COMMANDS, type FormatCommand } from './markdown-commands';

const ICONS: Record<FormatCommand['id'], LucideIcon> = {
  bold: Bold,
  italic: Italic,
  heading: Heading2,
  list: List,
  link: Link,
  table: Table,
};

export function MarkdownEditor({ value, onChange, label }: { value: string; onChange(value: string): void; label: string }) {
  const view = useRef<EditorView | null>(null);
  const [focusIndex, setFocusIndex] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  // The label goes on the editable element itself, where screen readers and tests look for it.
  // The shortcuts outrank the default keymap (Mod-i would otherwise select the syntax parent).
  const extensions = useMemo(
    () => [
      markdown(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': label }),
      Prec.highest(keymap.of(FORMAT_COMMANDS.map((c) => ({ key: c.key, run: c.run, preventDefault: true })))),
    ],
    [label],
  );
  const theme = useTheme((s) => s.choice);
  const dark = theme === 'dark' || (theme === 'system' && window.matchMedia?.('(prefers-color-scheme: dark)').matches);

  const moveFocus = (to: number) => {
    const next = (to + FORMAT_COMMANDS.length) % FORMAT_COMMANDS.length;
    setFocusIndex(next);
    buttons.current[next]?.focus();
  };

  return (
    <div className="markdown-editor-wrap">
      <div
        role="toolbar"
        aria-label="Formatting"
        className="markdown-toolbar"
        onKeyDown={(event) => {
          // From the button that has focus (a click may have focused another than the tab stop).
          const at = Math.max(0, buttons.current.indexOf(event.target as HTMLButtonElement));
          if (event.key === 'ArrowRight') moveFocus(at + 1);
          else if (event.key === 'ArrowLeft') moveFocus(at - 1);
          else if (event.key === 'Home') moveFocus(0);
          else if (event.key === 'End') moveFocus(FORMAT_COMMANDS.length - 1);
          else return;
          event.preventDefault();
        }}
      >
        {FORMAT_COMMANDS.map((command, index) => {
          const Icon = ICONS[command.id];
          return (
            <button
              key={command.id}
              ref={(el) => {
                buttons.current[index] = el;
              }}
              type="button"
              tabIndex={index === focusIndex ? 0 : -1}
              aria-label={command.label}
              aria-keyshortcuts={command.ariaKeys}
              title={`${command.label} (${command.hint})`}
              onClick={() => {
                setFocusIndex(index);
                if (view.current) command.run(view.current);
              }}
            >
              <Icon aria-hidden size={16} />
            </button>
          );
        })}
      </div>
      <CodeMirror
        className="markdown-editor"
        value={value}
        onChange={onChange}
        onCreateEditor={(created) => {
          view.current = created;
        }}
        extensions={extensions}
        theme={dark ? 'dark' : 'light'}
        basicSetup={{ lineNumbers: false, foldGutter: false }}
        minHeight="240px"
      />
    </div>
  );
}
