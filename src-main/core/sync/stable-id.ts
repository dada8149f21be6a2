/**
 * Ids of rows that are unique by a key (a link between a record and a control, an audit's result
 * for a control), made from the key itself, so two devices doing the same thing offline make
 * the same row and the server merges their writes per field instead of holding two rows that
 * no replica can take (issue 8, item 5). UUIDv5 (RFC 9562 §5.5): SHA-1 of a namespace and the
 * key, with the version and variant bits set, so the id is a valid uuid for the server.
 */
import { createHash } from 'node:crypto';

/** ComplyFlow's namespace for key-derived ids (a random uuid fixed forever: changing it forks every id). */
const NAMESPACE = '6c0d3b8e-2f7a-4e1b-9a55-0b7f6c1d2e93';

const namespaceBytes = Buffer.from(NAMESPACE.replaceAll('-', ''), 'hex');

/** UUIDv5 of the parts, joined by a separator no part can hold (ids and table names have no NUL). */
export function stableId(...parts: string[]): string {
  for (const part of parts) {
    if (part.includes('\0')) throw new Error('A stable id part cannot contain a NUL character.');
  }
  const hash = createHash('sha1').update(namespaceBytes).update(parts.join('\0'), 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of the link row between a record and a control, in one of the link tables. */
export const linkId = (table: string, orgId: string, fromId: string, controlId: string): string =>
  stableId(table, orgId, fromId, controlId);

/** The id of an audit's result for a control. */
export const auditResultId = (orgId: string, auditId: string, controlId: string): string =>
  stableId('audit_results', orgId, auditId, controlId);
