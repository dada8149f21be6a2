/**
 * One upload of a blob to Storage with the unmodified tus-js-client, as Supabase documents
 * resumable uploads: 6 MB chunks, the session's token and the anon key on every request,
 * metadata bucketName/objectName/contentType/cacheControl. The upload URL goes to the replica's
 * URL storage as soon as the server made it, so a later run (after a kill) resumes from the
 * server's offset. Network failures are retried by the client a few times, then reported as
 * retry so the queue backs off; refusals are reported in words.
 */
import { createReadStream } from 'node:fs';
import { DetailedError, Upload } from 'tus-js-client';
import { AppError } from '../../../src-shared/errors';
import { authHeaders, EVIDENCE_BUCKET, objectName, TUS_CHUNK_BYTES, tusEndpoint, type StorageAccess } from './storage-endpoint';
import type { UrlStorage } from './tus-url-storage';

export interface UploadJob {
  orgId: string;
  sha256: string;
  /** The blob's path in the store (built by the store from the checked SHA-256). */
  filePath: string;
  sizeBytes: number;
  contentType: string;
  /** Overwrite an object already there (repairing a damaged one; owner, admin, compliance officer). */
  upsert: boolean;
  access: StorageAccess;
  urlStorage: UrlStorage;
  onProgress(bytesDone: number): void;
  /** Client-level retry waits before the queue's own backoff takes over (tests shorten them). */
  retryDelays?: number[];
}

export type UploadOutcome =
  | { kind: 'done' }
  /** The object is there already (same name, so the same bytes: the server checks the hash). */
  | { kind: 'exists' }
  | { kind: 'retry'; message: string }
  | { kind: 'refused'; message: string }
  | { kind: 'aborted' };

export interface RunningUpload {
  outcome: Promise<UploadOutcome>;
  /** Stops sending; the server keeps what it has and the URL stays stored for resume. */
  abort(): void;
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** A failed request in words, and whether it may pass by itself. */
export function classifyUploadError(error: Error, bytesDone: number): Exclude<UploadOutcome, { kind: 'done' | 'aborted' }> {
  const status = error instanceof DetailedError ? (error.originalResponse?.getStatus() ?? 0) : 0;
  const body = error instanceof DetailedError ? (error.originalResponse?.getBody() ?? '') : '';
  if (status === 409 || /already exists/i.test(body)) return { kind: 'exists' };
  if (status === 401) return { kind: 'retry', message: 'The session expired during the upload; it goes on after sign-in.' };
  if (status === 403)
    return { kind: 'refused', message: 'Storage refused the upload: your role may not add files to this organization.' };
  if (status === 413) return { kind: 'refused', message: 'Storage refused the file: it is larger than the organization allows.' };
  if (status === 400 || status === 460 || status === 422)
    return {
      kind: 'refused',
      message:
        'Storage refused the file: the bytes sent do not match its SHA-256 (the copy on this computer changed or is damaged).',
    };
  if (status >= 500 || status === 429 || status === 0) {
    const where = bytesDone > 0 ? ` at ${mb(bytesDone)}` : '';
    return { kind: 'retry', message: `The connection to Storage failed${where}; the upload resumes from there.` };
  }
  return { kind: 'retry', message: `Storage answered ${status} to the upload; it is tried again.` };
}

export function startUpload(job: UploadJob): RunningUpload {
  let upload: Upload | null = null;
  let aborted = false;
  let bytesDone = 0;
  let settle: (outcome: UploadOutcome) => void = () => undefined;
  const outcome = new Promise<UploadOutcome>((resolve) => (settle = resolve));
  const name = objectName(job.orgId, job.sha256);

  void (async () => {
    try {
      const access = await job.access();
      if (aborted) return settle({ kind: 'aborted' });
      const stream = createReadStream(job.filePath);
      upload = new Upload(stream, {
        endpoint: tusEndpoint(access),
        uploadSize: job.sizeBytes,
        chunkSize: TUS_CHUNK_BYTES,
        retryDelays: job.retryDelays ?? [0, 1000, 3000, 5000],
        headers: { ...authHeaders(access), 'x-upsert': job.upsert ? 'true' : 'false' },
        metadata: { bucketName: EVIDENCE_BUCKET, objectName: name, contentType: job.contentType, cacheControl: '3600' },
        uploadDataDuringCreation: true,
        removeFingerprintOnSuccess: true,
        urlStorage: job.urlStorage,
        fingerprint: () => Promise.resolve(`${name}`),
        // A long upload outlives an access token: every request asks the session for a current one.
        onBeforeRequest: async (request) => {
          const current = await job.access();
          for (const [header, value] of Object.entries(authHeaders(current))) request.setHeader(header, value);
        },
        onProgress: (sent) => {
          bytesDone = sent;
          job.onProgress(sent);
        },
        onSuccess: () => settle({ kind: 'done' }),
        onError: (error) => settle(aborted ? { kind: 'aborted' } : classifyUploadError(error, bytesDone)),
      });
      const previous = await upload.findPreviousUploads();
      if (aborted) return settle({ kind: 'aborted' });
      if (previous.length > 0) upload.resumeFromPreviousUpload(previous[0]);
      upload.start();
    } catch (error) {
      // No session or no connection (the session's own words), or the client failed to start.
      if (aborted) settle({ kind: 'aborted' });
      else if (error instanceof AppError) settle({ kind: 'retry', message: error.message });
      else settle(classifyUploadError(error as Error, bytesDone));
    }
  })();

  return {
    outcome,
    abort() {
      aborted = true;
      void upload?.abort(false).finally(() => settle({ kind: 'aborted' }));
      if (!upload) settle({ kind: 'aborted' });
    },
  };
}
