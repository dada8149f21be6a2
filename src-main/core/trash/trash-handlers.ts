/**
 * The Trash handlers: listing and emptying are the Trash's own; a restore is each feature's own
 * undo of delete (its rules apply: evidence of a closed audit stays deleted), called only for
 * what the Trash still holds.
 */
import type { ApiHandlers } from '../../../src-shared/api';
import type { TrashKind } from '../../../src-shared/domain/trash';
import { assignmentScope } from '../audits/assignments';
import { createAuditsService } from '../audits/audits-service';
import type { CoreDeps } from '../deps';
import { createBlobStore } from '../evidence/blob-store';
import { createEvidenceService } from '../evidence/evidence-service';
import { createEvidenceSettings } from '../evidence/evidence-settings';
import { createFrameworksService } from '../frameworks/frameworks-service';
import { createPoliciesService } from '../policies/policies-service';
import { createTrashService } from './trash-service';

export function trashHandlers(deps: CoreDeps): ApiHandlers['trash'] {
  const trash = createTrashService(deps.db, deps.orgId, deps.now);
  const policies = createPoliciesService(deps);
  const evidence = createEvidenceService({
    ...deps,
    blobs: createBlobStore(deps.paths.blobs),
    maxFileBytes: createEvidenceSettings(deps.db).maxFileBytes,
  });
  const audits = createAuditsService(deps);
  const frameworks = createFrameworksService(deps);
  const { changed } = deps;

  const restorers: Record<TrashKind, (id: string, actor: string) => void> = {
    policy: (id, actor) => {
      const policy = policies.restore(id, actor);
      changed('policies', [policy.id]);
    },
    evidence: (id, actor) => {
      evidence.restore(id, actor);
      changed('evidence', [id]);
    },
    audit: (id, actor) => {
      audits.restore(id, actor);
      changed('audits', [id]);
    },
    framework: (id, actor) => {
      const controlIds = frameworks.restore(id, actor);
      changed('frameworks', [id]);
      if (controlIds.length) changed('controls', controlIds);
    },
  };

  return {
    // An auditor's Trash leaves out the audits not assigned to them (assignments.ts).
    list: (input, ctx) => trash.list(input, assignmentScope(deps, ctx.actor)),
    restore: ({ kind, id }, ctx) => {
      const item = trash.get(kind, id, assignmentScope(deps, ctx.actor));
      restorers[kind](id, ctx.actor);
      return item;
    },
    empty: () => {
      const emptied = trash.empty();
      changed('trash', []);
      return { emptied };
    },
  };
}
