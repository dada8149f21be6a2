/**
 * The organization's profile: the context an AI draft is written for (name, industry, size,
 * systems). Kept on the server (supabase/migrations/…_org_profile.sql); owners and admins edit
 * it, every member reads it.
 */
import { z } from 'zod';
import { Id, IsoDateTime, shortText } from './common';

/** Head-count bands, as the server's check lists them. */
export const ORG_SIZES = ['1-10', '11-50', '51-200', '201-1000', '1001-5000', '5000+'] as const;
export const OrgSize = z.enum(['', ...ORG_SIZES], { message: `must be one of ${ORG_SIZES.join(', ')} (or empty)` });

export const ORG_SYSTEMS_MAX = 50;

export const OrgProfile = z.object({
  orgId: Id,
  name: z.string(),
  industry: z.string(),
  size: OrgSize,
  systems: z.array(z.string()),
  /** Null until an admin saves the profile the first time (the name is the organization's). */
  updatedAt: IsoDateTime.nullable(),
  updatedBy: z.string().nullable(),
});
export type OrgProfile = z.infer<typeof OrgProfile>;

export const OrgProfileUpdateInput = z.strictObject({
  name: shortText(200).pipe(z.string().min(1, 'The profile needs a name.')),
  industry: shortText(200),
  size: OrgSize,
  systems: z
    .array(shortText(100).pipe(z.string().min(1, 'A system needs a name.')))
    .max(ORG_SYSTEMS_MAX, `At most ${ORG_SYSTEMS_MAX} systems.`),
});
export type OrgProfileUpdateInput = z.infer<typeof OrgProfileUpdateInput>;
