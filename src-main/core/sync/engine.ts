/**
 * The sync engine of one open organization workspace: push the outbox, then pull, in the
 * background, while someone is signed in and the server answers. A round runs on start, after a
 * local write (debounced), on a Realtime nudge, on retryNow, and on a poll timer that backs off
 * while nothing changes and Realtime is not live. Never two rounds at once: a reason to run that
 * comes during a round runs one more round after it. Every change of the status is emitted as
 * `sync.state`.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { quietSyncStatus, SyncPausedReason, type SyncProgress, type SyncStatus } from '../../../src-shared/api/sync';
import type { SessionState } from '../../../src-shared/domain/account';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import { exportPendingChanges } from '../account/pending-changes';
import { ServerBusy } from '../auth/auth-errors';
import type { CoreDeps } from '../deps';
import { deviceSeenNotifier } from '../devices/device-seen';
import { ensureDevice, knownDeviceId } from '../devices/device-identity';
import { fleetSync } from '../fleet/fleet-sync';
import type { SecretStore } from '../secrets/secret-store';
import { heldCount, type ApplyReport } from './apply';
import { STALLED_AFTER_MS } from './backoff';
import { pullProgress } from './progress';
import { plainServerWords, updateRequiredWords, type RequiredVersion, type UpdateRequiredAnswer } from './pause-words';
import { pullAll } from './pull';
import { pushAll } from './push';
import { subscribeNudges, type NudgeSubscription } from './realtime/nudges';
import { trailSources } from './trail-sources';

/** What the engine needs from the core: the session (never a token), secrets, and the way out. */
export interface SyncHost {
  rpc(name: string, args: Record<string, unknown>): Promise<unknown>;
  secrets: SecretStore;
  session(): { userId: string | null; state: SessionState; online: boolean };
  /** Subscribes to session changes (sign-in, online, offline); returns the unsubscribe. */
  onSessionChange(listener: () => void): () => void;
  /** The server says the user is no member: unsent changes were exported (path or null); remove the copy. */
  purge(orgId: string, message: string, exportedPath: string | null): void;
  /** The server wants a second factor for this org: the session asks for the code. */
  secondFactorRequired(message: string): void;
  /** The signed-in client for Realtime nudges (sync polls without it). */
  realtimeClient?: () => SupabaseClient | null;
  /** How often to poll while Realtime is not live: first and longest wait (ms). */
  pollMs?: { first: number; max: number };
  /** Changes per pull page (default PULL_PAGE). */
  pageSize?: number;
  /** Debounce of a local write before a round (ms). */
  debounceMs?: number;
  /**
   * Words when this computer's own policy (set by IT) requires a newer app: sync pauses without
   * asking the server. The organization's minimum is the server's to enforce (update_required).
   */
  updateRequired?: () => MachineUpdateRequired | null;
}

/** This computer's policy requires a newer app: the words, and the version it names (for the banner). */
export interface MachineUpdateRequired {
  message: string;
  minimum: string | null;
}

export interface SyncEngine {
  start(): void;
  stop(): void;
  status(): SyncStatus;
  /** A local write happened: sync soon (debounced). */
  localWrite(): void;
  /** Runs a round now, ignoring backoff (retryNow); settles when it ended. */
  runNow(): Promise<SyncStatus>;
  /** The server has changes (Realtime): pull now. */
  nudge(): void;
  setLive(live: boolean): void;
  /** An edge function refused this device as revoked: sync pauses as a revoked push would. */
  deviceRevoked(): void;
  /**
   * Listens for rows the server acknowledged (a push batch sent something) and for the end of
   * each round (pulled rows applied): file transfers start uploads of rows now on the server.
   */
  onSynced(listener: () => void): () => void;
}

const DEFAULT_POLL = { first: 2000, max: 30_000 };

type Pause = { status: string; message: string; requiredVersion?: RequiredVersion | null } | null;

/** The pause codes the UI branches on; any other stop is only told in words. */
const pauseReason = (pause: Pause): SyncPausedReason | null => {
  const parsed = SyncPausedReason.safeParse(pause?.status);
  return parsed.success ? parsed.data : null;
};

export function createSyncEngine(deps: CoreDeps, host: SyncHost): SyncEngine {
  const { db, orgId } = deps;
  const poll = host.pollMs ?? DEFAULT_POLL;
  let started = false;
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let ignoreBackoff = false;
  let pollDelay = poll.first;
  let timer: NodeJS.Timeout | null = null;
  let debounce: NodeJS.Timeout | null = null;
  let live = false;
  let paused: Pause = null;
  let lastError: string | null = null;
  let offline = false;
  /** Epoch ms before which no round runs unasked: the server's Retry-After (429). */
  let notBefore = 0;
  let progress: SyncProgress | null = null;
  let lastSyncedAt: string | null = null;
  let serverProtocol: number | null = null;
  let lastEmitted = '';
  let unsubscribe: (() => void) | null = null;
  let nudges: NudgeSubscription | null = null;
  // Settings → Devices: when this computer was last seen (best effort, every few minutes).
  const noteSeen = deviceSeenNotifier((name, args) => host.rpc(name, args), deps.appVersion);
  // Settings → Fleet: the org's update policy kept, this device reported (before push: see fleet-sync.ts).
  const fleet = fleetSync(deps, (name, args) => host.rpc(name, args));

  /** Subscribes to Realtime once signed in; the server's nudges then pull right away. */
  const subscribe = () => {
    if (nudges || stopped || !host.realtimeClient) return;
    const client = host.realtimeClient();
    if (!client) return;
    nudges = subscribeNudges({
      client,
      orgId,
      onNudge: () => {
        if (stopped) return;
        pollDelay = poll.first;
        void round();
      },
      onLive: (next) => {
        if (stopped) return;
        live = next;
        announce();
        if (!live) schedule(poll.first);
      },
    });
  };

  const count = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;

  const status = (): SyncStatus => {
    if (!db.open) return quietSyncStatus('signed-out');
    const session = host.session();
    const stalledBefore = new Date(Date.parse(deps.now()) - STALLED_AFTER_MS).toISOString();
    const signedOut = !session.userId || session.state === 'signed-out' || session.state === 'expired';
    const state: SyncStatus['state'] = signedOut
      ? 'signed-out'
      : paused
        ? 'paused'
        : !session.online || offline || notBefore > Date.now()
          ? 'offline'
          : running
            ? 'syncing'
            : lastError
              ? 'error'
              : 'idle';
    const held = heldCount(db);
    return {
      state,
      pending: count(`SELECT count(*) AS n FROM outbox WHERE state <> 'rejected'`),
      attention: count(`SELECT count(*) AS n FROM outbox WHERE state = 'rejected'`),
      stalled: count(`SELECT count(*) AS n FROM outbox WHERE state = 'retrying' AND first_failed_at < ?`, stalledBefore),
      conflicts: count(`SELECT count(*) AS n FROM policy_conflicts WHERE resolved_at IS NULL AND deleted_at IS NULL`),
      lastSyncedAt,
      progress: state === 'syncing' ? progress : null,
      message:
        state === 'paused'
          ? (paused?.message ?? null)
          : state === 'error'
            ? lastError
            : state === 'offline'
              ? notBefore > Date.now()
                ? `The server asked the app to wait (too many requests); sync resumes by itself at ${new Date(notBefore).toLocaleTimeString()}.`
                : 'The server cannot be reached; changes are kept and sent when it answers.'
              : state === 'idle' && held > 0
                ? `${held} change${held === 1 ? '' : 's'} from the server ${held === 1 ? 'waits' : 'wait'} for a record not received yet.`
                : null,
      pausedReason: state === 'paused' ? pauseReason(paused) : null,
      requiredVersion: state === 'paused' ? (paused?.requiredVersion ?? null) : null,
      live,
    };
  };

  const announce = () => {
    if (stopped || !db.open) return;
    const next = status();
    const key = JSON.stringify(next);
    if (key === lastEmitted) return;
    lastEmitted = key;
    deps.emit('sync.state', next);
  };

  const canRun = () => {
    const session = host.session();
    return !stopped && !paused && session.online && session.state === 'signed-in' && !!session.userId;
  };

  const schedule = (delay: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void round();
    }, delay);
    timer.unref?.();
  };

  const syncedListeners = new Set<() => void>();
  const notifySynced = () => {
    for (const listener of syncedListeners) {
      try {
        listener();
      } catch (error) {
        deps.log.error('a listener of synced rows failed', error);
      }
    }
  };
  const emitChanged = (report: ApplyReport) => {
    for (const [table, ids] of report.changed) if (ids.size > 0) deps.changed(table, [...ids]);
  };

  /** `words`: what the status bar says, when this side knows better than the generic sentence. */
  const stopFor = (
    outcome: UpdateRequiredAnswer & { status: string; words?: string; requiredVersion?: RequiredVersion | null },
  ): void => {
    if (outcome.status === 'closed') return;
    if (outcome.status === 'purge') {
      let exported: string | null = null;
      if (count('SELECT count(*) AS n FROM outbox') > 0) {
        exported = exportPendingChanges(db, deps.dataDir, orgId, deps.now()).path;
      }
      stopped = true;
      host.purge(orgId, outcome.message, exported);
      return;
    }
    if (outcome.status === 'mfa_required') {
      paused = { status: outcome.status, message: outcome.message };
      host.secondFactorRequired(outcome.message);
      return;
    }
    // Below the org's minimum version the answer names it: the words say which (pause-words.ts).
    const tooOld = !outcome.words && outcome.status === 'update_required' ? updateRequiredWords(outcome, deps.appVersion) : null;
    const words = outcome.words
      ? outcome.words
      : tooOld
        ? tooOld.message
        : outcome.status === 'device_revoked'
          ? 'This computer was revoked for this organization. Ask an admin; your work here is kept.'
          : `Sync stopped: ${plainServerWords(outcome.message)}`;
    paused = {
      status: outcome.status,
      message: words,
      requiredVersion: outcome.requiredVersion ?? tooOld?.requiredVersion ?? null,
    };
    db.prepare(
      `INSERT INTO sync_state (org_id, paused_reason) VALUES (?, ?) ON CONFLICT (org_id) DO UPDATE SET paused_reason = excluded.paused_reason`,
    ).run(orgId, outcome.status);
  };

  async function syncOnce(): Promise<boolean> {
    const userId = host.session().userId!;
    if (serverProtocol === null) {
      const info = (await host.rpc('sync_info', {})) as { server_schema_version?: unknown } | null;
      serverProtocol = typeof info?.server_schema_version === 'number' ? info.server_schema_version : 1;
    }
    if (stopped) return false;
    const deviceId = knownDeviceId(db, orgId, userId) ?? (await ensureDevice(db, host, orgId, userId));
    if (stopped) return false;
    noteSeen(deviceId);
    await fleet.atRound(deviceId);
    if (stopped) return false;
    const tooOld = host.updateRequired?.() ?? null;
    if (tooOld) {
      stopFor({
        status: 'update_required',
        message: tooOld.message,
        words: tooOld.message,
        requiredVersion: tooOld.minimum ? { minimum: tooOld.minimum, current: deps.appVersion } : null,
      });
      return false;
    }
    let changed = false;
    // Push until nothing eligible is left (a batch answers at most PUSH_BATCH; pipelined).
    if (ignoreBackoff) db.prepare(`UPDATE outbox SET next_attempt_at = NULL WHERE state = 'retrying'`).run();
    ignoreBackoff = false;
    const pushed = await pushAll({ db, orgId, deviceId, rpc: host.rpc, now: deps.now, sources: trailSources }, (batch) => {
      if (stopped) return false;
      if (batch.sent > 0) changed = true;
      emitChanged(batch.report);
      if (batch.sent > 0) notifySynced();
      announce();
      return true;
    });
    if (stopped) return false;
    if (pushed.kind === 'stop') {
      stopFor(pushed);
      return false;
    }
    const pullStarted = Date.parse(deps.now());
    const pulled = await pullAll({
      db,
      orgId,
      deviceId,
      sendDevice: (serverProtocol ?? 1) >= 2,
      rpc: host.rpc,
      now: deps.now,
      pageSize: host.pageSize,
      onPage: (report, page) => {
        if (stopped) return false;
        if (report.applied > 0) changed = true;
        progress = pullProgress({
          phase: page.firstSync ? 'first-sync' : 'pull',
          done: page.done,
          doneBefore: page.doneBefore,
          total: page.total,
          startedAtMs: pullStarted,
          nowMs: Date.parse(deps.now()),
        });
        announce();
        emitChanged(report);
        return !stopped;
      },
    });
    if (pulled.kind === 'stop') {
      stopFor(pulled);
      return false;
    }
    lastSyncedAt = deps.now();
    notifySynced();
    db.prepare(
      `INSERT INTO sync_state (org_id, last_synced_at, last_error) VALUES (?, ?, NULL)
       ON CONFLICT (org_id) DO UPDATE SET last_synced_at = excluded.last_synced_at, last_error = NULL`,
    ).run(orgId, lastSyncedAt);
    return changed;
  }

  async function round(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    if (!canRun()) {
      announce();
      return;
    }
    if (!ignoreBackoff && notBefore > Date.now()) {
      // The server asked for a pause (Retry-After): nudges and edits wait for it too.
      schedule(notBefore - Date.now());
      announce();
      return;
    }
    subscribe();
    running = (async () => {
      do {
        again = false;
        announce();
        let changed = false;
        try {
          changed = await syncOnce();
          lastError = null;
          offline = false;
          notBefore = 0;
        } catch (error) {
          if (stopped || !db.open) return;
          if (error instanceof AppError && error.code === ErrorCode.Offline) {
            offline = true;
            if (error instanceof ServerBusy && error.retryAfterMs > 0) notBefore = Date.now() + error.retryAfterMs;
          } else if (error instanceof AppError && error.code === ErrorCode.Unauthenticated) {
            lastError = null;
          } else {
            lastError = error instanceof Error ? error.message : String(error);
            deps.log.error('sync round failed', error);
          }
        }
        progress = null;
        pollDelay = changed ? poll.first : Math.min(pollDelay * 2, poll.max);
      } while (again && canRun());
    })();
    try {
      await running;
    } finally {
      running = null;
      announce();
      const wait = Math.max(0, notBefore - Date.now());
      if (!stopped && !live) schedule(Math.max(wait, offline || lastError ? Math.max(pollDelay, poll.first) : pollDelay));
      else if (!stopped && wait > 0) schedule(wait);
      else if (!stopped) schedule(poll.max * 4);
    }
  }

  return {
    onSynced(listener) {
      syncedListeners.add(listener);
      return () => void syncedListeners.delete(listener);
    },
    start() {
      if (started) return;
      started = true;
      const saved = db.prepare('SELECT last_synced_at, paused_reason FROM sync_state WHERE org_id = ?').get(orgId) as
        { last_synced_at: string | null; paused_reason: string | null } | undefined;
      lastSyncedAt = saved?.last_synced_at ?? null;
      unsubscribe = host.onSessionChange(() => {
        if (stopped) return;
        offline = false;
        // The code asked for after an mfa_required answer was verified: sync goes on.
        if (paused?.status === 'mfa_required' && host.session().state === 'signed-in') paused = null;
        if (canRun()) void round();
        else announce();
      });
      void round();
    },
    stop() {
      stopped = true;
      unsubscribe?.();
      void nudges?.close().catch(() => undefined);
      nudges = null;
      if (timer) clearTimeout(timer);
      if (debounce) clearTimeout(debounce);
    },
    status,
    localWrite() {
      if (stopped || !started) return;
      announce();
      if (debounce) clearTimeout(debounce);
      debounce = setTimeout(() => {
        debounce = null;
        pollDelay = poll.first;
        void round();
      }, host.debounceMs ?? 150);
      debounce.unref?.();
    },
    async runNow() {
      if (!started) return status();
      // An mfa_required pause ends once the code is verified (the session signed in again), not before.
      if (paused?.status === 'mfa_required' && host.session().state === 'signed-in') paused = null;
      ignoreBackoff = true;
      offline = false;
      pollDelay = poll.first;
      await round();
      if (running) await running;
      return status();
    },
    nudge() {
      pollDelay = poll.first;
      void round();
    },
    setLive(next) {
      live = next;
      announce();
      if (!live) schedule(poll.first);
    },
    deviceRevoked() {
      if (stopped) return;
      stopFor({ status: 'device_revoked', message: 'this device is revoked' });
      announce();
    },
  };
}
