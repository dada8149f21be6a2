/**
 * A tiny Supabase Storage for the transfer tests, until the stack's gateway serves tus (m/tus):
 * the resumable upload endpoint served by the real @tus/server over @tus/file-store, with
 * Storage's rules (bearer token, metadata bucketName/objectName, 409 for an existing object
 * unless x-upsert, the object's bytes must hash to the SHA-256 in its name), and the
 * authenticated object download honouring Range. It logs every PATCH's Upload-Offset, as the
 * stack's storage log does. Only the test processes use it.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { FileStore } from '@tus/file-store';
import { Server } from '@tus/server';

export const TUS_PATH = '/storage/v1/upload/resumable';
const OBJECT_PREFIX = '/storage/v1/object/authenticated/';
const NAME = /^evidence-files\/[0-9a-f-]{36}\/[0-9a-f]{64}$/;

export interface StorageLogEntry {
  method: string;
  path: string;
  uploadOffset: number | null;
  /** The Range header of a download, null when absent. */
  range: string | null;
}

export interface TinyStorage {
  url: string;
  log: StorageLogEntry[];
  /** The stored object's bytes path, or null. */
  objectPath(orgId: string, sha256: string): string | null;
  /** Called as each request arrives, before it is handled (a test may pull the plug right there). */
  onRequest: ((entry: StorageLogEntry) => void) | null;
  /** Client connections open now (a killed client's close when the server has read what it sent). */
  openConnections(): number;
  /** Replaces an object's bytes (a damaged object on the server). */
  corrupt(orgId: string, sha256: string, bytes: Buffer): void;
  close(): Promise<void>;
}

const hashFile = async (file: string) => {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
};

export async function startTinyStorage(options: { dir: string; token: string; port?: number }): Promise<TinyStorage> {
  const uploads = path.join(options.dir, 'tus');
  const objects = path.join(options.dir, 'objects');
  mkdirSync(uploads, { recursive: true });
  mkdirSync(objects, { recursive: true });
  const log: StorageLogEntry[] = [];
  const objectFile = (name: string) => path.join(objects, ...name.split('/'));

  const tus = new Server({
    path: TUS_PATH,
    datastore: new FileStore({ directory: uploads }),
    onIncomingRequest: (req) => {
      if (req.headers.get('authorization') !== `Bearer ${options.token}`) throw { status_code: 401, body: 'Invalid token' };
      return Promise.resolve();
    },
    onUploadCreate: (req, upload) => {
      const name = `${upload.metadata?.bucketName ?? ''}/${upload.metadata?.objectName ?? ''}`;
      if (!NAME.test(name)) throw { status_code: 400, body: 'Invalid object name' };
      if (existsSync(objectFile(name)) && req.headers.get('x-upsert') !== 'true')
        throw { status_code: 409, body: 'The resource already exists' };
      return Promise.resolve({ metadata: upload.metadata ?? {} });
    },
    onUploadFinish: async (_req, upload) => {
      const name = `${upload.metadata?.bucketName ?? ''}/${upload.metadata?.objectName ?? ''}`;
      const file = path.join(uploads, upload.id);
      if ((await hashFile(file)) !== name.split('/').at(-1)) {
        rmSync(file, { force: true });
        throw { status_code: 400, body: 'The bytes do not hash to the object name' };
      }
      mkdirSync(path.dirname(objectFile(name)), { recursive: true });
      renameSync(file, objectFile(name));
      return {};
    },
  });

  const serveObject = (req: IncomingMessage, res: ServerResponse, name: string) => {
    if (req.headers.authorization !== `Bearer ${options.token}`)
      return void res.writeHead(401).end('{"message":"Invalid token"}');
    if (!NAME.test(name) || !existsSync(objectFile(name))) return void res.writeHead(404).end('{"message":"Object not found"}');
    const size = statSync(objectFile(name)).size;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      if (start >= size) return void res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      res.writeHead(206, { 'content-length': size - start, 'content-range': `bytes ${start}-${size - 1}/${size}` });
      return void createReadStream(objectFile(name), { start }).pipe(res);
    }
    res.writeHead(200, { 'content-length': size, 'content-type': 'application/octet-stream' });
    createReadStream(objectFile(name)).pipe(res);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const entry: StorageLogEntry = {
      method: req.method ?? '',
      path: url.pathname,
      uploadOffset: req.headers['upload-offset'] === undefined ? null : Number(req.headers['upload-offset']),
      range: req.headers.range ?? null,
    };
    log.push(entry);
    tiny.onRequest?.(entry);
    if (url.pathname.startsWith(TUS_PATH)) return void tus.handle(req, res);
    if (req.method === 'GET' && url.pathname.startsWith(OBJECT_PREFIX))
      return serveObject(req, res, url.pathname.slice(OBJECT_PREFIX.length));
    res.writeHead(404).end();
  });
  let open = 0;
  server.on('connection', (socket) => {
    open += 1;
    socket.once('close', () => (open -= 1));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const tiny: TinyStorage = {
    onRequest: null,
    url: `http://127.0.0.1:${port}`,
    log,
    openConnections: () => open,
    objectPath: (orgId, sha256) => {
      const file = objectFile(`evidence-files/${orgId}/${sha256}`);
      return existsSync(file) ? file : null;
    },
    corrupt: (orgId, sha256, bytes) => {
      const file = objectFile(`evidence-files/${orgId}/${sha256}`);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, bytes);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return tiny;
}
