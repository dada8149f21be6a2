/**
 * A printable, self-contained HTML page for a policy. The markdown is rendered by a deliberately
 * small renderer that escapes every character of user text first and only then adds a fixed set
 * of tags (headings, paragraphs, lists, GitHub-flavoured tables and task lists, code blocks, bold,
 * italics, strikethrough, inline code): no raw HTML, no links, no attributes from the text, so
 * nothing in a policy can become live markup or fetch anything. Text blocks carry dir="auto", so
 * a right-to-left paragraph reads right to left. The page loads nothing external and carries a CSP
 * that forbids it.
 */

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function inline(escaped: string): string {
  return escaped
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/~~([^~]+)~~/g, '<del>$1</del>')
    .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>');
}

/** A GFM task item's box as a character, so the state prints without a form control. */
const taskItem = (text: string) => text.replace(/^\[( |x|X)\]\s+/, (_, mark: string) => (mark === ' ' ? '☐ ' : '☑ '));

const TABLE_DELIMITER = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/** The cells of a table row: split on pipes that are not escaped, outer pipes dropped. */
const cells = (row: string) =>
  row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, '|'));

function table(header: string, rows: string[]): string {
  const head = cells(header);
  const cell = (tag: 'th' | 'td', text: string) => `<${tag} dir="auto">${inline(escapeHtml(text))}</${tag}>`;
  const body = rows.map((row) => {
    const values = cells(row);
    return `<tr>${head.map((_, i) => cell('td', values[i] ?? '')).join('')}</tr>`;
  });
  return `<table><thead><tr>${head.map((h) => cell('th', h)).join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

export function renderMarkdown(markdown: string): string {
  const out: string[] = [];
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  let list: { tag: 'ul' | 'ol'; items: string[] } | null = null;
  const flushParagraph = () => {
    if (paragraph.length) out.push(`<p dir="auto">${inline(escapeHtml(paragraph.join(' ')))}</p>`);
    paragraph = [];
  };
  const flushList = () => {
    if (list)
      out.push(
        `<${list.tag}>${list.items.map((i) => `<li dir="auto">${inline(escapeHtml(taskItem(i)))}</li>`).join('')}</${list.tag}>`,
      );
    list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^```/.test(line)) {
      flushParagraph();
      flushList();
      const code: string[] = [];
      for (i++; i < lines.length && !/^```/.test(lines[i]!); i++) code.push(lines[i]!);
      out.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`);
      continue;
    }
    if (line.includes('|') && TABLE_DELIMITER.test(lines[i + 1] ?? '') && lines[i + 1]!.includes('-')) {
      flushParagraph();
      flushList();
      const header = line;
      const rows: string[] = [];
      for (i += 2; i < lines.length && lines[i]!.includes('|') && lines[i]!.trim() !== ''; i++) rows.push(lines[i]!);
      i--;
      out.push(table(header, rows));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (heading) {
      flushParagraph();
      flushList();
      const level = heading[1]!.length;
      const tag = `h${Math.min(level + 1, 6)}`;
      out.push(`<${tag} dir="auto">${inline(escapeHtml(heading[2]!))}</${tag}>`);
    } else if (bullet || numbered) {
      flushParagraph();
      const tag = bullet ? 'ul' : 'ol';
      if (list && list.tag !== tag) flushList();
      list ??= { tag, items: [] };
      list.items.push((bullet ?? numbered)![1]!);
    } else if (line.trim() === '') {
      flushParagraph();
      flushList();
    } else {
      flushList();
      paragraph.push(line.trim());
    }
  }
  flushParagraph();
  flushList();
  return out.join('\n');
}

export interface PrintablePolicy {
  title: string;
  /**
   * What an auditor must read first, one sentence each: the version in force and its approval
   * record, and whether a newer draft exists.
   */
  notices: string[];
  /** Label → value rows describing the exported text (empty values are left out). */
  meta: [string, string | null][];
  body: string;
}

export function policyHtml(policy: PrintablePolicy, auditTitle: string): string {
  const { meta } = policy;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(policy.title)}</title>
<style>
body { font: 11pt/1.5 Georgia, "Times New Roman", serif; color: #111; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 20pt; margin-bottom: 0.2rem; }
.context { color: #555; margin-top: 0; }
.notice { font-family: sans-serif; font-weight: bold; margin: 0.3rem 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; border: 1px solid #ccc; padding: 0.6rem; font-family: sans-serif; font-size: 9.5pt; }
dt { font-weight: bold; }
dd { margin: 0; }
pre { white-space: pre-wrap; background: #f4f4f4; padding: 0.5rem; }
table { border-collapse: collapse; margin: 0.6rem 0; }
th, td { border: 1px solid #999; padding: 0.2rem 0.5rem; text-align: start; vertical-align: top; }
@media print { body { margin: 0; max-width: none; } h2, h3 { break-after: avoid; } pre, li { break-inside: avoid; } }
</style>
</head>
<body>
<h1>${escapeHtml(policy.title)}</h1>
<p class="context">Policy exported for the audit “${escapeHtml(auditTitle)}”</p>
${policy.notices.map((n) => `<p class="notice">${escapeHtml(n)}</p>`).join('\n')}
<dl>${meta
    .filter(([, v]) => v)
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v!)}</dd>`)
    .join('')}</dl>
<main>
${renderMarkdown(policy.body)}
</main>
</body>
</html>
`;
}
