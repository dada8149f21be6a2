/** SQL shared by the dashboard's queries. */

/** An evidence row's expiry date (alias `e`): expires_on, or as_of_date + renewal_days; NULL when it never expires. */
export const EVIDENCE_EXPIRY_SQL = `coalesce(e.expires_on, CASE WHEN e.renewal_days IS NOT NULL THEN date(e.as_of_date, '+' || e.renewal_days || ' days') END)`;
