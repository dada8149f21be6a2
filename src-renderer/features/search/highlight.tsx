import { Fragment } from 'react';
import { SNIPPET_END, SNIPPET_START } from '../../../src-shared/domain/search';

/** Renders a search snippet with its matched words in <mark>, as text: no markup is parsed. */
export function Highlight({ text }: { text: string }) {
  const parts: { text: string; mark: boolean }[] = [];
  for (const [i, chunk] of text.split(SNIPPET_START).entries()) {
    if (i === 0) {
      parts.push({ text: chunk, mark: false });
      continue;
    }
    const end = chunk.indexOf(SNIPPET_END);
    if (end < 0) parts.push({ text: chunk, mark: true });
    else
      parts.push(
        { text: chunk.slice(0, end), mark: true },
        { text: chunk.slice(end + 1).replaceAll(SNIPPET_END, ''), mark: false },
      );
  }
  return <>{parts.map((part, i) => (part.mark ? <mark key={i}>{part.text}</mark> : <Fragment key={i}>{part.text}</Fragment>))}</>;
}
