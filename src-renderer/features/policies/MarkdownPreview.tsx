import Markdown from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';

/** Renders policy markdown with raw HTML dropped and links, images and attributes sanitized. */
export function MarkdownPreview({ source }: { source: string }) {
  return (
    <div className="markdown-preview" data-testid="markdown-preview">
      <Markdown rehypePlugins={[rehypeSanitize]} skipHtml>
        {source}
      </Markdown>
    </div>
  );
}
