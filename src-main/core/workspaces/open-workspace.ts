/**
 * One open workspace: its replica, its folders, and the handlers of every feature bound to them.
 * The local workspace and each organization are opened the same way; only the org id and the
 * folder differ, so a feature never knows (or mixes) which one it serves.
 */
import type { ApiHandlers } from '../../../src-shared/api';
import { LOCAL_ORG_ID } from '../../../src-shared/domain/common';
import { aiDraftHandlers } from '../ai/draft/draft-handlers';
import { aiGapHandlers } from '../ai/gap/gap-handlers';
import { aiUsageHandlers } from '../ai/usage/usage-handlers';
import { trailHandlers } from '../audit-trail/trail-handlers';
import { auditsHandlers } from '../audits/audits-handlers';
import { findingsHandlers } from '../audits/findings-handlers';
import { dashboardHandlers } from '../dashboard/dashboard-handlers';
import { searchHandlers } from '../dashboard/search-handlers';
import { openDatabase } from '../db/database';
import { devicesHandlers } from '../devices/devices-handlers';
import { databaseHandlers } from '../db/health/health-handlers';
import { startDatabaseMaintenance } from '../db/health/maintenance';
import { removeStrayBlobs } from '../evidence/blob-cleanup';
import type { CoreDeps } from '../deps';
import { evidenceHandlers, workspaceStaging } from '../evidence/evidence-handlers';
import type { StagedFiles } from '../files/staged-files';
import { exportsHandlers } from '../exports/exports-handlers';
import { controlsHandlers } from '../frameworks/controls-handlers';
import { fleetHandlers } from '../fleet/fleet-handlers';
import { frameworksHandlers } from '../frameworks/frameworks-handlers';
import { orgProfileHandlers } from '../org-profile/org-profile-handlers';
import { policiesHandlers } from '../policies/policies-handlers';
import { organizationFunctions } from '../functions/organization-functions';
import { createSyncEngine } from '../sync/engine';
import { syncHandlers } from '../sync/sync-handlers';
import { createWorkspaceTransfers } from '../transfers/transfers';
import { trashHandlers } from '../trash/trash-handlers';
import { voiceHandlers } from '../voice/voice-handlers';
import { workspacePaths } from '../workspace';

/** The namespaces whose handlers work on one workspace's records. */
export type RecordHandlers = Omit<ApiHandlers, 'app' | 'account' | 'updates'>;

export interface OpenWorkspace {
  deps: CoreDeps;
  handlers: RecordHandlers;
  /** Files copied in and waiting for their evidence record (the browser host's uploads land here). */
  staged: StagedFiles;
  /** Starts background sync (an organization workspace opened as the active one). */
  startSync(): void;
  close(): void;
}

export function openWorkspace(base: Omit<CoreDeps, 'db' | 'paths' | 'orgId'>, orgId: string): OpenWorkspace {
  const paths = workspacePaths(base.dataDir, orgId);
  const db = openDatabase(paths.database);
  // Integrity checks and checkpoints run off the start path; stray blobs go before any call is served.
  const maintenance = startDatabaseMaintenance({ db, file: paths.database, now: base.now, log: base.log });
  removeStrayBlobs({ db, root: paths.blobs, log: base.log });
  const opened: CoreDeps = { ...base, db, paths, orgId };
  // The engine announces pulled rows itself (base.changed); a feature's write also nudges it.
  const engine = orgId !== LOCAL_ORG_ID && base.sync ? createSyncEngine(opened, base.sync) : null;
  // Evidence files follow their rows (src-main/core/transfers/): uploads go once a row is on the server.
  let transfers: ReturnType<typeof createWorkspaceTransfers> | null = null;
  const deps: CoreDeps = engine
    ? {
        ...opened,
        changed: (table, ids) => {
          base.changed(table, ids);
          engine.localWrite();
          transfers?.localWrite(table);
        },
        functions: organizationFunctions(opened, base, () => engine.deviceRevoked()),
      }
    : { ...opened, functions: undefined };
  const devices = devicesHandlers(deps, () => engine?.deviceRevoked());
  transfers = createWorkspaceTransfers(deps);
  const stopListening = engine?.onSynced(() => transfers?.synced());
  const staged = workspaceStaging(deps);
  const handlers: RecordHandlers = {
    policies: policiesHandlers(deps),
    frameworks: frameworksHandlers(deps),
    controls: controlsHandlers(deps),
    evidence: evidenceHandlers(deps, { staged, used: (sha256) => transfers?.fileUsed(sha256) }),
    audits: auditsHandlers(deps),
    findings: findingsHandlers(deps),
    trail: trailHandlers(deps),
    dashboard: dashboardHandlers(deps),
    search: searchHandlers(deps),
    exports: exportsHandlers(deps),
    database: databaseHandlers(maintenance),
    trash: trashHandlers(deps),
    sync: syncHandlers(deps, engine, base.sync?.preferences),
    voice: voiceHandlers(deps),
    devices,
    orgProfile: orgProfileHandlers(deps),
    aiDraft: aiDraftHandlers(deps),
    aiGap: aiGapHandlers(deps),
    aiUsage: aiUsageHandlers(deps),
    fleet: fleetHandlers(deps, devices.revoke),
    files: transfers.handlers,
  };
  // Closes the database, then removes the unclean-shutdown marker.
  return {
    deps,
    handlers,
    staged,
    startSync: () => {
      engine?.start();
      transfers?.start();
    },
    close: () => {
      stopListening?.();
      transfers?.stop();
      engine?.stop();
      maintenance.close();
    },
  };
}
