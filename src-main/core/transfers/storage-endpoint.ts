/**
 * Where an evidence file lives in the organization's Storage and how to address it: bucket
 * `evidence-files`, object `{org_id}/{sha256}` (both checked before any URL is built), the tus
 * endpoint for uploads and the authenticated object URL for downloads, each request carrying
 * the session's current token and the project's anon key (as supabase-js sends them).
 */
import { Id } from '../../../src-shared/domain/common';
import { Sha256 } from '../../../src-shared/domain/transfers';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { FunctionAccess } from '../functions/create-function-caller';

export const EVIDENCE_BUCKET = 'evidence-files';
/** Supabase Storage wants tus chunks of exactly 6 MB (its documentation for resumable uploads). */
export const TUS_CHUNK_BYTES = 6 * 1024 * 1024;

export type StorageAccess = () => Promise<FunctionAccess>;

export function objectName(orgId: string, sha256: string): string {
  const org = Id.safeParse(orgId);
  const sha = Sha256.safeParse(sha256);
  if (!org.success || !sha.success)
    throw new AppError(ErrorCode.InvalidInput, 'A file in Storage is named by an organization and a SHA-256.');
  return `${org.data.toLowerCase()}/${sha.data}`;
}

const base = (url: string) => url.replace(/\/+$/, '');

export const tusEndpoint = (access: FunctionAccess) => `${base(access.url)}/storage/v1/upload/resumable`;

export const objectUrl = (access: FunctionAccess, orgId: string, sha256: string) =>
  `${base(access.url)}/storage/v1/object/authenticated/${EVIDENCE_BUCKET}/${objectName(orgId, sha256)}`;

export const authHeaders = (access: FunctionAccess): Record<string, string> => ({
  authorization: `Bearer ${access.accessToken}`,
  apikey: access.anonKey,
});
