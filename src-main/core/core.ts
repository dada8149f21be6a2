/**
 * The core service: opens the workspace's replica, builds every feature's handlers into the
 * map that implements the API contract, and exposes one router. Plain Node: it never imports
 * electron, so the same object runs in the utility process, the browser host and tests.
 */
import type { ApiHandlers, CallContext } from '../../src-shared/api';
import { LOCAL_ORG_ID } from '../../src-shared/domain/common';
import { appHandlers } from './app/app-handlers';
import { createProfileStore, type ProfileStore } from './app/profile';
import { trailHandlers } from './audit-trail/trail-handlers';
import { auditsHandlers } from './audits/audits-handlers';
import { findingsHandlers } from './audits/findings-handlers';
import { dashboardHandlers } from './dashboard/dashboard-handlers';
import { searchHandlers } from './dashboard/search-handlers';
import { openDatabase, type Db } from './db/database';
import type { CoreDeps } from './deps';
import type { EventSink } from './events';
import { evidenceHandlers } from './evidence/evidence-handlers';
import { exportsHandlers } from './exports/exports-handlers';
import { controlsHandlers } from './frameworks/controls-handlers';
import { frameworksHandlers } from './frameworks/frameworks-handlers';
import { policiesHandlers } from './policies/policies-handlers';
import { createRouter, type Logger, type Router } from './router/router';
import { trashHandlers } from './trash/trash-handlers';
import { localWorkspacePaths, type WorkspacePaths } from './workspace';

export interface CoreOptions {
  dataDir: string;
  appVersion?: string;
  log?: Logger;
  now?: () => string;
}

export interface Core {
  router: Router;
  db: Db;
  paths: WorkspacePaths;
  deps: CoreDeps;
  /** Subscribes to core events; returns the unsubscribe function. */
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
  close(): void;
}

const consoleLogger: Logger = { error: (message, detail) => console.error(`[core] ${message}`, detail ?? '') };

export function createCore(options: CoreOptions): Core {
  const paths = localWorkspacePaths(options.dataDir);
  const db = openDatabase(paths.database);

  const listeners = new Set<(name: string, payload: unknown) => void>();
  const emit: EventSink = (name, payload) => {
    for (const listener of listeners) listener(name, payload);
  };
  const deps: CoreDeps = {
    db,
    orgId: LOCAL_ORG_ID,
    paths,
    dataDir: options.dataDir,
    appVersion: options.appVersion ?? '0.0.0-dev',
    now: options.now ?? (() => new Date().toISOString()),
    log: options.log ?? consoleLogger,
    emit,
    changed: (table, ids) => emit('data.changed', { table, ids }),
  };

  const profile = createProfileStore(db);
  const handlers: ApiHandlers = {
    app: appHandlers(deps, profile),
    policies: policiesHandlers(deps),
    frameworks: frameworksHandlers(deps),
    controls: controlsHandlers(deps),
    evidence: evidenceHandlers(deps),
    audits: auditsHandlers(deps),
    findings: findingsHandlers(deps),
    trail: trailHandlers(deps),
    dashboard: dashboardHandlers(deps),
    search: searchHandlers(deps),
    exports: exportsHandlers(deps),
    trash: trashHandlers(deps),
  };

  return {
    router: createRouter(withLocalActor(handlers, profile), deps.log),
    db,
    paths,
    deps,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      db.close();
    },
  };
}

/**
 * The one place a call's actor is resolved: in the local workspace a caller acts as 'local',
 * and every handler gets the local user's display name instead once one is set (app.profile),
 * so approvals, updated_by, trail events, test results and captured_by all name a person.
 */
function withLocalActor(handlers: ApiHandlers, profile: ProfileStore): ApiHandlers {
  type Handler = (input: unknown, ctx: CallContext) => unknown;
  const wrapped = Object.fromEntries(
    Object.entries(handlers as unknown as Record<string, Record<string, Handler>>).map(([ns, methods]) => [
      ns,
      Object.fromEntries(
        Object.entries(methods).map(([name, handler]) => [
          name,
          (input: unknown, ctx: CallContext) => handler(input, { ...ctx, actor: profile.actorFor(ctx.actor) }),
        ]),
      ),
    ]),
  );
  return wrapped as unknown as ApiHandlers;
}
