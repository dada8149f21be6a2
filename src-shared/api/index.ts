/**
 * The one API map: every call the renderer (or the CLI) can make, namespace → method →
 * input and output schema, and every event the core sends. The preload, the WebSocket bridge,
 * the router and the handlers all derive their types from this object; no channel name is
 * written anywhere else.
 */
import { z } from 'zod';
import { AccountStatus } from '../domain/account';
import { accountApi } from './account';
import { aiDraftApi, aiDraftEvents } from './ai-draft';
import { aiGapApi, aiUsageApi } from './ai-gap';
import { appApi } from './app';
import { auditsApi } from './audits';
import { controlsApi } from './controls';
import { dashboardApi } from './dashboard';
import { databaseApi } from './database';
import { devicesApi } from './devices';
import type { ApiMap, ClientOf, EventListeners, EventMap, HandlersOf } from './define';
import { evidenceApi } from './evidence';
import { exportsApi } from './exports';
import { filesApi, filesEvents } from './files';
import { findingsApi } from './findings';
import { frameworksApi } from './frameworks';
import { orgProfileApi } from './org-profile';
import { policiesApi } from './policies';
import { searchApi } from './search';
import { SyncStatus, syncApi } from './sync';
import { trailApi } from './trail';
import { trashApi } from './trash';
import { voiceApi } from './voice';

export const api = {
  app: appApi,
  account: accountApi,
  policies: policiesApi,
  frameworks: frameworksApi,
  controls: controlsApi,
  evidence: evidenceApi,
  audits: auditsApi,
  findings: findingsApi,
  trail: trailApi,
  dashboard: dashboardApi,
  search: searchApi,
  exports: exportsApi,
  database: databaseApi,
  trash: trashApi,
  sync: syncApi,
  voice: voiceApi,
  devices: devicesApi,
  orgProfile: orgProfileApi,
  aiDraft: aiDraftApi,
  aiGap: aiGapApi,
  aiUsage: aiUsageApi,
  files: filesApi,
} as const satisfies ApiMap;

export const events = {
  /** A record changed in the replica (locally or by sync); lists refresh on it. */
  'data.changed': z.object({ table: z.string(), ids: z.array(z.string()) }),
  /** Progress of long work (catalog import, export): `done` of `total` units, by job id. */
  'job.progress': z.object({ jobId: z.string(), label: z.string(), done: z.int(), total: z.int() }),
  /** Connection, session or memberships changed (sign-in, refresh, offline): never a token. */
  'account.state': AccountStatus,
  /** Another workspace was opened: windows reload so nothing of the previous one stays on screen. */
  'workspace.changed': z.object({ orgId: z.string() }),
  /** Sync state for the status bar: sent whenever it changes. */
  'sync.state': SyncStatus,
  ...aiDraftEvents,
  ...filesEvents,
} as const satisfies EventMap;

export type Api = typeof api;
export type Events = typeof events;
export type ApiHandlers = HandlersOf<Api>;

/** The type of `window.complyflow`: derived, never written by hand. */
export type ComplyflowApi = ClientOf<Api> & { readonly events: EventListeners<Events> };

export type { CallContext } from './define';
export { method } from './define';
