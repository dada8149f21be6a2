// Resumable uploads at /storage/v1/upload/resumable, as Supabase Storage serves them: the tus
// 1.0.0 protocol by the real @tus/server over @tus/file-store. What Supabase adds, we add:
// - Upload-Metadata names the object: bucketName, objectName (required), contentType, cacheControl;
// - the upload URL is `<path>/<base64url(bucket/objectName/version)>`;
// - every request carries the caller's JWT (authorization: Bearer, or apikey); creating, sending
//   bytes and terminating are authorized by the same storage object policies as /object/*
//   (a dry-run insert, or upsert when the request says `x-upsert: true`, rolled back), and the
//   storage.objects row is written as the caller when the last byte arrives;
// - errors of its own are JSON {statusCode, error, message}; tus protocol errors stay tus's text.
// And one check of the stand-in's own: on completion the bytes must hash to the SHA-256 the
// object name claims (object-hash.ts); otherwise the upload is deleted and nothing stored.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import { Server, type Upload } from '@tus/server';
import type pg from 'pg';
import { asClaims, claimsOf } from './caller.ts';
import { HttpError } from './http.ts';
import type { Claims, JwtKeys } from './jwt.ts';
import { writeObjectRow } from './object-rows.ts';
import { assertClaim, sha256OfFile } from './object-hash.ts';
import { fromDb, storageError } from './storage-errors.ts';
import type { StorageLog } from './storage-log.ts';

export const TUS_PATH = '/storage/v1/upload/resumable';
const MAX_ID_LENGTH = 240; // the upload id is a file name in the store

/** What the tus server's hooks hand us: srvx's request, which keeps the Node one. */
interface HookRequest {
  runtime?: { node?: { req: IncomingMessage } };
}

interface UploadTarget {
  bucket: string;
  objectName: string;
  version: string;
}

function encodeId(target: UploadTarget): string {
  return Buffer.from(`${target.bucket}/${target.objectName}/${target.version}`, 'utf8').toString('base64url');
}

function decodeId(id: string): UploadTarget {
  const parts = Buffer.from(id, 'base64url').toString('utf8').split('/');
  if (parts.length < 3) throw storageError(400, 'InvalidUploadId', 'The upload id is not one this server issued');
  const bucket = parts[0]!;
  const version = parts.at(-1)!;
  return { bucket, objectName: parts.slice(1, -1).join('/'), version };
}

function validKey(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 1024 &&
    ![...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) &&
    !name.split('/').some((s) => s === '' || s === '.' || s === '..')
  );
}

/** An error as @tus/server renders it: status_code and a body (ours: Supabase's JSON). */
function tusError(error: unknown): { status_code: number; body: string } {
  const e = fromDb(error);
  return { status_code: e.status, body: JSON.stringify(e.body) };
}

const DRY_RUN = Symbol('dry run');

export class TusRoutes {
  private readonly tus: Server;
  private readonly store: FileStore;
  private readonly callers = new WeakMap<IncomingMessage, Claims>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly keys: JwtKeys,
    private readonly root: string,
    private readonly log: StorageLog,
  ) {
    this.store = new FileStore({ directory: join(root, 'tus') });
    this.tus = new Server({
      path: TUS_PATH,
      datastore: this.store,
      disableTerminationForFinishedUploads: true,
      allowedHeaders: ['Authorization', 'X-Upsert', 'Upload-Expires', 'ApiKey', 'x-signature'],
      namingFunction: (_req, metadata) => this.name(metadata),
      maxSize: (_req, id) => this.maxSize(id),
      onIncomingRequest: (req, id) => this.authorize(req as HookRequest, id),
      onUploadCreate: (_req, upload) => this.create(upload),
      onUploadFinish: (req, upload) => this.finish(req as HookRequest, upload),
      onResponseError: (_req, error) => (error instanceof HttpError ? tusError(error) : undefined),
    });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET') throw storageError(404, 'not_found', 'Resumable uploads are not downloadable; use /object');
    if (req.method !== 'OPTIONS') this.callers.set(req, await this.caller(req));
    this.record(req, res);
    if (req.method === 'HEAD' && (await this.answerFinished(req, res))) return;
    await this.tus.handle(req, res);
  }

  /**
   * HEAD of an upload that completed: its bytes became the object, so the store keeps its entry
   * but no file; answer the full offset (as Supabase does), so a client that missed the last 204
   * finishes. (A refused completion removes both.)
   */
  private async answerFinished(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const id = new URL(req.url ?? '/', 'http://x').pathname.split('/').at(-1) ?? '';
    if (!/^[A-Za-z0-9_-]+$/.test(id)) return false;
    const info = await this.store.configstore.get(id).catch(() => undefined);
    if (!info || info.size === undefined) return false;
    if (
      await stat(join(this.store.directory, id)).then(
        () => true,
        () => false,
      )
    )
      return false;
    res.writeHead(200, {
      'Tus-Resumable': '1.0.0',
      'Upload-Offset': String(info.size),
      'Upload-Length': String(info.size),
      'Cache-Control': 'no-store',
      'Access-Control-Expose-Headers': 'Upload-Offset, Upload-Length, Tus-Resumable, Location, Upload-Metadata',
    });
    res.end();
    return true;
  }

  private async caller(req: IncomingMessage): Promise<Claims> {
    try {
      return await claimsOf(req, this.keys);
    } catch (error) {
      throw storageError(401, 'Unauthorized', (error as Error).message);
    }
  }

  private record(req: IncomingMessage, res: ServerResponse): void {
    const number = (v: unknown) => (v === undefined || v === null || v === '' ? null : Number(v));
    res.on('close', () => {
      const last = new URL(req.url ?? '/', 'http://x').pathname.split('/').at(-1) ?? '';
      let target: UploadTarget | null;
      const location = res.getHeader('location');
      const id = last === 'resumable' && typeof location === 'string' ? (location.split('/').at(-1) ?? '') : last;
      try {
        target = id && id !== 'resumable' ? decodeId(id) : null;
      } catch {
        target = null;
      }
      this.log.record({
        method: req.method ?? '',
        bucket: target?.bucket ?? null,
        objectName: target?.objectName ?? null,
        uploadOffset: number(req.headers['upload-offset']),
        responseOffset: number(res.getHeader('upload-offset')),
        status: res.statusCode,
        answered: res.writableFinished,
      });
    });
  }

  private name(metadata: Record<string, string | null> | undefined): string {
    const bucket = metadata?.bucketName ?? '';
    const objectName = metadata?.objectName ?? '';
    if (!bucket) throw tusError(storageError(400, 'InvalidBucketName', 'Upload-Metadata needs bucketName'));
    if (!validKey(objectName)) throw tusError(storageError(400, 'InvalidKey', `Invalid key: ${objectName}`));
    const id = encodeId({ bucket, objectName, version: randomUUID() });
    if (id.length > MAX_ID_LENGTH) {
      throw tusError(storageError(400, 'InvalidKey', 'The object name is too long for a resumable upload'));
    }
    return id;
  }

  private async bucket(id: string): Promise<{ file_size_limit: string | null; allowed_mime_types: string[] | null }> {
    const r = await this.pool.query<{ file_size_limit: string | null; allowed_mime_types: string[] | null }>(
      `select file_size_limit, allowed_mime_types from storage.buckets where id = $1`,
      [id],
    );
    if (!r.rows[0]) throw tusError(storageError(404, 'Bucket not found', 'Bucket not found'));
    return r.rows[0];
  }

  private async maxSize(id: string | null): Promise<number> {
    if (!id) return 0;
    const limit = (await this.bucket(decodeId(id).bucket)).file_size_limit;
    return limit === null ? 0 : Number(limit);
  }

  private claimsFor(req: HookRequest): { node: IncomingMessage; claims: Claims } {
    const node = req.runtime?.node?.req;
    const claims = node ? this.callers.get(node) : undefined;
    if (!node || !claims) throw tusError(storageError(401, 'Unauthorized', 'No caller for this request'));
    return { node, claims };
  }

  /** POST, PATCH, DELETE: may this caller upload this object (as Supabase's canUpload)? HEAD: a valid JWT is enough. */
  private async authorize(req: HookRequest, id: string): Promise<void> {
    const { node, claims } = this.claimsFor(req);
    if (node.method === 'HEAD') return;
    let target: UploadTarget;
    try {
      target = decodeId(id);
    } catch (error) {
      throw tusError(error);
    }
    const upsert = node.headers['x-upsert'] === 'true';
    try {
      await asClaims(this.pool, claims, async (client) => {
        await writeObjectRow(client, {
          bucketId: target.bucket,
          name: target.objectName,
          owner: claims.sub ?? null,
          metadata: { size: 0, mimetype: 'application/octet-stream', cacheControl: 'no-cache' },
          version: target.version,
          upsert,
        });
        throw DRY_RUN;
      });
    } catch (error) {
      if (error !== DRY_RUN) throw tusError(error);
    }
  }

  private async create(upload: Upload): Promise<{ metadata?: Upload['metadata'] }> {
    const { bucket: bucketId } = decodeId(upload.id);
    const bucket = await this.bucket(bucketId);
    const metadata = { ...upload.metadata };
    metadata.cacheControl = /^-?\d+$/.test(metadata.cacheControl ?? '') ? `max-age=${metadata.cacheControl}` : 'no-cache';
    const mime = (metadata.contentType ?? '').split(';')[0]!.trim();
    if (metadata.contentType && bucket.allowed_mime_types && !bucket.allowed_mime_types.includes(mime)) {
      throw tusError(storageError(415, 'invalid_mime_type', `mime type ${metadata.contentType} is not supported`));
    }
    return { metadata };
  }

  /** The last byte arrived: check the name's hash claim, then write the row as the caller and keep the bytes. */
  private async finish(req: HookRequest, upload: Upload): Promise<{ headers: Record<string, string> }> {
    const { node, claims } = this.claimsFor(req);
    const target = decodeId(upload.id);
    const file = join(this.store.directory, upload.id);
    try {
      assertClaim(target.bucket, target.objectName, await sha256OfFile(file));
      await asClaims(this.pool, claims, async (client) => {
        const objectId = await writeObjectRow(client, {
          bucketId: target.bucket,
          name: target.objectName,
          owner: claims.sub ?? null,
          metadata: {
            size: upload.size ?? upload.offset,
            mimetype: upload.metadata?.contentType || 'application/octet-stream',
            cacheControl: upload.metadata?.cacheControl ?? 'no-cache',
          },
          version: target.version,
          upsert: node.headers['x-upsert'] === 'true',
        });
        await rename(file, join(this.root, objectId));
      });
    } catch (error) {
      await unlink(file).catch(() => undefined);
      await this.store.configstore.delete(upload.id).catch(() => undefined);
      throw tusError(error);
    }
    return { headers: { 'Tus-Complete': '1' } };
  }
}
