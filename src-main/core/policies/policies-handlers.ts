import type { ApiHandlers } from '../../../src-shared/api';
import { LOCAL_ORG_ID } from '../../../src-shared/domain/common';
import type { CoreDeps } from '../deps';
import { createPolicyLinks } from './links';
import { createPoliciesService } from './policies-service';
import { createPolicyStore } from './policy-row';

/**
 * The local workspace has one person, who approves their own work; an organization allows it only
 * when the server said so (unknown: the server's default, no).
 */
export const allowsSelfApproval = (deps: CoreDeps): boolean =>
  deps.orgId === LOCAL_ORG_ID || !deps.membership || (deps.membership(deps.orgId)?.allowSelfApproval ?? false);

export function policiesHandlers(deps: CoreDeps): ApiHandlers['policies'] {
  const policies = createPoliciesService({ ...deps, allowSelfApproval: () => allowsSelfApproval(deps) });
  const links = createPolicyLinks({ ...deps, store: createPolicyStore(deps.db, deps.orgId) });
  const { changed } = deps;
  /** A change to a policy row (and, for text edits, a new revision). */
  const announce = <T extends { id: string; currentRevisionId: string | null }>(policy: T): T => {
    changed('policies', [policy.id]);
    if (policy.currentRevisionId) changed('policy_revisions', [policy.currentRevisionId]);
    return policy;
  };
  return {
    list: (input) => policies.list(input),
    get: ({ id }) => policies.get(id),
    create: (input, ctx) => announce(policies.create(input, ctx.actor)),
    update: (input, ctx) => announce(policies.update(input, ctx.actor)),
    delete: ({ id }, ctx) => {
      const result = policies.delete(id, ctx.actor);
      changed('policies', [id]);
      return result;
    },
    restore: ({ id }, ctx) => announce(policies.restore(id, ctx.actor)),

    submitForReview: ({ id }, ctx) => announce(policies.submitForReview(id, ctx.actor)),
    approve: ({ id, comment }, ctx) => announce(policies.approve(id, ctx.actor, comment || null)),
    publish: ({ id }, ctx) => announce(policies.publish(id, ctx.actor)),
    returnToDraft: ({ id }, ctx) => announce(policies.returnToDraft(id, ctx.actor)),

    revisions: (input) => policies.revisions(input),
    revision: ({ id }) => policies.revision(id),
    publishedRevision: ({ policyId }) => policies.publishedRevision(policyId),
    diff: ({ fromRevisionId, toRevisionId }) => policies.diff(fromRevisionId, toRevisionId),

    linkControl: ({ policyId, controlId }, ctx) => {
      const result = links.link(policyId, controlId, ctx.actor);
      changed('policy_controls', [result.linkId]);
      return result;
    },
    unlinkControl: ({ policyId, controlId }, ctx) => {
      const result = links.unlink(policyId, controlId, ctx.actor);
      if (result.linkId) changed('policy_controls', [result.linkId]);
      return result;
    },
    linkedControls: ({ policyId }) => links.linkedControls(policyId),
    searchControls: ({ query, limit }) => links.searchControls(query, limit),
  };
}
