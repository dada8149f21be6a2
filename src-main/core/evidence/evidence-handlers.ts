import type { ApiHandlers } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';
import { createBlobStore } from './blob-store';
import { createEvidenceService } from './evidence-service';
import { createEvidenceSettings } from './evidence-settings';
import { asDownload, outcome, requireDesktop, writeTempCopy } from '../files/file-handoff';
import { safeFileName } from '../exports/zip-names';

export function evidenceHandlers(deps: CoreDeps): ApiHandlers['evidence'] {
  const settings = createEvidenceSettings(deps.db);
  const evidence = createEvidenceService({
    ...deps,
    blobs: createBlobStore(deps.paths.blobs),
    maxFileBytes: settings.maxFileBytes,
  });
  const { changed } = deps;
  return {
    add: (input, ctx) => {
      const record = evidence.add(input, ctx.actor);
      changed('evidence', [record.id]);
      if (record.controlIds.length > 0) changed('evidence_controls', [record.id]);
      return record;
    },
    list: (input) => evidence.list(input),
    get: ({ id }) => evidence.get(id),
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
    content: ({ id }) => evidence.content(id),
    sameFile: ({ sha256 }) => evidence.sameFile(sha256),
    download: ({ id }) => {
      const file = evidence.file(id);
      return asDownload(file, file.read);
    },
    openOriginal: async ({ id }) => {
      const desktop = requireDesktop(deps.desktop, 'Opening the original file');
      const file = evidence.file(id);
      // A verified copy, never the store's own file: the app that opens it may write to it.
      const copy = writeTempCopy(deps.dataDir, file.name, file.mimeType, file.read());
      await desktop.openFile(copy.file);
      return outcome(
        true,
        copy.file,
        copy.asText
          ? `“${safeFileName(file.name)}” could run scripts, so it opened as text.`
          : `Opened “${safeFileName(file.name)}”.`,
      );
    },
    saveCopy: async ({ id }) => {
      const desktop = requireDesktop(deps.desktop, 'Saving a copy');
      const file = evidence.file(id);
      file.read(); // refuses a file whose bytes no longer match their SHA-256
      const saved = await desktop.saveCopyAs(file.storedAt, safeFileName(file.name));
      return saved ? outcome(true, saved, `Saved a copy as ${saved}.`) : outcome(false, null, 'Not saved.');
    },
    settings: () => settings.current(),
    updateSettings: ({ maxFileBytes }) => settings.update(maxFileBytes),
    searchControls: (input) => evidence.searchControls(input),
  };
}
