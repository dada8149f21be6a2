import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ApiHandlers, CallContext } from '../../../src-shared/api';
import { LOCAL_ORG_ID } from '../../../src-shared/domain/common';
import { assignmentScope } from '../audits/assignments';
import { workspaceSigner } from '../devices/device-signer';
import type { CoreDeps } from '../deps';
import { createBlobStore } from './blob-store';
import { createEvidenceService } from './evidence-service';
import { createEvidenceSettings } from './evidence-settings';
import { asDownload, outcome, requireDesktop, tempCopyTarget } from '../files/file-handoff';
import { safeFileName } from '../exports/zip-names';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import { createStagedFiles, type StagedFiles } from '../files/staged-files';

/** Where the browser host takes the bytes of an upload ticket (browser-host/upload-route.ts). */
export const uploadPathOf = (uploadId: string) => `/files/upload/${uploadId}`;

/**
 * The public key the organization registered for a device (base64url), null when it has no such
 * device, undefined when it cannot tell now (offline). Tests inject one; the app asks the server.
 */
export type RegisteredKeyLookup = (deviceId: string) => Promise<string | null | undefined>;

/** The organization's answer (capture_device_key, 20260101001540), while online; undefined when it cannot tell. */
function serverRegisteredKey(deps: CoreDeps): RegisteredKeyLookup | undefined {
  const sync = deps.sync;
  if (!sync || deps.orgId === LOCAL_ORG_ID) return undefined;
  return async (deviceId) => {
    if (!sync.session().online) return undefined;
    const key = await sync.rpc('capture_device_key', { p_org_id: deps.orgId, p_device_id: deviceId });
    return typeof key === 'string' ? key : key === null ? null : undefined;
  };
}

/** The shell for files coming in; the browser host has none (its page uploads instead). */
function desktopForIntake(deps: CoreDeps, what: string) {
  if (!deps.desktop)
    throw new AppError(ErrorCode.Conflict, `${what} needs the desktop app; in the browser, pick or drop the file in the page.`);
  return deps.desktop;
}

/** The staging area of a workspace's blob store, with the workspace's size limit. */
export function workspaceStaging(deps: Pick<CoreDeps, 'db' | 'paths' | 'emit'>): StagedFiles {
  return createStagedFiles({ blobsRoot: deps.paths.blobs, limit: createEvidenceSettings(deps.db).maxFileBytes, emit: deps.emit });
}

export function evidenceHandlers(
  deps: CoreDeps,
  /** `used`: the user previewed, opened or saved a file (the file cache keeps it longest). */
  options: { registeredKey?: RegisteredKeyLookup; staged?: StagedFiles; used?: (sha256: string) => void } = {},
): ApiHandlers['evidence'] {
  const settings = createEvidenceSettings(deps.db);
  const staged = options.staged ?? workspaceStaging(deps);
  const blobs = createBlobStore(deps.paths.blobs);
  const used = options.used ?? (() => undefined);
  const evidence = createEvidenceService({
    ...deps,
    blobs,
    staged,
    maxFileBytes: settings.maxFileBytes,
  });
  const { changed } = deps;
  /**
   * Evidence captured in an audit hidden from an auditor reads as missing (get and every file
   * handoff) and is left out of the list, as in search (a display rule, not a security boundary:
   * assignments.ts). Returns the id, checked.
   */
  const visible = (id: string, ctx: CallContext): string => {
    evidence.assertVisible(id, assignmentScope(deps, ctx.actor));
    return id;
  };
  const registeredKey = options.registeredKey ?? serverRegisteredKey(deps);
  /** This computer's signer for a capture in an audit; a capture it cannot sign is kept unsigned. */
  const captureSigner = async () => {
    try {
      const signer = await workspaceSigner(deps);
      return signer ? { signer, deviceName: os.hostname() } : null;
    } catch (error) {
      deps.log.error('A capture in an audit was kept without a signature.', (error as Error).message);
      return null;
    }
  };
  return {
    chooseFile: async ({ progressId }) => {
      const desktop = desktopForIntake(deps, 'Choosing a file in the system’s dialog');
      const chosen = await desktop.chooseFile();
      return { staged: chosen === null ? null : await staged.fromPath(chosen, progressId) };
    },
    stageDropped: async ({ dropToken, progressId }) => {
      const desktop = desktopForIntake(deps, 'Adding a dropped file by its token');
      const dropped = await desktop.redeemDrop(dropToken);
      return staged.fromPath(dropped, progressId);
    },
    beginUpload: ({ fileName, sizeBytes }) => {
      const { uploadId } = staged.reserveUpload(fileName, sizeBytes);
      return { uploadId, uploadPath: uploadPathOf(uploadId) };
    },
    discardStaged: ({ stagedFileId }) => ({ discarded: staged.discard(stagedFileId) }),
    replaceFile: (input, ctx) => {
      const record = evidence.replaceFile(input, ctx.actor);
      changed('evidence', [record.id]);
      return record;
    },
    add: async (input, ctx) => {
      evidence.checkAdd(input);
      const capture = input.auditId !== null ? await captureSigner() : null;
      const record = evidence.add(input, ctx.actor, capture);
      changed('evidence', [record.id]);
      if (record.controlIds.length > 0) changed('evidence_controls', [record.id]);
      return record;
    },
    list: (input, ctx) => evidence.list(input, assignmentScope(deps, ctx.actor)),
    get: async ({ id }, ctx) => {
      const found = evidence.get(visible(id, ctx));
      if (!found.capture || !registeredKey || deps.orgId === LOCAL_ORG_ID) return found;
      const key = await registeredKey(found.capture.deviceId).catch(() => undefined);
      return key === undefined ? found : evidence.get(id, key);
    },
    update: (input, ctx) => {
      const record = evidence.update(input, ctx.actor);
      changed('evidence', [record.id]);
      return record;
    },
    delete: ({ id }, ctx) => {
      const result = evidence.delete(id, ctx.actor);
      changed('evidence', [id]);
      return result;
    },
    restore: ({ id }, ctx) => {
      const record = evidence.restore(id, ctx.actor);
      changed('evidence', [id]);
      return record;
    },
    linkControl: ({ evidenceId, controlId }, ctx) => {
      const { detail, changed: didChange } = evidence.linkControl(evidenceId, controlId, ctx.actor);
      if (didChange) changed('evidence_controls', [evidenceId]);
      return detail;
    },
    unlinkControl: ({ evidenceId, controlId }, ctx) => {
      const { detail, linkId } = evidence.unlinkControl(evidenceId, controlId, ctx.actor);
      if (linkId) changed('evidence_controls', [evidenceId]);
      return detail;
    },
    content: ({ id }, ctx) => {
      const answer = evidence.content(visible(id, ctx));
      used(evidence.file(id).sha256);
      return answer;
    },
    sameFile: ({ sha256 }, ctx) => evidence.sameFile(sha256, assignmentScope(deps, ctx.actor)),
    download: ({ id }, ctx) => {
      const file = evidence.file(visible(id, ctx));
      const answer = asDownload(file, file.read);
      used(file.sha256);
      return answer;
    },
    openOriginal: async ({ id }, ctx) => {
      const desktop = requireDesktop(deps.desktop, 'Opening the original file');
      const file = evidence.file(visible(id, ctx));
      // A verified copy, never the store's own file: the app that opens it may write to it.
      // Copied and hashed a megabyte at a time: a 2 GB recording never sits in memory.
      const copy = tempCopyTarget(deps.dataDir, file.name, file.mimeType);
      blobs.copyVerified(file.sha256, copy.file);
      used(file.sha256);
      await desktop.openFile(copy.file);
      return outcome(
        true,
        copy.file,
        copy.asText
          ? `“${safeFileName(file.name)}” could run scripts, so it opened as text.`
          : `Opened “${safeFileName(file.name)}”.`,
      );
    },
    saveCopy: async ({ id }, ctx) => {
      const desktop = requireDesktop(deps.desktop, 'Saving a copy');
      const file = evidence.file(visible(id, ctx));
      // The shell saves a verified temporary copy (refused when the stored bytes no longer match
      // their SHA-256), hashed in chunks rather than read whole; the temporary copy goes after.
      const copy = tempCopyTarget(deps.dataDir, file.name, 'application/octet-stream');
      blobs.copyVerified(file.sha256, copy.file);
      used(file.sha256);
      try {
        const saved = await desktop.saveCopyAs(copy.file, safeFileName(file.name));
        return saved ? outcome(true, saved, `Saved a copy as ${saved}.`) : outcome(false, null, 'Not saved.');
      } finally {
        rmSync(path.dirname(copy.file), { recursive: true, force: true });
      }
    },
    settings: () => settings.current(),
    updateSettings: ({ maxFileBytes }) => settings.update(maxFileBytes),
    searchControls: (input) => evidence.searchControls(input),
  };
}
