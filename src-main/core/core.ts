/**
 * The core service: opens the workspace's replica, builds the domain services and the handler
 * map that implements the API contract, and exposes one router. Plain Node: it never imports
 * electron, so the same object runs in the utility process, the browser host and tests.
 */
import { LOCAL_ORG_ID } from '../../src-shared/domain/common';
import type { ApiHandlers, Events } from '../../src-shared/api';
import type { z } from 'zod';
import { openDatabase, type Db } from './db/database';
import { schemaVersion } from './db/migrate';
import { createPoliciesService } from './policies/policies-service';
import { createRouter, type Logger, type Router } from './router/router';
import { localWorkspacePaths, type WorkspacePaths } from './workspace';

export interface CoreOptions {
  dataDir: string;
  appVersion?: string;
  log?: Logger;
  now?: () => string;
}

export type EventSink = <K extends keyof Events & string>(name: K, payload: z.input<Events[K]>) => void;

export interface Core {
  router: Router;
  db: Db;
  paths: WorkspacePaths;
  /** Subscribes to core events; returns the unsubscribe function. */
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
  close(): void;
}

const consoleLogger: Logger = { error: (message, detail) => console.error(`[core] ${message}`, detail ?? '') };

export function createCore(options: CoreOptions): Core {
  const log = options.log ?? consoleLogger;
  const now = options.now ?? (() => new Date().toISOString());
  const paths = localWorkspacePaths(options.dataDir);
  const db = openDatabase(paths.database);
  const orgId = LOCAL_ORG_ID;

  const listeners = new Set<(name: string, payload: unknown) => void>();
  const emit: EventSink = (name, payload) => {
    for (const listener of listeners) listener(name, payload);
  };
  const changed = (table: string, ids: string[]) => emit('data.changed', { table, ids });

  const policies = createPoliciesService({ db, orgId, now });

  const handlers: ApiHandlers = {
    app: {
      workspace: () => ({
        kind: 'local',
        orgId,
        name: 'Local workspace',
        dataDir: options.dataDir,
        appVersion: options.appVersion ?? '0.0.0-dev',
        schemaVersion: schemaVersion(db),
      }),
    },
    policies: {
      list: (input) => policies.list(input),
      get: ({ id }) => policies.get(id),
      create: (input, ctx) => {
        const policy = policies.create(input, ctx.actor);
        changed('policies', [policy.id]);
        return policy;
      },
      update: (input, ctx) => {
        const policy = policies.update(input, ctx.actor);
        changed('policies', [policy.id]);
        return policy;
      },
      delete: ({ id }, ctx) => {
        const result = policies.delete(id, ctx.actor);
        changed('policies', [id]);
        return result;
      },
    },
  };

  return {
    router: createRouter(handlers, log),
    db,
    paths,
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
