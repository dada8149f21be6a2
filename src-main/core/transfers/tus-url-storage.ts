/**
 * tus-js-client's UrlStorage interface over the replica's tus_uploads table (migration 0025):
 * the URL of each upload the server created, kept in the same durable database as everything
 * else, so a core killed mid-upload asks the server for its offset (HEAD) and goes on from there.
 */
import { randomUUID } from 'node:crypto';
import type { Upload } from 'tus-js-client';
import type { Db } from '../db/database';

/** The client's interfaces, which its typings do not export by name. */
export type UrlStorage = NonNullable<ConstructorParameters<typeof Upload>[1]['urlStorage']>;
type PreviousUpload = Awaited<ReturnType<UrlStorage['findAllUploads']>>[number];

const parse = (key: string, text: string): PreviousUpload | null => {
  try {
    const value = JSON.parse(text) as Partial<PreviousUpload>;
    if (typeof value.uploadUrl !== 'string' || !/^https?:\/\//.test(value.uploadUrl)) return null;
    return {
      size: typeof value.size === 'number' ? value.size : null,
      metadata: value.metadata && typeof value.metadata === 'object' ? value.metadata : {},
      creationTime: typeof value.creationTime === 'string' ? value.creationTime : '',
      uploadUrl: value.uploadUrl,
      parallelUploadUrls: null,
      urlStorageKey: key,
    };
  } catch {
    return null;
  }
};

export function replicaUrlStorage(db: Db): UrlStorage {
  const rows = (sql: string, ...params: unknown[]) =>
    (db.prepare(sql).all(...params) as { url_storage_key: string; upload: string }[]).flatMap((row) => {
      const upload = parse(row.url_storage_key, row.upload);
      return upload ? [upload] : [];
    });
  return {
    findAllUploads: () => Promise.resolve(rows('SELECT url_storage_key, upload FROM tus_uploads ORDER BY rowid')),
    findUploadsByFingerprint: (fingerprint) =>
      Promise.resolve(
        rows('SELECT url_storage_key, upload FROM tus_uploads WHERE fingerprint = ? ORDER BY rowid DESC', fingerprint),
      ),
    removeUpload: (key) => {
      db.prepare('DELETE FROM tus_uploads WHERE url_storage_key = ?').run(key);
      return Promise.resolve();
    },
    addUpload: (fingerprint, upload) => {
      const key = `tus::${fingerprint}::${randomUUID()}`;
      db.prepare('INSERT INTO tus_uploads (url_storage_key, fingerprint, upload) VALUES (?, ?, ?)').run(
        key,
        fingerprint,
        JSON.stringify({ ...upload, urlStorageKey: key }),
      );
      return Promise.resolve(key);
    },
  };
}

/** Forgets every stored upload URL of a file (its upload finished, or the file is gone). */
export function forgetUploads(db: Db, fingerprint: string): void {
  db.prepare('DELETE FROM tus_uploads WHERE fingerprint = ?').run(fingerprint);
}
