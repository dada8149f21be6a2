import { z } from 'zod';

/** Device-made record ids (crypto.randomUUID()). */
export const Id = z.uuid({ message: 'must be a UUID' });
export type Id = z.infer<typeof Id>;

/** A calendar date as users mean it, without a time zone: YYYY-MM-DD. */
export const IsoDate = z.iso.date({ message: 'must be a date (YYYY-MM-DD)' });

/** An instant, stored as ISO-8601 UTC text. */
export const IsoDateTime = z.iso.datetime({ offset: true });

/** The org id of the local workspace (no Supabase project configured). */
export const LOCAL_ORG_ID = '00000000-0000-4000-8000-000000000000';

/** Bounded free text: the boundary refuses payloads that no user would type. */
export const shortText = (max = 500) => z.string().trim().max(max, `must be at most ${max} characters`);

/** Markdown bodies: generous, but bounded (1 MB) so a hostile payload cannot bloat the replica. */
export const MAX_BODY_CHARS = 1_000_000;
export const longText = () => z.string().max(MAX_BODY_CHARS, `must be at most ${MAX_BODY_CHARS} characters`);

/** Paging for lists that may hold 100k rows: nothing loads everything at once. */
export const Page = z.strictObject({
  offset: z.int().min(0).default(0),
  limit: z.int().min(1).max(500).default(100),
});
