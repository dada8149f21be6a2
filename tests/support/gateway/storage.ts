// The object routes of Supabase Storage that the app uses, and its resumable uploads (tus.ts).
// Whether a call may happen is decided by Postgres: each one runs the matching insert / select /
// update / delete on storage.objects as the caller, under the object policies from
// supabase/migrations. File bytes live on disk under the object's id (never under a name a
// client chose). Downloads honour a single `Range` (206 / 416, as Supabase passes it to S3).
import { createReadStream } from 'node:fs';
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type pg from 'pg';
import { asClaims, claimsOf } from './caller.ts';
import { readBody, readJson, sendJson } from './http.ts';
import type { JwtKeys } from './jwt.ts';
import { assertClaim, sha256OfBytes } from './object-hash.ts';
import { writeObjectRow } from './object-rows.ts';
import { byteRange } from './range.ts';
import { fromDb, storageError } from './storage-errors.ts';
import type { StorageLog } from './storage-log.ts';
import { TusRoutes } from './tus.ts';

function objectPath(segments: string[]): string {
  const name = segments.map((s) => decodeURIComponent(s)).join('/');
  if (name.length === 0 || name.length > 1024 || name.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    throw storageError(400, 'InvalidKey', `Invalid key: ${name}`);
  }
  return name;
}

interface Bucket {
  id: string;
  file_size_limit: string | null;
  allowed_mime_types: string[] | null;
}

export class StorageRoutes {
  private readonly tus: TusRoutes;

  constructor(
    private readonly pool: pg.Pool,
    private readonly keys: JwtKeys,
    private readonly root: string,
    log: StorageLog,
  ) {
    this.tus = new TusRoutes(pool, keys, root, log);
  }

  private async bucket(id: string): Promise<Bucket> {
    const r = await this.pool.query<Bucket>(`select id, file_size_limit, allowed_mime_types from storage.buckets where id = $1`, [
      id,
    ]);
    if (!r.rows[0]) throw storageError(404, 'Bucket not found', 'Bucket not found');
    return r.rows[0];
  }

  async handle(req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> {
    const parts = path.split('/').filter((p) => p.length > 0);
    if (parts[0] === 'upload' && parts[1] === 'resumable' && parts.length <= 3) return await this.tus.handle(req, res);
    if (parts[0] !== 'object') throw storageError(404, 'not_found', `no storage route ${path}`);
    const rest = parts.slice(1);
    try {
      if (req.method === 'POST' && rest[0] === 'list' && rest.length === 2) return await this.list(req, res, rest[1]!);
      if (req.method === 'POST' && rest[0] === 'sign' && rest.length >= 3)
        return await this.sign(req, res, rest[1]!, objectPath(rest.slice(2)));
      if (req.method === 'GET' && rest[0] === 'sign' && rest.length >= 3)
        return await this.signedDownload(req, res, rest[1]!, objectPath(rest.slice(2)), url);
      if (req.method === 'GET' && rest[0] === 'authenticated' && rest.length >= 3)
        return await this.download(req, res, rest[1]!, objectPath(rest.slice(2)));
      if (req.method === 'DELETE' && rest.length === 1) return await this.remove(req, res, rest[0]!);
      if (rest.length >= 2) {
        const [bucket, ...name] = rest;
        if (req.method === 'GET') return await this.download(req, res, bucket!, objectPath(name));
        if (req.method === 'POST' || req.method === 'PUT') {
          const upsert = req.method === 'PUT' || req.headers['x-upsert'] === 'true';
          return await this.upload(req, res, bucket!, objectPath(name), upsert);
        }
      }
    } catch (error) {
      throw fromDb(error);
    }
    throw storageError(404, 'not_found', `no storage route ${req.method} ${path}`);
  }

  private async upload(req: IncomingMessage, res: ServerResponse, bucketId: string, name: string, upsert: boolean) {
    const claims = await claimsOf(req, this.keys);
    const bucket = await this.bucket(bucketId);
    const raw = await readBody(req);
    let bytes: Buffer = raw;
    let mimetype = String(req.headers['content-type'] ?? 'application/octet-stream');
    if (mimetype.startsWith('multipart/form-data')) {
      const form = await new Request('http://local/', {
        method: 'POST',
        headers: { 'content-type': mimetype },
        body: raw,
      }).formData();
      const file = [...form.values()].find((v) => typeof v !== 'string') as Blob | undefined;
      if (!file) throw storageError(400, 'InvalidRequest', 'no file in the form');
      bytes = Buffer.from(await file.arrayBuffer());
      mimetype = file.type || 'application/octet-stream';
    }
    if (bucket.file_size_limit !== null && bytes.length > Number(bucket.file_size_limit)) {
      throw storageError(413, 'Payload too large', 'The object exceeded the maximum allowed size');
    }
    if (bucket.allowed_mime_types && !bucket.allowed_mime_types.includes(mimetype.split(';')[0]!.trim())) {
      throw storageError(415, 'invalid_mime_type', `mime type ${mimetype} is not supported`);
    }
    const metadata = { size: bytes.length, mimetype, cacheControl: String(req.headers['cache-control'] ?? 'max-age=3600') };
    assertClaim(bucketId, name, sha256OfBytes(bytes));
    const id = await asClaims(this.pool, claims, async (client) => {
      const objectId = await writeObjectRow(client, { bucketId, name, owner: claims.sub ?? null, metadata, upsert });
      await mkdir(this.root, { recursive: true });
      const temp = join(this.root, `${objectId}.${process.pid}.${Date.now()}.tmp`);
      await writeFile(temp, bytes);
      await rename(temp, join(this.root, objectId));
      return objectId;
    });
    sendJson(res, 200, { Id: id, Key: `${bucketId}/${name}` });
  }

  private async download(req: IncomingMessage, res: ServerResponse, bucketId: string, name: string) {
    const claims = await claimsOf(req, this.keys);
    const row = await asClaims(this.pool, claims, async (client) => {
      const r = await client.query<{ id: string; metadata: { mimetype?: string; size?: number } | null }>(
        `select id, metadata from storage.objects where bucket_id = $1 and name = $2`,
        [bucketId, name],
      );
      return r.rows[0];
    });
    if (!row) throw storageError(404, 'not_found', 'Object not found');
    await this.stream(req, res, row.id, row.metadata);
  }

  /** The object's bytes, whole (200) or the one range asked for (206); 416 for a range past the end. */
  private async stream(
    req: IncomingMessage,
    res: ServerResponse,
    id: string,
    metadata: { mimetype?: string; size?: number } | null,
  ) {
    const file = join(this.root, id);
    const size = await stat(file).then(
      (s) => s.size,
      () => {
        throw storageError(404, 'not_found', 'Object not found');
      },
    );
    const headers = {
      'content-type': metadata?.mimetype ?? 'application/octet-stream',
      'accept-ranges': 'bytes',
      'cache-control': 'no-cache',
    };
    const range = byteRange(req.headers.range, size);
    if (range === 'unsatisfiable') {
      throw storageError(
        416,
        'InvalidRange',
        `The requested range is not satisfiable (the object has ${size} bytes)`,
      ).withHeaders({
        'content-range': `bytes */${size}`,
      });
    }
    const { start, end } = range ?? { start: 0, end: size - 1 };
    res.writeHead(range ? 206 : 200, {
      ...headers,
      'content-length': String(Math.max(0, end - start + 1)),
      ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (size === 0) return void res.end();
    const bytes = createReadStream(file, { start, end });
    bytes.on('error', () => res.destroy());
    bytes.pipe(res);
  }

  private async list(req: IncomingMessage, res: ServerResponse, bucketId: string) {
    const claims = await claimsOf(req, this.keys);
    const body = (await readJson(req)) as { prefix?: string; limit?: number; offset?: number; search?: string };
    const prefix = (body.prefix ?? '').replace(/^\/+|\/+$/g, '');
    const like = prefix === '' ? '' : `${prefix}/`;
    const rows = await asClaims(this.pool, claims, async (client) => {
      const r = await client.query<{
        name: string;
        id: string;
        created_at: Date;
        updated_at: Date;
        last_accessed_at: Date;
        metadata: unknown;
      }>(
        `select name, id, created_at, updated_at, last_accessed_at, metadata from storage.objects
         where bucket_id = $1 and left(name, length($2)) = $2 order by name`,
        [bucketId, like],
      );
      return r.rows;
    });
    const entries = new Map<string, Record<string, unknown>>();
    for (const row of rows) {
      const rest = row.name.slice(like.length);
      const slash = rest.indexOf('/');
      if (slash >= 0) {
        const folder = rest.slice(0, slash);
        if (!entries.has(folder))
          entries.set(folder, {
            name: folder,
            id: null,
            updated_at: null,
            created_at: null,
            last_accessed_at: null,
            metadata: null,
          });
      } else {
        entries.set(rest, { ...row, name: rest });
      }
    }
    const search = body.search ?? '';
    const list = [...entries.values()].filter((e) => String(e.name).includes(search));
    const offset = Math.max(0, body.offset ?? 0);
    sendJson(res, 200, list.slice(offset, offset + Math.max(1, body.limit ?? 100)));
  }

  private async remove(req: IncomingMessage, res: ServerResponse, bucketId: string) {
    const claims = await claimsOf(req, this.keys);
    const body = (await readJson(req)) as { prefixes?: unknown };
    const names = Array.isArray(body.prefixes) ? body.prefixes.filter((p): p is string => typeof p === 'string') : [];
    const removed = await asClaims(this.pool, claims, async (client) => {
      const r = await client.query<{ id: string; name: string; bucket_id: string }>(
        `delete from storage.objects where bucket_id = $1 and name = any ($2) returning id, name, bucket_id`,
        [bucketId, names],
      );
      return r.rows;
    });
    for (const row of removed) await unlink(join(this.root, row.id)).catch(() => undefined);
    sendJson(res, 200, removed);
  }

  private async sign(req: IncomingMessage, res: ServerResponse, bucketId: string, name: string) {
    const claims = await claimsOf(req, this.keys);
    const body = (await readJson(req)) as { expiresIn?: number };
    const expiresIn = Math.min(Math.max(1, Number(body.expiresIn) || 60), 7 * 24 * 3600);
    const visible = await asClaims(
      this.pool,
      claims,
      async (client) =>
        (await client.query(`select 1 from storage.objects where bucket_id = $1 and name = $2`, [bucketId, name])).rows.length ===
        1,
    );
    if (!visible) throw storageError(404, 'not_found', 'Object not found');
    const token = await this.keys.sign({ role: 'anon', url: `${bucketId}/${name}` } as never, expiresIn);
    sendJson(res, 200, {
      signedURL: `/object/sign/${bucketId}/${name.split('/').map(encodeURIComponent).join('/')}?token=${token}`,
    });
  }

  private async signedDownload(req: IncomingMessage, res: ServerResponse, bucketId: string, name: string, url: URL) {
    let claims: Record<string, unknown>;
    try {
      claims = (await this.keys.verify(url.searchParams.get('token') ?? '')) as Record<string, unknown>;
    } catch {
      throw storageError(400, 'InvalidJWT', 'invalid or expired signature');
    }
    if (claims.url !== `${bucketId}/${name}`) throw storageError(400, 'InvalidSignature', 'the signature is for another object');
    const r = await this.pool.query<{ id: string; metadata: { mimetype?: string; size?: number } | null }>(
      `select id, metadata from storage.objects where bucket_id = $1 and name = $2`,
      [bucketId, name],
    );
    if (!r.rows[0]) throw storageError(404, 'not_found', 'Object not found');
    await this.stream(req, res, r.rows[0].id, r.rows[0].metadata);
  }
}
