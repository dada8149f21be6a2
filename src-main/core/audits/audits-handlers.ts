import type { ApiHandlers } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import { isAssigned } from './assignments';
import { createAuditClose } from './audit-close';
import { createAuditsService } from './audits-service';
import { createScopeService } from './scope-service';

export function auditsHandlers(deps: CoreDeps): ApiHandlers['audits'] {
  const audits = createAuditsService(deps);
  const scope = createScopeService(deps);
  const closing = createAuditClose(deps);
  const { changed } = deps;
  // An auditor sees only the audits assigned to them (owners and admins plan them all).
  const auditorHere = () => deps.membership?.(deps.orgId)?.role === 'auditor';
  return {
    list: (input, ctx) => audits.list(input, auditorHere() ? ctx.actor : undefined),
    get: ({ id }, ctx) => {
      const audit = audits.get(id);
      if (auditorHere() && !isAssigned(deps.db, ctx.actor, id)) {
        throw new AppError(
          ErrorCode.Forbidden,
          `The audit “${audit.title}” is not assigned to you; ask an owner or admin to assign you.`,
        );
      }
      return audit;
    },
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
    closingCheck: ({ id }) => closing.closingCheck(id),
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
    scope: (input) => scope.scope(input),
    scopeControl: ({ auditId, controlId }) => scope.scopeControl(auditId, controlId),
    scopePosition: ({ auditId, controlId }) => scope.scopePosition(auditId, controlId),
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
