/**
 * The database namespace: the replica's health as Settings shows it. The integrity check reads
 * the whole file, so it runs in the background (after an unclean shutdown, when one is due, or
 * when asked) instead of on the start path; checkpoints run off the commit path.
 */
import { z } from 'zod';
import { method } from './define';

export const IntegrityState = z.enum(['not_checked', 'scheduled', 'checking', 'ok', 'damaged']);
export type IntegrityState = z.infer<typeof IntegrityState>;

/** Why the current or next check runs. */
export const IntegrityReason = z.enum(['unclean_shutdown', 'due', 'requested']);
export type IntegrityReason = z.infer<typeof IntegrityReason>;

export const DatabaseHealth = z.object({
  integrity: z.object({
    state: IntegrityState,
    reason: IntegrityReason.nullable(),
    /** When the last finished check ended (ISO time), null if none has. */
    checkedAt: z.string().nullable(),
    /** What the last finished check found: 'ok', or SQLite's first findings in a damaged file. */
    message: z.string().nullable(),
  }),
  /** The previous session of this workspace ended without closing the database. */
  uncleanShutdown: z.boolean(),
  checkpoints: z.object({
    /** Bytes in the write-ahead log file now. */
    walBytes: z.int().nonnegative(),
    lastAt: z.string().nullable(),
    /** Frames in the log and frames copied into the database by the last checkpoint. */
    lastLogFrames: z.int().nullable(),
    lastCheckpointedFrames: z.int().nullable(),
    count: z.int().nonnegative(),
  }),
});
export type DatabaseHealth = z.infer<typeof DatabaseHealth>;

export const databaseApi = {
  /** The integrity check's state and last result, and the checkpoints so far. */
  health: method(z.strictObject({}), DatabaseHealth),
  /** Starts an integrity check in the background now (unless one runs); answers the new state at once. */
  checkIntegrity: method(z.strictObject({}), DatabaseHealth),
};
