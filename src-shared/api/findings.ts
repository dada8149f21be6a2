/** The findings namespace: deficiencies raised during an audit, with severity, owner, due date and status. */
import { z } from 'zod';
import { Finding, FindingCreateInput, FindingListInput, FindingListOutput, FindingUpdateInput } from '../domain/audit';
import { Id } from '../domain/common';
import { method } from './define';

export const findingsApi = {
  list: method(FindingListInput, FindingListOutput),
  get: method(z.strictObject({ id: Id }), Finding),
  create: method(FindingCreateInput, Finding),
  update: method(FindingUpdateInput, Finding),
  /** Tombstones the finding. */
  delete: method(z.strictObject({ id: Id }), z.object({ id: Id })),
};
