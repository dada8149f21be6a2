import { z } from 'zod';
import { Id } from '../domain/common';
import { Control, ControlListInput, ControlListOutput, ControlUpdateInput } from '../domain/framework';
import { method } from './define';

/** The controls namespace: one framework's controls, their status, owner and links. */
export const controlsApi = {
  list: method(ControlListInput, ControlListOutput),
  get: method(z.strictObject({ id: Id }), Control),
  /** Status, owner, notes, justification (required when not applicable). */
  update: method(ControlUpdateInput, Control),
};
