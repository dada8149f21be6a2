import type { Migration } from '../migrate';

/**
 * "Sent, no answer" kept in the replica (issue 8): a discard after a crash must not succeed
 * while the server may have the change. Push sets sent_at on a batch's entries before the
 * request leaves and clears it in the transaction that takes their answers; an entry with
 * sent_at is "in doubt" (sync/in-flight.ts) and cannot be discarded until an answer is taken.
 * Local bookkeeping only: the outbox does not sync. Registered after 0028 (dashboard-indexes).
 */
export const m0029: Migration = {
  version: 29,
  name: 'outbox-sent-at',
  sql: /* sql */ `
    ALTER TABLE outbox ADD COLUMN sent_at TEXT;
  `,
};
