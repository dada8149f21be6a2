/** Hostile names never become unsafe zip paths; CSV cells never run as formulas. */
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../../src-main/core/exports/csv';
import { renderMarkdown } from '../../../../src-main/core/exports/policy-html';
import { isUnsafeEntryName, safeFileName, slugify, uniqueNamer } from '../../../../src-main/core/exports/zip-names';

describe('zip names', () => {
  it.each([
    ['../../x', 'x'],
    ['/etc/passwd', 'etc_passwd'],
    ['a\u0000b\u001f\u007fc.txt', 'abc.txt'],
    ['CON', '_CON'],
    ['lpt1.txt', '_lpt1.txt'],
    ['..', 'file'],
    ['', 'file'],
    ['C:\\Windows\\win.ini', 'C_Windows_win.ini'],
    ['rapport été.pdf', 'rapport_été.pdf'],
    ['trailing dots...', 'trailing_dots'],
  ])('%j → %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
    expect(isUnsafeEntryName(`evidence/${safeFileName(input)}`)).toBe(false);
  });

  it('bounds a 4,000-character name and keeps its extension', () => {
    const name = safeFileName(`${'a'.repeat(4000)}.pdf`);
    expect(name.length).toBe(100);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('slugs titles and never yields an empty or device name', () => {
    expect(slugify('SOC 2 / Q1 ../2026')).toBe('soc-2-q1-2026');
    expect(slugify('../..')).toBe('untitled');
    expect(slugify('nul')).toBe('untitled');
    expect(slugify('Übersicht Größe')).toBe('ubersicht-gro-e');
  });

  it('makes names unique, case-insensitively', () => {
    const next = uniqueNamer();
    expect([next('e/a.pdf'), next('e/A.pdf'), next('e/a.pdf'), next('e/noext'), next('e/noext')]).toEqual([
      'e/a.pdf',
      'e/A-2.pdf',
      'e/a-3.pdf',
      'e/noext',
      'e/noext-2',
    ]);
  });

  it.each(['../a', 'a/../b', '/abs', 'a\\b', 'C:x', 'a//b', 'a\u0001', './a', ''])('refuses the entry name %j', (name) => {
    expect(isUnsafeEntryName(name)).toBe(true);
  });
});

describe('csv', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+SUM(A1)', "'+SUM(A1)"],
    ['-2', "'-2"],
    ['@cmd', "'@cmd"],
    ['\t=x', "'\t=x"],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
  ])('%j → %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('writes a header and CRLF rows, with empty cells for null', () => {
    expect(toCsv(['a', 'b'], [{ a: 1, b: null }])).toBe('a,b\r\n1,\r\n');
  });
});

describe('policy markdown → HTML', () => {
  it('escapes raw HTML and attributes, and renders a fixed set of tags', () => {
    const html = renderMarkdown(
      '# Title <img src=x onerror=alert(1)>\n\n- **bold** item\n- `code`\n\n<a href="javascript:x">link</a>\n\n```\n<b>kept as text</b>\n```',
    );
    expect(html).not.toMatch(/<img|<a |onerror=alert\(1\)>/);
    expect(html).toContain('<h2 dir="auto">Title &lt;img src=x onerror=alert(1)&gt;</h2>');
    expect(html).toContain('<ul><li dir="auto"><strong>bold</strong> item</li><li dir="auto"><code>code</code></li></ul>');
    expect(html).toContain('<pre><code>&lt;b&gt;kept as text&lt;/b&gt;</code></pre>');
  });

  it('renders GitHub-flavoured tables, task lists and strikethrough, escaped, with dir="auto" for right-to-left text', () => {
    const html = renderMarkdown(
      [
        '| Control | Owner |',
        '| --- | :-: |',
        '| AC-2 | **IT** <script>x</script> |',
        '| a \\| b |',
        '',
        '- [x] Reviewed',
        '- [ ] ~~Old step~~',
        '',
        'סיסמאות מוחלפות כל שנה.',
      ].join('\n'),
    );
    expect(html).toContain(
      '<table><thead><tr><th dir="auto">Control</th><th dir="auto">Owner</th></tr></thead><tbody>' +
        '<tr><td dir="auto">AC-2</td><td dir="auto"><strong>IT</strong> &lt;script&gt;x&lt;/script&gt;</td></tr>' +
        '<tr><td dir="auto">a | b</td><td dir="auto"></td></tr></tbody></table>',
    );
    expect(html).toContain('<li dir="auto">☑ Reviewed</li><li dir="auto">☐ <del>Old step</del></li>');
    expect(html).toContain('<p dir="auto">סיסמאות מוחלפות כל שנה.</p>');
    expect(html).not.toMatch(/\|\s*---/);
  });
});
