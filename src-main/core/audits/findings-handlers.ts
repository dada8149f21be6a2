import type { ApiHandlers } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';
import { createFindingsService } from './findings-service';

export function findingsHandlers(deps: CoreDeps): ApiHandlers['findings'] {
  const findings = createFindingsService(deps);
  const { changed } = deps;
  return {
    list: (input) => findings.list(input),
    get: ({ id }) => findings.get(id),
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
