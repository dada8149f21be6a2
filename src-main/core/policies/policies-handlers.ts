import type { ApiHandlers } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';
import { createPoliciesService } from './policies-service';

export function policiesHandlers(deps: CoreDeps): ApiHandlers['policies'] {
  const policies = createPoliciesService(deps);
  const { changed } = deps;
  return {
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
    restore: ({ id }, ctx) => {
      const policy = policies.restore(id, ctx.actor);
      changed('policies', [id]);
      return policy;
    },
  };
}
