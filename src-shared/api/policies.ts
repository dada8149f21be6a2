import { z } from 'zod';
import { Id } from '../domain/common';
import { Policy, PolicyCreateInput, PolicyListInput, PolicyListOutput, PolicyUpdateInput } from '../domain/policy';
import { method } from './define';

export const policiesApi = {
  list: method(PolicyListInput, PolicyListOutput),
  get: method(z.strictObject({ id: Id }), Policy),
  create: method(PolicyCreateInput, Policy),
  update: method(PolicyUpdateInput, Policy),
  delete: method(z.strictObject({ id: Id }), z.object({ id: Id })),
  /** Undo of delete: clears the tombstone. */
  restore: method(z.strictObject({ id: Id }), Policy),
};
