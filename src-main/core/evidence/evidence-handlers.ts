import type { ApiHandlers } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';
import { createBlobStore } from './blob-store';
import { createEvidenceService } from './evidence-service';
import { createEvidenceSettings } from './evidence-settings';

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
    settings: () => settings.current(),
    updateSettings: ({ maxFileBytes }) => settings.update(maxFileBytes),
    searchControls: (input) => evidence.searchControls(input),
  };
}
