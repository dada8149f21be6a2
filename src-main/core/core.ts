/**
 * The core service: keeps who is signed in (auth), opens the workspace in use (the local one,
 * or an organization's replica) and exposes one router over the API contract. Record calls go
 * to the open workspace's handlers, as the signed-in user (or the local user's name), after the
 * caller's role was checked. Plain Node: it never imports electron, so the same object runs in
 * the utility process, the browser host and tests.
 */
import { assertFieldworkTarget } from './audits/assignments';
import { rmSync } from 'node:fs';
import type { ApiHandlers, CallContext } from '../../src-shared/api';
import { permissionFor } from '../../src-shared/api/access';
import { LOCAL_ORG_ID } from '../../src-shared/domain/common';
import { can, PERMISSION_WORDS, type WorkspaceRole } from '../../src-shared/domain/permissions';
import { AppError, ErrorCode } from '../../src-shared/errors';
import { accountHandlers } from './account/account-handlers';
import { appHandlers } from './app/app-handlers';
import { createProfileStore } from './app/profile';
import { perDatabase } from './sync/per-database';
import type { MachineUpdateRequired } from './sync/engine';
import { appSettingsStore } from './auth/app-settings';
import { machinePolicyPath, readMachinePolicy } from './auth/machine-policy';
import { SessionService } from './auth/session-service';
import type { Db } from './db/database';
import type { CoreDeps } from './deps';
import type { EventSink } from './events';
import type { DesktopShell } from './files/desktop-shell';
import type { StagedFiles } from './files/staged-files';
import { createRouter, type Guard, type Logger, type Router } from './router/router';
import type { SecretStore } from './secrets/secret-store';
import { createVault, memoryBackend } from './secrets/vault';
import { orgWorkspaceRoot, type WorkspacePaths } from './workspace';
import { ActiveWorkspace } from './workspaces/active-workspace';
import type { RecordHandlers } from './workspaces/open-workspace';
import { readOrgUpdatePolicy } from './fleet/org-update-policy';
import { updatesHandlers } from './updates/update-handlers';
import { updateSettingsStore } from './updates/update-settings';
import type { UpdaterShell } from './updates/updater-protocol';
import { createUpdatesService, type UpdatesService } from './updates/updates-service';

export interface CoreOptions {
  dataDir: string;
  appVersion?: string;
  log?: Logger;
  now?: () => string;
  /** Where the session is kept: the host's store (Electron: safeStorage in main). Default: memory. */
  secrets?: SecretStore;
  /** The host's command line and environment: IT's presets of the project (flags, env, policy file). */
  argv?: readonly string[];
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  /** Waits between reachability probes while offline (tests shorten them). */
  probeBackoffMs?: { first: number; max: number };
  /** How often a signed-in session is checked with the server (default a minute). */
  heartbeatMs?: number;
  /** The desktop shell's file dialogs, when the host has them (Electron's utility process). */
  desktop?: DesktopShell;
  /** Background sync's poll waits while Realtime is not live, first and longest (tests shorten them). */
  syncPollMs?: { first: number; max: number };
  /** Changes per pull page (default 1000; tests make pages small to stop between them). */
  syncPageSize?: number;
  /** The desktop shell's updater (Electron's main process); absent in the browser host. */
  updater?: UpdaterShell;
}

export interface Core {
  router: Router;
  /** The open workspace's replica, folders and deps (they change when another workspace opens). */
  readonly db: Db;
  readonly paths: WorkspacePaths;
  readonly deps: CoreDeps;
  /** The open workspace's staged files: the browser host's upload endpoint and tests stage through it. */
  readonly staged: StagedFiles;
  session: SessionService;
  /** Update policy and state; main's updater reports go to `updates.onReport`. */
  updates: UpdatesService;
  /** Settles when the stored session was loaded and the server asked (or found unreachable). */
  ready: Promise<void>;
  /** Subscribes to core events; returns the unsubscribe function. */
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
  close(): void;
}

const profileStoreOf = perDatabase((db: Db) => createProfileStore(db));

const consoleLogger: Logger = { error: (message, detail) => console.error(`[core] ${message}`, detail ?? '') };

export function createCore(options: CoreOptions): Core {
  const log = options.log ?? consoleLogger;
  const env = options.env ?? {};
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const emit: EventSink = (name, payload) => {
    for (const listener of listeners) listener(name, payload);
  };
  const secrets = options.secrets ?? createVault(memoryBackend());
  const settings = appSettingsStore(options.dataDir, (message) => log.error(message));
  const policy = readMachinePolicy(machinePolicyPath(env));
  let announce = () => undefined as void;
  const sessionListeners = new Set<() => void>();
  const session = new SessionService({
    secrets,
    settings,
    presets: { policy: policy.policy, env, argv: options.argv ?? [] },
    presetProblem: policy.problem,
    fetch: options.fetch,
    probeBackoffMs: options.probeBackoffMs,
    heartbeatMs: options.heartbeatMs,
    log: (message, detail) => log.error(message, detail),
    onChange: () => {
      announce();
      for (const listener of sessionListeners) listener();
    },
  });

  // The organization opened last opens again, offline too, under the user who worked in it.
  const saved = settings.read();
  const reopen =
    session.project && saved.activeOrgId && saved.lastUser && saved.memberships.some((m) => m.orgId === saved.activeOrgId)
      ? saved.activeOrgId
      : LOCAL_ORG_ID;
  // Background sync of the open organization workspace (src-main/core/sync/engine.ts).
  let purgeOrg: (orgId: string, message: string, exportedPath: string | null) => void = () => undefined;
  // Set once the updates service exists (below): the machine policy's minimum version pauses sync.
  let machineUpdateRequired: () => MachineUpdateRequired | null = () => null;
  const sync: CoreDeps['sync'] = {
    rpc: (name, args) => session.rpc(name, args),
    secrets,
    session: () => ({
      userId: session.currentUser()?.id ?? null,
      state: session.sessionState(),
      online: session.isOnline(),
    }),
    onSessionChange(listener) {
      sessionListeners.add(listener);
      return () => void sessionListeners.delete(listener);
    },
    purge: (orgId, message, exportedPath) => purgeOrg(orgId, message, exportedPath),
    // The session asks for the code (state 'mfa-required'); sync resumes once it is verified.
    secondFactorRequired: () => session.secondFactorRequired(),
    realtimeClient: () => session.realtimeClient(),
    pollMs: options.syncPollMs,
    pageSize: options.syncPageSize,
    updateRequired: () => machineUpdateRequired(),
    preferences: {
      read: () => ({ keepRunningInTray: settings.read().keepRunningInTray }),
      write: (next) => void settings.update({ keepRunningInTray: next.keepRunningInTray }),
    },
  };
  const workspace = new ActiveWorkspace(
    {
      dataDir: options.dataDir,
      appVersion: options.appVersion ?? '0.0.0-dev',
      now: options.now ?? (() => new Date().toISOString()),
      log,
      emit,
      changed: (table, ids) => emit('data.changed', { table, ids }),
      desktop: options.desktop,
      sync,
      // Signed edge-function calls of an organization workspace (deps.functions, open-workspace.ts).
      functionAccess: () => session.functionAccess(),
      membership: (orgId) => settings.read().memberships.find((m) => m.orgId === orgId) ?? null,
    },
    reopen,
  );
  // The server says the user is no member any more: their unsent changes were written to a
  // file first (the engine did); this computer's copy goes and the local workspace opens.
  purgeOrg = (orgId, message, exportedPath) =>
    setImmediate(() => {
      log.error(`organization ${orgId} removed from this computer: ${message}`, exportedPath ? { exportedPath } : undefined);
      if (workspace.orgId === orgId && workspace.switchTo(LOCAL_ORG_ID)) emit('workspace.changed', { orgId: LOCAL_ORG_ID });
      const current = settings.read();
      settings.update({
        activeOrgId: current.activeOrgId === orgId ? null : current.activeOrgId,
        memberships: current.memberships.filter((m) => m.orgId !== orgId),
        // Kept in the settings file: the window reloads for the local workspace (and the app may
        // quit) before the user has read it.
        purgeNotice: {
          orgId,
          orgName: current.memberships.find((m) => m.orgId === orgId)?.orgName ?? null,
          message,
          exportedPath,
          at: (options.now ?? (() => new Date().toISOString()))(),
        },
      });
      rmSync(orgWorkspaceRoot(options.dataDir, orgId), { recursive: true, force: true });
      announce();
    });

  const roleHere = (): WorkspaceRole => {
    if (workspace.isLocal) return 'local';
    return settings.read().memberships.find((m) => m.orgId === workspace.orgId)?.role ?? 'viewer';
  };
  // Prepared once per open replica, not on every call (actorFor runs for each record call).
  const profile = () => profileStoreOf(workspace.get().deps.db, 'profile');
  /** Who a call is recorded as: the signed-in user in an organization, the local user's name locally. */
  const actorFor = (ctx: CallContext): string => {
    if (workspace.isLocal) return profile().actorFor(ctx.actor);
    const user = session.currentUser();
    if (!user) throw new AppError(ErrorCode.Unauthenticated, 'Sign in to work in this organization.');
    return user.id;
  };

  // Updates: machine policy > the open organization's policy (kept from its last sync) > the user.
  const updates = createUpdatesService({
    appVersion: options.appVersion ?? '0.0.0-dev',
    settings: updateSettingsStore(options.dataDir, (message) => log.error(message)),
    machine: policy.policy?.updates ?? null,
    machineProblem: policy.problem,
    readOrg: () => (workspace.isLocal ? null : readOrgUpdatePolicy(workspace.get().deps.db)),
    shell: options.updater ?? null,
    emit: (status) => emit('updates.state', status),
  });
  machineUpdateRequired = () => {
    const status = updates.status();
    const minimum = status.policy.find((entry) => entry.key === 'minimumVersion');
    if (!status.mustUpdate || minimum?.source !== 'machine' || !status.mustUpdateMessage) return null;
    return { message: status.mustUpdateMessage, minimum: typeof minimum.value === 'string' ? minimum.value : null };
  };
  listeners.add((name) => {
    if (name !== 'fleet.policyChanged' && name !== 'workspace.changed') return;
    setImmediate(() => {
      try {
        updates.policyChanged();
      } catch (error) {
        log.error('update policy could not be re-read', error);
      }
    });
  });

  const account = accountHandlers({ session, settings, secrets, workspace, emit, log, roleHere, dataDir: options.dataDir });
  announce = () =>
    void Promise.resolve(account.status({}, { actor: 'local' })).then(
      (status) => emit('account.state', status),
      (error: unknown) => log.error('account status failed', error),
    );

  const handlers = {
    app: appHandlers({ workspace, session, settings, roleHere, profile }),
    account,
    updates: updatesHandlers(updates),
    ...delegateToWorkspace(() => workspace.get().handlers, actorFor),
  } as ApiHandlers;

  const guard = callGuard({ role: roleHere, userId: () => session.currentUser()?.id, db: () => workspace.get().deps.db });

  const ready = session.start().catch((error: unknown) => log.error('session start failed', error));

  return {
    router: createRouter(handlers, log, guard),
    get db() {
      return workspace.get().deps.db;
    },
    get paths() {
      return workspace.get().deps.paths;
    },
    get deps() {
      return workspace.get().deps;
    },
    get staged() {
      return workspace.get().staged;
    },
    session,
    updates,
    ready,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      session.close();
      workspace.close();
    },
  };
}

/**
 * What the router asks before any handler runs: the caller's role must allow the call (words
 * otherwise), and an auditor's fieldwork names only audits assigned to them (anything else
 * answers as a missing record, thrown: assignments.ts assertFieldworkTarget).
 */
export function callGuard(here: { role: () => WorkspaceRole; userId: () => string | undefined; db: () => Db }): Guard {
  return (ns, method, input) => {
    const permission = permissionFor(ns, method, input);
    const role = here.role();
    if (!can(role, permission)) {
      return `As ${role.replace('_', ' ')} in this organization you cannot ${PERMISSION_WORDS[permission]}.`;
    }
    const userId = here.userId();
    if (role === 'auditor' && permission === 'audits.fieldwork' && userId) {
      assertFieldworkTarget(here.db(), userId, ns, method, input);
    }
    return null;
  };
}

/**
 * Every record namespace of the API, answered by whichever workspace is open at the time of the
 * call, with the caller's actor resolved once here.
 */
function delegateToWorkspace(current: () => RecordHandlers, actorFor: (ctx: CallContext) => string): RecordHandlers {
  type Handler = (input: unknown, ctx: CallContext) => unknown;
  const shape = current() as unknown as Record<string, Record<string, Handler>>;
  return Object.fromEntries(
    Object.entries(shape).map(([ns, methods]) => [
      ns,
      Object.fromEntries(
        Object.keys(methods).map((name) => [
          name,
          (input: unknown, ctx: CallContext) =>
            (current() as unknown as Record<string, Record<string, Handler>>)[ns][name](input, { ...ctx, actor: actorFor(ctx) }),
        ]),
      ),
    ]),
  ) as unknown as RecordHandlers;
}
