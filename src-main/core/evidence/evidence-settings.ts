/**
 * The evidence settings of this device (the file size limit), kept in the local-only
 * settings table; an absent or unreadable value falls back to the default.
 */
import {
  DEFAULT_MAX_FILE_BYTES,
  MAX_MAX_FILE_BYTES,
  MIN_MAX_FILE_BYTES,
  PREVIEW_MAX_BYTES,
  type EvidenceSettings,
} from '../../../src-shared/domain/evidence';
import type { Db } from '../db/database';

const KEY = 'evidence.maxFileBytes';

export function createEvidenceSettings(db: Db) {
  const read = db.prepare('SELECT value FROM settings WHERE key = ?');
  const write = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );

  const maxFileBytes = (): number => {
    const row = read.get(KEY) as { value: string } | undefined;
    const value = row ? Number(JSON.parse(row.value)) : NaN;
    return Number.isInteger(value) && value >= MIN_MAX_FILE_BYTES && value <= MAX_MAX_FILE_BYTES ? value : DEFAULT_MAX_FILE_BYTES;
  };

  const current = (): EvidenceSettings => ({
    maxFileBytes: maxFileBytes(),
    previewMaxBytes: PREVIEW_MAX_BYTES,
    minFileBytes: MIN_MAX_FILE_BYTES,
    maxAllowedFileBytes: MAX_MAX_FILE_BYTES,
  });

  return {
    maxFileBytes,
    current,
    update(maxFileBytesValue: number): EvidenceSettings {
      write.run(KEY, JSON.stringify(maxFileBytesValue));
      return current();
    },
  };
}
