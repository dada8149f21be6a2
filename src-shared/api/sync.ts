/**
 * The sync namespace: what the status bar, the sync panel and the policy merge view read and do.
 * The engine runs in the core whether or not a window is open; these calls only look at it and
 * nudge it. Nothing here carries a token or a server row as the server sent it.
 */
import { z } from 'zod';
import { method } from './define';

/**
 * Where sync stands for the open workspace:
 *   local-only  the local workspace (nothing syncs)
 *   idle        online, nothing waiting, last sync fine
 *   syncing     pushing or pulling now (progress set on a first sync)
 *   offline     the project does not answer; changes are kept
 *   paused      the server wants a newer app (update_required) or the device was revoked;
 *               local work goes on
 *   signed-out  the session ended; sign in to sync again
 *   error       the last round failed for a reason that is not "offline" (message says it)
 */
export const SyncState = z.enum(['local-only', 'idle', 'syncing', 'offline', 'paused', 'signed-out', 'error']);
export type SyncState = z.infer<typeof SyncState>;

export const SyncPausedReason = z.enum(['update_required', 'device_revoked', 'mfa_required']);
export type SyncPausedReason = z.infer<typeof SyncPausedReason>;

export const SyncProgress = z.object({
  /** What is running: the first download of an organization's history, or a catch-up. */
  phase: z.enum(['first-sync', 'pull', 'push']),
  done: z.int().nonnegative(),
  /** Null while the total is not known yet. */
  total: z.int().nonnegative().nullable(),
  /** Seconds left, estimated from the rate so far; null until there is a rate. */
  etaSeconds: z.number().nonnegative().nullable(),
});
export type SyncProgress = z.infer<typeof SyncProgress>;

export const SyncStatus = z.object({
  state: SyncState,
  /** Changes made here that the server has not answered yet. */
  pending: z.int().nonnegative(),
  /** Changes the server refused for good: they need a person (discard or export). */
  attention: z.int().nonnegative(),
  /** Waiting changes that have been failing for over 10 minutes. */
  stalled: z.int().nonnegative(),
  /** Open policy text conflicts (overlapping edits) waiting to be resolved. */
  conflicts: z.int().nonnegative(),
  /** When the last full round (push then pull) ended well, ISO time. */
  lastSyncedAt: z.string().nullable(),
  progress: SyncProgress.nullable(),
  /** Why the state is paused, offline or error, in words; null otherwise. */
  message: z.string().nullable(),
  /**
   * Why sync is paused, as a code the UI can branch on (the message is for people and may be
   * reworded): the server wants a newer app, this computer was revoked, or a second factor is
   * needed. Null when not paused, or paused for another reason (the message says it).
   */
  pausedReason: SyncPausedReason.nullable(),
  /**
   * Paused as update_required because the organization requires a newer app: the version it
   * requires and the one running here (from the server's answer). Null otherwise.
   */
  requiredVersion: z.object({ minimum: z.string().max(64), current: z.string().max(64) }).nullable(),
  /** Live changes from the server (Realtime) are on; otherwise the engine polls. */
  live: z.boolean(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/** A status with nothing under way: no conflicts, no progress, no message, not live. */
export const quietSyncStatus = (state: SyncState, pending = 0): SyncStatus => ({
  state,
  pending,
  attention: 0,
  stalled: 0,
  conflicts: 0,
  lastSyncedAt: null,
  progress: null,
  message: null,
  pausedReason: null,
  requiredVersion: null,
  live: false,
});

/**
 * One waiting or refused change, as the sync panel lists it:
 *   waiting   not sent yet, or sent and not answered
 *   retrying  the last attempt failed for a reason that may pass (offline, 5xx, a parent not there yet)
 *   stalled   retrying for over 10 minutes
 *   rejected  the server refused it for good (reason); it no longer blocks anything
 */
export const OutboxItem = z.object({
  mutationId: z.string(),
  table: z.string(),
  recordId: z.string(),
  /** The record's title or name as the replica has it, or a short description of the record. */
  recordLabel: z.string(),
  op: z.enum(['insert', 'update', 'delete']),
  fields: z.array(z.string()),
  /** When the change was made here. */
  since: z.string(),
  attempts: z.int().nonnegative(),
  state: z.enum(['waiting', 'retrying', 'stalled', 'rejected']),
  /** The server's reason code for a refusal (forbidden, invalid, …), null otherwise. */
  reason: z.string().nullable(),
  /** The last error in words, null if none. */
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
});
export type OutboxItem = z.infer<typeof OutboxItem>;

export const OutboxListInput = z.object({
  /** all; rejected (refused for good); attention (refused for good, or stalled: what a person must decide). */
  state: z.enum(['all', 'rejected', 'attention']).default('all'),
  offset: z.int().nonnegative().default(0),
  limit: z.int().positive().max(500).default(100),
});
export const OutboxList = z.object({ items: z.array(OutboxItem), total: z.int().nonnegative() });

const MutationId = z.object({ mutationId: z.uuid() });

export const ExportRejectedInput = z.object({
  /** The refused or stalled changes to write to the file; all of them when omitted. */
  mutationIds: z.array(z.uuid()).max(10_000).optional(),
});
/** The file the changes were written to (a JSON file in the user's Documents folder). */
export const ExportedFile = z.object({ path: z.string(), count: z.int().nonnegative() });

/** A policy text edited on two sides in the same lines: both texts kept until a person resolves it. */
export const PolicyConflict = z.object({
  id: z.string(),
  policyId: z.string(),
  policyTitle: z.string(),
  /** The text both sides started from. */
  base: z.string(),
  /** The server's text at the time (the other person's edit). */
  theirs: z.string(),
  /** The text this side (or whoever pushed second) sent. */
  ours: z.string(),
  createdAt: z.string(),
  /** Who made the edit that conflicted, as a member id (the UI shows the name). */
  createdBy: z.string().nullable(),
});
export type PolicyConflict = z.infer<typeof PolicyConflict>;

export const ConflictsInput = z.object({ policyId: z.uuid().optional() });
export const ResolveConflictInput = z.object({
  conflictId: z.uuid(),
  /** The text the person chose in the merge view: saved as a new revision of the policy. */
  body: z.string().max(1_000_000),
});

/**
 * A value written here that a later writer on another device overwrote (push answered
 * `overridden`), for the record's history: which field, what each side wrote, and who won.
 */
export const SyncOverride = z.object({
  field: z.string(),
  /** What the other writer had written (as the server keeps it), null if the server did not say. */
  lostValue: z.unknown(),
  /** What this device wrote, and the server kept. */
  wonValue: z.unknown(),
  /** Who wrote the value that lost, as a member id, or null when unknown. */
  previousBy: z.string().nullable(),
  at: z.string(),
});
export type SyncOverride = z.infer<typeof SyncOverride>;

export const OverridesInput = z.object({ table: z.string().max(64), recordId: z.uuid() });

export const SyncPreferences = z.object({
  /** Closing the last window keeps the app running in the tray / menu bar while changes wait. */
  keepRunningInTray: z.boolean(),
});

export const syncApi = {
  status: method(z.object({}), SyncStatus),
  outbox: method(OutboxListInput, OutboxList),
  /** Sends waiting changes and pulls now, ignoring backoff. */
  retryNow: method(z.object({}), SyncStatus),
  /** Drops one refused or stalled change for good (the UI asks first); the discard is recorded in the trail. */
  discard: method(MutationId, z.object({ discarded: z.boolean() })),
  exportRejected: method(ExportRejectedInput, ExportedFile),
  conflicts: method(ConflictsInput, z.array(PolicyConflict)),
  resolveConflict: method(ResolveConflictInput, z.object({ policyId: z.string(), revisionId: z.string() })),
  /** The record's overwritten values (newest first), for its history beside the trail. */
  overrides: method(OverridesInput, z.array(SyncOverride)),
  preferences: method(z.object({}), SyncPreferences),
  setPreferences: method(SyncPreferences.partial(), SyncPreferences),
};
