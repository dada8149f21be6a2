/**
 * What the core decides about an incoming file without trusting the renderer: its type (from
 * its first bytes, kept while it is copied in) and how its name is shown (display text only:
 * control and direction-override characters made visible, length bounded). Nothing here
 * touches the file system.
 */
import { MAX_FILE_NAME_CHARS, type MimeType } from '../../../src-shared/domain/evidence';

const startsWith = (bytes: Buffer, signature: number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** How much of a file is inspected to decide whether it is text. */
const TEXT_SNIFF_BYTES = 1024 * 1024;

function looksLikeText(bytes: Buffer, totalSize: number): boolean {
  const head = bytes.subarray(0, TEXT_SNIFF_BYTES);
  let text: string;
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sniffed slice.
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: head.length < totalSize });
  } catch {
    return false;
  }
  // Text may hold tabs, newlines, form feeds; other C0 controls (NUL first) mean binary.
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  return !/[\u0000-\u0008\u000e-\u001a\u001c-\u001f\u007f]/.test(text);
}

/**
 * The type from the file's magic bytes; text kinds take the name's extension as a hint only.
 * `bytes` may be the file's first megabyte only, with `totalSize` its full size.
 */
export function detectMimeType(bytes: Buffer, fileName: string, totalSize = bytes.length): MimeType {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  if (bytes.length > 0 && looksLikeText(bytes, totalSize)) {
    const extension = /\.([a-z0-9]{1,8})$/i.exec(fileName)?.[1]?.toLowerCase();
    if (extension === 'csv') return 'text/csv';
    if (extension === 'json' && isJson(bytes, totalSize)) return 'application/json';
    return 'text/plain';
  }
  return 'application/octet-stream';
}

function isJson(bytes: Buffer, totalSize: number): boolean {
  if (totalSize > TEXT_SNIFF_BYTES || totalSize > bytes.length) return true; // large .json that starts as text: preview as text either way
  try {
    JSON.parse(bytes.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

/**
 * A file name as display text. C0 controls and DEL become their visible Unicode "control
 * pictures" (NUL → ␀, ESC → ␛); C1 controls and bidirectional overrides/isolates (which can
 * make "exe.pdf" read as "fdp.exe") become U+FFFD. Names over 1,000 characters keep their
 * first 800 and last 199 characters around "…", so the extension stays visible. Nothing else
 * is stripped: "../../x" or "CON" are shown exactly as given; they never become a path.
 */
export function displayFileName(raw: string): string {
  const visible = [...raw].map((ch) => {
    const code = ch.codePointAt(0)!;
    if (code < 0x20) return String.fromCodePoint(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    if (code >= 0x80 && code <= 0x9f) return '\uFFFD';
    if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069) || code === 0x200e || code === 0x200f) {
      return '\uFFFD';
    }
    // Lone surrogates cannot be stored as valid text.
    if (code >= 0xd800 && code <= 0xdfff) return '\uFFFD';
    return ch;
  });
  if (visible.length === 0) return 'unnamed file';
  if (visible.length <= MAX_FILE_NAME_CHARS) return visible.join('');
  return `${visible.slice(0, 800).join('')}…${visible.slice(-199).join('')}`;
}
