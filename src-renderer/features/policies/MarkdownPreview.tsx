import type { ComponentProps, ElementType } from 'react';
import Markdown, { type Components } from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';

/** Text blocks take their direction from their own text, so a right-to-left paragraph reads right to left. */
const autoDir = <T extends ElementType>(Tag: T) =>
  function AutoDir({ node: _node, ...props }: ComponentProps<T> & { node?: unknown }) {
    const Element = Tag as ElementType;
    return <Element dir="auto" {...props} />;
  };

const COMPONENTS: Components = {
  p: autoDir('p'),
  li: autoDir('li'),
  h1: autoDir('h1'),
  h2: autoDir('h2'),
  h3: autoDir('h3'),
  h4: autoDir('h4'),
  h5: autoDir('h5'),
  h6: autoDir('h6'),
  td: autoDir('td'),
  th: autoDir('th'),
  blockquote: autoDir('blockquote'),
};

/**
 * Renders policy markdown (GitHub-flavoured: tables, task lists, strikethrough) with raw HTML
 * dropped and links, images and attributes sanitized.
 */
export function MarkdownPreview({ source }: { source: string }) {
  return (
    <div className="markdown-preview" data-testid="markdown-preview">
      <Markdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize]} components={COMPONENTS} skipHtml>
        {source}
      </Markdown>
    </div>
  );
}
