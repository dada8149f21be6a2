-- The approval record of each policy revision (who approved that text, when, and when it was
-- published), so the version in force carries its own approval after a newer draft resets the
-- policy's. Additive: older clients keep syncing without these fields.
alter table public.policy_revisions
  add column approved_by text,
  add column approved_at timestamptz,
  add column published_at timestamptz;
