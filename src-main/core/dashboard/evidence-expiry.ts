/**
 * The day an evidence item stops being current: the earlier of expires_on and as_of_date +
 * renewal_days ('9999-12-31' when neither is set). Written exactly as the evidence feature's
 * index evidence_effective_expiry (migration 0009) so SQLite answers the dashboard's range
 * queries from that index instead of scanning 100k rows. Use unqualified column names.
 */
export const EFFECTIVE_EXPIRY_SQL = `min(coalesce(expires_on, '9999-12-31'), coalesce(date(as_of_date, '+' || renewal_days || ' days'), '9999-12-31'))`;
export const NEVER_EXPIRES = '9999-12-31';
