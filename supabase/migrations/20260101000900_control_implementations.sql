-- Shared control implementations (docs/data-model.md): the organization's status, owner, notes,
-- justification and organization-defined parameter values of a control, once per catalog,
-- shared by every baseline that selects it (NIST LOW / MODERATE / HIGH / PRIVACY). Keyed by
-- org, catalog source and control id; the id is derived from that key on the device, so two
-- devices that create it offline push the same record and the second insert merges per field
-- like an update. Frameworks learn their catalog source and can be archived; controls keep
-- their statement as a template for the parameter values. Additive only: older clients keep
-- syncing (they leave the new columns at their defaults).

alter table public.frameworks
  add column catalog_source text not null default '',
  add column archived_at timestamptz;

alter table public.controls
  add column statement_template text not null default '';

create table public.control_implementations (
  id uuid primary key, org_id uuid not null references public.organizations (id) on delete cascade,
  created_at timestamptz not null default now(), updated_at timestamptz not null default now(),
  updated_by uuid, deleted_at timestamptz, row_version bigint not null default 1,
  catalog_source text not null,
  control_key text not null,
  status text not null default 'not_started'
    check (status in ('not_started', 'in_progress', 'implemented', 'not_applicable')),
  justification text not null default '', owner text not null default '', notes text not null default '',
  -- JSON object text (parameter id → value), kept as the replica writes it so it round-trips
  -- byte for byte through push and pull.
  param_values text not null default '{}'
);
create unique index control_implementations_key
  on public.control_implementations (org_id, catalog_source, control_key) where deleted_at is null;

-- The same bookkeeping as every synced record: server stamps, immutable org and id, change log.
create trigger control_implementations_stamp before insert or update on public.control_implementations
  for each row execute function private.stamp_record();
create trigger control_implementations_org_immutable before update on public.control_implementations
  for each row execute function private.forbid_org_change();
create trigger control_implementations_id_immutable before update on public.control_implementations
  for each row execute function private.forbid_id_change();
create trigger control_implementations_log_change after insert or update on public.control_implementations
  for each row execute function private.log_change();

-- Part of the compliance library: any member reads; owner, admin and compliance officer write;
-- nobody hard-deletes (a tombstone is an update).
alter table public.control_implementations enable row level security;
create policy control_implementations_select on public.control_implementations for select to authenticated
  using ((select private.is_org_member(org_id)));
create policy control_implementations_insert on public.control_implementations for insert to authenticated
  with check ((select private.has_org_role(org_id, '{owner,admin,compliance_officer}')));
create policy control_implementations_update on public.control_implementations for update to authenticated
  using ((select private.has_org_role(org_id, '{owner,admin,compliance_officer}')))
  with check ((select private.has_org_role(org_id, '{owner,admin,compliance_officer}')));

-- Push may write the new table (the list of syncable tables grows by one).
create or replace function private.sync_columns(p_table text)
returns text[]
language plpgsql stable security definer set search_path = ''
as $$
begin
  if p_table is null or p_table not in ('frameworks', 'controls', 'policies', 'policy_revisions',
      'policy_controls', 'policy_conflicts', 'audits', 'evidence', 'evidence_controls', 'audit_scope',
      'audit_assignments', 'audit_results', 'findings', 'audit_events', 'control_implementations') then
    return null;
  end if;
  return (
    select array_agg(a.attname::text order by a.attnum)
    from pg_catalog.pg_attribute a
    where a.attrelid = ('public.' || quote_ident(p_table))::regclass
      and a.attnum > 0 and not a.attisdropped
      and a.attname not in ('id', 'org_id', 'updated_at', 'updated_by', 'row_version'));
end
$$;
