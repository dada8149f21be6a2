-- A finding as auditors write it (replica migration 0018-finding-details): condition, criteria,
-- cause, effect, recommendation, management response, and who accepted the risk and why.
-- Additive: older clients push findings without these fields and get the defaults. Push picks
-- the columns up by itself (private.sync_columns reads the table's attributes), and merges
-- them per field like every other column.
alter table public.findings
  add column condition text not null default '',
  add column criteria text not null default '',
  add column cause text not null default '',
  add column effect text not null default '',
  add column recommendation text not null default '',
  add column management_response text not null default '',
  add column risk_accepted_by text not null default '',
  add column risk_acceptance_reason text not null default '';
