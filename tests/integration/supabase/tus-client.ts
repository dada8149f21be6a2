// The unmodified tus-js-client pointed at the stand-in's /storage/v1/upload/resumable, the way the
// app (and Supabase's docs) use it: bearer token, apikey, x-upsert, and the four metadata keys.
import { Upload, type UploadOptions } from 'tus-js-client';

export interface TusTarget {
  supabaseUrl: string;
  anonKey: string;
  /** The caller's access token (anon key for anon). */
  token: string;
  bucket: string;
  objectName: string;
  contentType?: string;
  upsert?: boolean;
}

export interface TusOutcome {
  ok: boolean;
  status: number | null;
  body: string;
  url: string | null;
}

export function tusUpload(target: TusTarget, bytes: Buffer, options: Partial<UploadOptions> = {}): Promise<TusOutcome> {
  return new Promise((resolve) => {
    const upload: Upload = new Upload(bytes, {
      endpoint: `${target.supabaseUrl}/storage/v1/upload/resumable`,
      retryDelays: [],
      headers: {
        authorization: `Bearer ${target.token}`,
        apikey: target.anonKey,
        'x-upsert': target.upsert ? 'true' : 'false',
      },
      metadata: {
        bucketName: target.bucket,
        objectName: target.objectName,
        contentType: target.contentType ?? 'application/octet-stream',
        cacheControl: '3600',
      },
      chunkSize: 6 * 1024 * 1024,
      ...options,
      onSuccess: () => resolve({ ok: true, status: 204, body: '', url: upload.url }),
      onError: (error) => {
        const response = (error as { originalResponse?: { getStatus(): number; getBody(): string } | null }).originalResponse;
        resolve({
          ok: false,
          status: response?.getStatus() ?? null,
          body: response?.getBody() ?? String(error),
          url: upload.url,
        });
      },
    });
    upload.start();
  });
}
