/**
 * The review-date rule of approval, shared so the UI can show the date a step will set before
 * the user confirms it: approving or publishing a policy whose next review date is missing or
 * already past sets it to one year after that day (the yearly cadence), so a freshly approved
 * policy is never overdue; a date still in the future is kept.
 */

/** One year after an ISO instant's (or date's) day, as YYYY-MM-DD (29 February → 28 February). */
export function oneYearAfter(iso: string): string {
  const [year, month, day] = iso.slice(0, 10).split('-');
  const next = `${Number(year) + 1}-${month}`;
  return month === '02' && day === '29' ? `${next}-28` : `${next}-${day}`;
}

/** The review date after an approval or publish on `at` (an instant or a YYYY-MM-DD day). */
export function reviewDateAfterApproval(current: string | null, at: string): string {
  return current === null || current < at.slice(0, 10) ? oneYearAfter(at) : current;
}
