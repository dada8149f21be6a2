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

/**
 * The refusal of a text over its limit, with the length and the limit, so the person can see
 * by how much to shorten it (nothing is ever cut silently; the editor shows the same count).
 */
export const tooLongMessage = (length: number, max: number) =>
  `is too long: ${length.toLocaleString('en-US')} characters, the limit is ${max.toLocaleString('en-US')}. Shorten it by ${(length - max).toLocaleString('en-US')}`;

const maxChars = (max: number) => ({
  error: (issue: { input?: unknown }) =>
    typeof issue.input === 'string'
      ? tooLongMessage(issue.input.length, max)
      : `must be at most ${max.toLocaleString('en-US')} characters`,
});

/** Bounded free text: the boundary refuses payloads that no user would type. */
export const shortText = (max = 500) => z.string().trim().max(max, maxChars(max));

/** Markdown bodies: generous, but bounded (1 MB) so a hostile payload cannot bloat the replica. */
export const MAX_BODY_CHARS = 1_000_000;
export const longText = () => z.string().max(MAX_BODY_CHARS, maxChars(MAX_BODY_CHARS));

/** Paging for lists that may hold 100k rows: nothing loads everything at once. */
export const Page = z.strictObject({
  offset: z.int().min(0).default(0),
  limit: z.int().min(1).max(500).default(100),
});
