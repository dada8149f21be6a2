/**
 * Gives a PDF preview the evidence title as its document title, so the viewer's title bar reads
 * "Q1 access review" rather than the blob URL's uuid. Done by an incremental update (PDF 1.7,
 * 7.5.6): the original bytes stay as they are, and a new Info dictionary, a one-entry xref
 * section and a trailer pointing back (/Prev) are appended. Only the preview gets these bytes;
 * the stored file and its SHA-256 never change.
 *
 * Only classic cross-reference tables are updated; a file with an xref stream, a hybrid file or
 * an encrypted one is returned untouched (a wrong update could make the viewer refuse it).
 */

const latin1 = (bytes: Buffer, from = 0, to = bytes.length) => bytes.toString('latin1', from, to);

/** A PDF text string in UTF-16BE with a byte-order mark, as hex: safe for any title. */
function textString(text: string): string {
  const units = Buffer.from(text, 'utf16le').swap16();
  return `<FEFF${units.toString('hex').toUpperCase()}>`;
}

export function withPdfTitle(bytes: Buffer, title: string): Buffer {
  // The last 1 KB holds startxref and, for a classic table, the trailer just before it.
  const tail = latin1(bytes, Math.max(0, bytes.length - 1024));
  const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!start) return bytes;
  const prev = Number(start[1]);
  if (!Number.isSafeInteger(prev) || prev >= bytes.length || latin1(bytes, prev, prev + 4) !== 'xref') return bytes;
  const trailerAt = latin1(bytes, prev).lastIndexOf('trailer');
  if (trailerAt < 0) return bytes;
  const trailer = latin1(bytes, prev + trailerAt);
  if (/\/Encrypt\b|\/XRefStm\b/.test(trailer)) return bytes;
  const size = /\/Size\s+(\d+)/.exec(trailer);
  const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(trailer);
  if (!size || !root) return bytes;
  const id = /\/ID\s*(\[[^\]]*\])/.exec(trailer);

  const number = Number(size[1]);
  const head = bytes[bytes.length - 1] === 0x0a ? '' : '\n';
  const objectAt = bytes.length + head.length;
  const object = `${number} 0 obj\n<< /Title ${textString(title.slice(0, 300))} >>\nendobj\n`;
  const xrefAt = objectAt + Buffer.byteLength(object, 'latin1');
  const update =
    `${head}${object}xref\n${number} 1\n${String(objectAt).padStart(10, '0')} 00000 n \n` +
    `trailer\n<< /Size ${number + 1} /Root ${root[1]} /Info ${number} 0 R /Prev ${prev}${id ? ` /ID ${id[1]}` : ''} >>\n` +
    `startxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([bytes, Buffer.from(update, 'latin1')]);
}
