/**
 * The cache limit of this device (files neither pinned nor waiting to upload are evicted beyond
 * it), kept in the local-only settings table; an absent or unreadable value is the default.
 */
import { DEFAULT_CACHE_LIMIT_BYTES, MIN_CACHE_LIMIT_BYTES } from '../../../src-shared/domain/transfers';
import type { Db } from '../db/database';

const KEY = 'files.cacheLimitBytes';

export function createCacheSettings(db: Db) {
  const read = db.prepare('SELECT value FROM settings WHERE key = ?');
  const write = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  return {
    cacheLimitBytes(): number {
      const row = read.get(KEY) as { value: string } | undefined;
      let value = Number.NaN;
      try {
        value = row ? Number(JSON.parse(row.value)) : Number.NaN;
      } catch {
        // An unreadable value falls back to the default below.
      }
      return Number.isSafeInteger(value) && value >= MIN_CACHE_LIMIT_BYTES ? value : DEFAULT_CACHE_LIMIT_BYTES;
    },
    setCacheLimitBytes(bytes: number): void {
      write.run(KEY, JSON.stringify(bytes));
    },
  };
}
