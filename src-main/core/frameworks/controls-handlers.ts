import type { ApiHandlers } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';
import { createControlsService } from './controls-service';

export function controlsHandlers(deps: CoreDeps): ApiHandlers['controls'] {
  const controls = createControlsService(deps);
  return {
    list: (input) => controls.list(input),
    get: ({ id }) => controls.get(id),
    update: (input, ctx) => {
      const control = controls.update(input, ctx.actor);
      deps.changed('controls', [control.id]);
      // Readiness shown on the frameworks list depends on control status.
      deps.changed('frameworks', [control.frameworkId]);
      return control;
    },
  };
}
