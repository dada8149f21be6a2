import { markdown } from '@codemirror/lang-markdown';
import CodeMirror, { EditorView } from '@uiw/react-codemirror';
import { useMemo } from 'react';
import { useTheme } from '../../app/theme-store';

export function MarkdownEditor({ value, onChange, label }: { value: string; onChange(value: string): void; label: string }) {
  // The label goes on the editable element itself, where screen readers and tests look for it.
  const extensions = useMemo(
    () => [markdown(), EditorView.lineWrapping, EditorView.contentAttributes.of({ 'aria-label': label })],
    [label],
  );
  const theme = useTheme((s) => s.choice);
  const dark = theme === 'dark' || (theme === 'system' && window.matchMedia?.('(prefers-color-scheme: dark)').matches);
  return (
    <CodeMirror
      className="markdown-editor"
      value={value}
      onChange={onChange}
      extensions={extensions}
      theme={dark ? 'dark' : 'light'}
      basicSetup={{ lineNumbers: false, foldGutter: false }}
      minHeight="240px"
    />
  );
}
