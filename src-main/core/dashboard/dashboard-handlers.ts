import type { ApiHandlers } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';
import { assignmentScope } from '../audits/assignments';
import { createDashboardService } from './dashboard-service';

export function dashboardHandlers(deps: CoreDeps): ApiHandlers['dashboard'] {
  const dashboard = createDashboardService(deps);
  return {
    summary: (_input, ctx) => dashboard.summary(assignmentScope(deps, ctx.actor)),
  };
}
