import type { Migration } from '../migrate';

/**
 * Which files this computer keeps offline (pins, by file) and when each file here was last used
 * (the cache evicts unpinned files least recently used first). Local-only.
 */
export const m0026: Migration = {
  version: 26,
  name: 'file-cache',
  sql: /* sql */ `
    CREATE TABLE file_pins (
      sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
      pinned_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE blob_usage (
      sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
      last_used_at TEXT NOT NULL
    ) STRICT;
  `,
};
