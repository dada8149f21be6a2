import type { ApiHandlers } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';
import { assignmentScope } from './assignments';
import { createFindingsService } from './findings-service';

export function findingsHandlers(deps: CoreDeps): ApiHandlers['findings'] {
  const findings = createFindingsService(deps);
  const { changed } = deps;
  return {
    // An auditor reads only the findings of the audits assigned to them (assignments.ts).
    list: (input, ctx) => findings.list(input, assignmentScope(deps, ctx.actor)),
    get: ({ id }, ctx) => findings.get(id, assignmentScope(deps, ctx.actor)),
    create: (input, ctx) => {
      const finding = findings.create(input, ctx.actor);
      changed('findings', [finding.id]);
      return finding;
    },
    update: (input, ctx) => {
      const finding = findings.update(input, ctx.actor);
      changed('findings', [finding.id]);
      return finding;
    },
    delete: ({ id }, ctx) => {
      const result = findings.delete(id, ctx.actor);
      changed('findings', [id]);
      return result;
    },
  };
}
