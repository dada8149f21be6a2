/**
 * One entry, one name. A zip names each entry up to four times: in the central directory, in
 * the local header before its bytes, and in Info-ZIP Unicode Path extra fields (0x7075) beside
 * either. Tools disagree on which they believe (a streaming extractor reads the local header,
 * unzip and 7-Zip prefer a Unicode Path whose CRC matches), so a package whose names disagree
 * can show the verifier one file and the auditor's extractor another. Every name must be the
 * same bytes (local and central), and a Unicode Path field must carry the same name and the CRC
 * of those bytes.
 */
import type { FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_BYTES = 30;
export const UNICODE_PATH_FIELD = 0x7075;

export interface ExtraField {
  id: number;
  data: Buffer;
}

/** The extra fields of a local header (id, length, data), stopping at a truncated one. */
export function parseExtraFields(extra: Buffer): ExtraField[] {
  const fields: ExtraField[] = [];
  for (let at = 0; at + 4 <= extra.length;) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (at + 4 + length > extra.length) break;
    fields.push({ id, data: extra.subarray(at + 4, at + 4 + length) });
    at += 4 + length;
  }
  return fields;
}

const shown = (name: Buffer | string) => JSON.stringify(typeof name === 'string' ? name : name.toString('utf8'));

/** What is wrong with one Unicode Path field for an entry named `raw`, or null. */
function unicodePathProblem(field: ExtraField, raw: Buffer, where: string): string | null {
  if (field.data.length < 5 || field.data[0] !== 1) return `its Unicode Path field (${where}) is malformed`;
  const name = field.data.subarray(5);
  if (field.data.readUInt32LE(1) !== crc32(raw) || !name.equals(raw))
    return `its Unicode Path field (${where}) names it ${shown(name)}, not ${shown(raw)}`;
  return null;
}

/**
 * Problems with an entry's names, given its central-directory name (raw bytes), its central
 * extra fields and where its local header starts. Reads only that local header.
 */
export async function entryNameProblems(
  zip: FileHandle,
  entry: { rawName: Buffer; extraFields: readonly ExtraField[]; relativeOffsetOfLocalHeader: number },
): Promise<string[]> {
  const problems: string[] = [];
  for (const field of entry.extraFields)
    if (field.id === UNICODE_PATH_FIELD) {
      const problem = unicodePathProblem(field, entry.rawName, 'central directory');
      if (problem) problems.push(problem);
    }
  const header = Buffer.alloc(LOCAL_HEADER_BYTES);
  const { bytesRead } = await zip.read(header, 0, LOCAL_HEADER_BYTES, entry.relativeOffsetOfLocalHeader);
  if (bytesRead < LOCAL_HEADER_BYTES || header.readUInt32LE(0) !== LOCAL_HEADER_SIGNATURE)
    return [...problems, 'its local header is missing or damaged'];
  const nameLength = header.readUInt16LE(26);
  const extraLength = header.readUInt16LE(28);
  const rest = Buffer.alloc(nameLength + extraLength);
  const read = await zip.read(rest, 0, rest.length, entry.relativeOffsetOfLocalHeader + LOCAL_HEADER_BYTES);
  if (read.bytesRead < rest.length) return [...problems, 'its local header is missing or damaged'];
  const localName = rest.subarray(0, nameLength);
  if (!localName.equals(entry.rawName))
    problems.push(`its local header names it ${shown(localName)}, the central directory ${shown(entry.rawName)}`);
  for (const field of parseExtraFields(rest.subarray(nameLength)))
    if (field.id === UNICODE_PATH_FIELD) {
      const problem = unicodePathProblem(field, entry.rawName, 'local header');
      if (problem) problems.push(problem);
    }
  return problems;
}
