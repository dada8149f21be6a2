import type { ApiHandlers } from '../../../../src-shared/api';
import type { DatabaseMaintenance } from './maintenance';

export const databaseHandlers = (maintenance: DatabaseMaintenance): ApiHandlers['database'] => ({
  health: () => maintenance.health(),
  checkIntegrity: () => maintenance.checkIntegrity(),
});
