import type { ApiHandlers, CallContext } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';
import { assignmentScope, auditHidden } from './assignments';
import { createAuditClose } from './audit-close';
import { noAudit } from './audit-rows';
import { createAuditsService } from './audits-service';
import { createScopeService } from './scope-service';

export function auditsHandlers(deps: CoreDeps): ApiHandlers['audits'] {
  const audits = createAuditsService(deps);
  const scope = createScopeService(deps);
  const closing = createAuditClose(deps);
  const { changed } = deps;
  /**
   * An auditor sees only the audits assigned to them (owners and admins plan them all): one not
   * assigned answers as a missing one, so its id's existence is not revealed. A display rule: the
   * server lets every member read every audit row (assignments.ts auditHidden).
   */
  const visible = (id: string, ctx: CallContext): string => {
    if (auditHidden(deps.db, assignmentScope(deps, ctx.actor), id)) throw noAudit(id);
    return id;
  };
  return {
    list: (input, ctx) => audits.list(input, assignmentScope(deps, ctx.actor) ?? undefined),
    get: ({ id }, ctx) => audits.get(visible(id, ctx)),
    create: (input, ctx) => {
      const audit = audits.create(input, ctx.actor);
      changed('audits', [audit.id]);
      return audit;
    },
    update: (input, ctx) => {
      const audit = audits.update(input, ctx.actor);
      changed('audits', [audit.id]);
      return audit;
    },
    closingCheck: ({ id }, ctx) => closing.closingCheck(visible(id, ctx)),
    reopen: ({ id, reason }, ctx) => {
      const audit = closing.reopen(id, reason, ctx.actor);
      changed('audits', [audit.id]);
      return audit;
    },
    delete: ({ id }, ctx) => {
      const result = audits.delete(id, ctx.actor);
      changed('audits', [id]);
      return result;
    },
    scope: (input, ctx) => scope.scope({ ...input, auditId: visible(input.auditId, ctx) }),
    scopeControl: ({ auditId, controlId }, ctx) => scope.scopeControl(visible(auditId, ctx), controlId),
    scopePosition: ({ auditId, controlId }, ctx) => scope.scopePosition(visible(auditId, ctx), controlId),
    recordResult: (input, ctx) => {
      const result = scope.recordResult(input, ctx.actor);
      changed('audit_results', [result.id]);
      changed('audits', [result.auditId]);
      return result;
    },
    frameworkOptions: () => scope.frameworkOptions(),
    searchControls: (input) => scope.searchControls(input),
  };
}
