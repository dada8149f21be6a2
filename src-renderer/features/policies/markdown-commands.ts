/**
 * The editor's formatting commands, each a CodeMirror command over every selection: wrap the
 * selection (bold, italic), prefix its lines (heading, list), make it a link, or insert a table.
 * One list, shared by the toolbar buttons and the keyboard shortcuts, so both always agree.
 */
import { EditorSelection, type EditorView } from '@uiw/react-codemirror';

export interface FormatCommand {
  id: 'bold' | 'italic' | 'heading' | 'list' | 'link' | 'table';
  label: string;
  /** CodeMirror key name ("Mod-b") and how the shortcut is announced (aria-keyshortcuts). */
  key: string;
  ariaKeys: string;
  hint: string;
  run(view: EditorView): boolean;
}

/** Wraps each selection in `marker` (or puts the cursor between two markers). */
const wrap =
  (marker: string, placeholder: string) =>
  (view: EditorView): boolean => {
    view.dispatch(
      view.state.changeByRange((range) => {
        const text = view.state.sliceDoc(range.from, range.to) || placeholder;
        const insert = `${marker}${text}${marker}`;
        return {
          changes: { from: range.from, to: range.to, insert },
          range: EditorSelection.range(range.from + marker.length, range.from + marker.length + text.length),
        };
      }),
    );
    view.focus();
    return true;
  };

/** Puts `prefix` at the start of every line the selections touch (once). */
const prefixLines =
  (prefix: string) =>
  (view: EditorView): boolean => {
    const starts = new Set<number>();
    for (const range of view.state.selection.ranges) {
      for (let pos = range.from; pos <= range.to;) {
        const line = view.state.doc.lineAt(pos);
        starts.add(line.from);
        pos = line.to + 1;
      }
    }
    const changes = [...starts]
      .filter((from) => !view.state.sliceDoc(from, from + prefix.length).startsWith(prefix))
      .map((from) => ({ from, insert: prefix }));
    view.dispatch({ changes });
    view.focus();
    return true;
  };

const link = (view: EditorView): boolean => {
  view.dispatch(
    view.state.changeByRange((range) => {
      const text = view.state.sliceDoc(range.from, range.to) || 'link text';
      const url = 'https://';
      const insert = `[${text}](${url})`;
      const urlFrom = range.from + text.length + 3;
      return { changes: { from: range.from, to: range.to, insert }, range: EditorSelection.range(urlFrom, urlFrom + url.length) };
    }),
  );
  view.focus();
  return true;
};

const TABLE = '| Column | Column |\n| --- | --- |\n|  |  |\n';

const table = (view: EditorView): boolean => {
  const at = view.state.selection.main.to;
  const line = view.state.doc.lineAt(at);
  // A table must start on its own line, after a blank one, or markdown reads it as text.
  const before = line.length === 0 ? '' : at === line.to ? '\n\n' : '\n\n';
  const insertAt = line.length === 0 ? at : line.to;
  view.dispatch({
    changes: { from: insertAt, insert: `${before}${TABLE}` },
    selection: EditorSelection.range(insertAt + before.length + 2, insertAt + before.length + 8),
  });
  view.focus();
  return true;
};

export const FORMAT_COMMANDS: FormatCommand[] = [
  { id: 'bold', label: 'Bold', key: 'Mod-b', ariaKeys: 'Control+B', hint: 'Ctrl+B', run: wrap('**', 'bold text') },
  { id: 'italic', label: 'Italic', key: 'Mod-i', ariaKeys: 'Control+I', hint: 'Ctrl+I', run: wrap('*', 'italic text') },
  { id: 'heading', label: 'Heading', key: 'Mod-Alt-1', ariaKeys: 'Control+Alt+1', hint: 'Ctrl+Alt+1', run: prefixLines('## ') },
  {
    id: 'list',
    label: 'Bulleted list',
    key: 'Mod-Shift-8',
    ariaKeys: 'Control+Shift+8',
    hint: 'Ctrl+Shift+8',
    run: prefixLines('- '),
  },
  { id: 'link', label: 'Link', key: 'Mod-Shift-k', ariaKeys: 'Control+Shift+K', hint: 'Ctrl+Shift+K', run: link },
  { id: 'table', label: 'Table', key: 'Mod-Alt-t', ariaKeys: 'Control+Alt+T', hint: 'Ctrl+Alt+T', run: table },
];
