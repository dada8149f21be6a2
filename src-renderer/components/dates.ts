/**
 * The one date format of the app: "1 Dec 2026" and "1 Dec 2026, 14:05" (day, month name, year:
 * read the same by US and European auditors, unlike 12/01/2026). Spaces are non-breaking, so a
 * date never wraps across lines in a table cell, a badge or a toast.
 */
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const DAY_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

const keepTogether = (text: string) => text.replace(/\s/g, '\u00a0');

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date (YYYY-MM-DD, no time zone: it is the same day everywhere); other text as given. */
export function formatDate(isoDate: string): string {
  const match = DATE_ONLY.exec(isoDate);
  if (!match) return isoDate;
  return keepTogether(DAY.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))));
}

/** An instant, in the user's time zone. */
export function formatDateTime(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : keepTogether(DAY_TIME.format(at));
}

/** "1 Jan 2026 to 30 Jun 2026". */
export const formatDateRange = (start: string, end: string) => `${formatDate(start)} to ${formatDate(end)}`;
