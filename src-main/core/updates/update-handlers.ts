/** The `updates` namespace of the API, answered by the updates service (updates-service.ts). */
import type { ApiHandlers } from '../../../src-shared/api';
import type { UpdatesService } from './updates-service';

export const updatesHandlers = (service: UpdatesService): ApiHandlers['updates'] => ({
  status: () => service.status(),
  check: () => service.check(),
  download: () => service.download(),
  defer: () => service.defer(),
  installNow: () => service.installNow(),
  setPreferences: (input) => service.setPreferences(input),
});
