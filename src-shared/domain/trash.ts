import { z } from 'zod';
import { Id, IsoDateTime } from './common';

/** What can be in the Trash: every record a user deletes from a list. */
export const TrashKind = z.enum(['policy', 'evidence', 'audit', 'framework']);
export type TrashKind = z.infer<typeof TrashKind>;

export const TrashItem = z.object({
  kind: TrashKind,
  id: Id,
  title: z.string(),
  deletedAt: IsoDateTime,
  /** Who deleted it (the tombstone's author). */
  deletedBy: z.string(),
});
export type TrashItem = z.infer<typeof TrashItem>;

export const TrashListInput = z.strictObject({
  offset: z.int().min(0).default(0),
  limit: z.int().min(1).max(500).default(100),
});

export const TrashListOutput = z.object({ items: z.array(TrashItem), total: z.int() });

export const TrashRef = z.strictObject({ kind: TrashKind, id: Id });
