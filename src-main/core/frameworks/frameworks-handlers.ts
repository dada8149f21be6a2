import type { ApiHandlers } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';
import { createFrameworksService } from './frameworks-service';
import { ensureImplementations } from './implementations';

export function frameworksHandlers(deps: CoreDeps): ApiHandlers['frameworks'] {
  const frameworks = createFrameworksService(deps);
  // Data written before implementations were shared (or pulled from an older client) gets its
  // shared implementation once, here at start; imports keep it so afterwards.
  ensureImplementations(deps, 'ComplyFlow (data migration)');
  const { changed } = deps;
  const announce = <T extends { frameworkId: string }>(outcome: T): T => {
    changed('frameworks', [outcome.frameworkId]);
    return outcome;
  };
  return {
    list: (input) => frameworks.list(input),
    get: ({ id }) => frameworks.get(id),
    listShipped: () => ({ items: frameworks.listShipped() }),
    importShipped: ({ name, jobId }, ctx) => announce(frameworks.importShipped(name, ctx.actor, jobId)),
    importFile: ({ fileName, content, jobId }, ctx) => announce(frameworks.importFile(fileName, content, ctx.actor, jobId)),
    archive: ({ id, archived }, ctx) => {
      const framework = frameworks.archive(id, archived, ctx.actor);
      changed('frameworks', [id]);
      return framework;
    },
    delete: ({ id }, ctx) => {
      const controlIds = frameworks.delete(id, ctx.actor);
      changed('frameworks', [id]);
      if (controlIds.length) changed('controls', controlIds);
      return { id };
    },
  };
}
