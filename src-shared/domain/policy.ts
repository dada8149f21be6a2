import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, longText, shortText } from './common';

export const PolicyStatus = z.enum(['draft', 'in_review', 'approved', 'published']);
export type PolicyStatus = z.infer<typeof PolicyStatus>;

export const Policy = z.object({
  id: Id,
  orgId: Id,
  title: z.string(),
  body: z.string(),
  status: PolicyStatus,
  owner: z.string(),
  nextReviewDate: IsoDate.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  updatedBy: z.string(),
});
export type Policy = z.infer<typeof Policy>;

/** A row of the policy list: no body, so a page of 100 stays small. */
export const PolicySummary = Policy.omit({ body: true }).extend({
  /** Highlighted excerpt when the list was searched. */
  snippet: z.string().nullable(),
});
export type PolicySummary = z.infer<typeof PolicySummary>;

const title = shortText(300).min(1, 'a policy needs a title');

export const PolicyCreateInput = z.strictObject({
  title,
  body: longText().default(''),
  owner: shortText(200).default(''),
  nextReviewDate: IsoDate.nullable().default(null),
});

export const PolicyUpdateInput = z.strictObject({
  id: Id,
  title: title.optional(),
  body: longText().optional(),
  owner: shortText(200).optional(),
  status: PolicyStatus.optional(),
  nextReviewDate: IsoDate.nullable().optional(),
});

export const PolicyListInput = z.strictObject({
  status: PolicyStatus.optional(),
  query: shortText(200).optional(),
  offset: z.int().min(0).default(0),
  limit: z.int().min(1).max(500).default(100),
});

export const PolicyListOutput = z.object({
  items: z.array(PolicySummary),
  total: z.int(),
});
