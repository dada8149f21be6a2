import { z } from 'zod';
import { TrashItem, TrashListInput, TrashListOutput, TrashRef } from '../domain/trash';
import { method } from './define';

/**
 * The Trash: deleted policies, evidence, audits and frameworks, newest first, each restorable
 * until the Trash is emptied. Emptying makes the deletions final on this device (the records
 * stay tombstoned, as sync needs) and cannot be undone.
 */
export const trashApi = {
  list: method(TrashListInput, TrashListOutput),
  /** Puts the record back where it was (a framework with the controls deleted with it). */
  restore: method(TrashRef, TrashItem),
  /** Makes everything in the Trash final; answers how many records that was. */
  empty: method(z.strictObject({}), z.object({ emptied: z.int() })),
};
