import type { ApiHandlers } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';
import { createDashboardService } from './dashboard-service';

export function dashboardHandlers(deps: CoreDeps): ApiHandlers['dashboard'] {
  const dashboard = createDashboardService(deps);
  return {
    summary: () => dashboard.summary(),
  };
}
