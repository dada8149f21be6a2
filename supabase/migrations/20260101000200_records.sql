-- The records the desktop app syncs (docs/data-model.md). Every one carries the same
-- bookkeeping columns: id made on the device, org_id, timestamps stamped by the server,
-- updated_by (the auth user), deleted_at (tombstone: rows are never hard-deleted) and
-- row_version (bumped under the row lock on every write, so it orders one record's changes
-- by commit).

create table public.frameworks (
  id uuid primary key, org_id uuid not null references public.organizations (id) on delete cascade,
  created_at timestamptz not null default now(), updated_at timestamptz not null default now(),
  updated_by uuid, deleted_at timestamptz, row_version bigint not null default 1,
  title text not null default '', version text,
  source_uuid text, source_name text, oscal_version text
);

create table public.controls (
  id uuid primary key, org_id uuid not null references public.organizations (id) on delete cascade,
  created_at timestamptz not null default now(), updated_at timestamptz not null default now(),
  updated_by uuid, deleted_at timestamptz, row_version bigint not null default 1,
  framework_id uuid not null references public.frameworks (id),
  parent_id uuid references public.controls (id),
  control_key text not null, label text not null default '', title text not null default '',
  group_title text, statement text, guidance text, params jsonb, sort_key text,
  status text not null default 'not_started'
    check (status in ('not_started', 'in_progress', 'implemented', 'not_applicable')),
  justification text, owner text, notes text,
  unique (framework_id, control_key)
);

create table public.policies (
  id uuid primary key, org_id uuid not null references public.organizations (id) on delete cascade,
  created_at timestamptz not null default now(), updated_at timestamptz not null default now(),
  updated_by uuid, deleted_at timestamptz, row_version bigint not null default 1,
  title text not null default '', body text not null default '',
  status text not null default 'draft' check (status in ('draft', 'in_review', 'approved', 'published')),
  owner text, next_review_date date, approved_by text, approved_at timestamptz,
  current_revision_id uuid, published_revision_id uuid,
  version_major integer not null default 0, version_minor integer not null default 1
);

create table public.policy_revisions (
  id uuid primary key, org_id uuid not null references public.organizations (id) on delete cascade,
  created_at timestamptz not null default now(), updated_at timestamptz not null default now(),
  updated_by uuid, deleted_at timestamptz, row_version bigint not null default 1,
  policy_id uuid not null references public.policies (id),
  title text not null default '', body text not null default '',
  version_major integer not null default 0, version_minor integer not null default 1,
  base_revision_id uuid references public.policy_revisions (id)
);

create table public.policy_controls (
  id uuid primary key, org_id uuid not null references public.organizations (id) on delete cascade,
  created_at timestamptz not null default now(), updated_at timestamptz not null default now(),
  updated_by uuid, deleted_at timestamptz, row_version bigint not null default 1,
  policy_id uuid not null references public.policies (id),
  control_id uuid not null references public.controls (id)
);

create table public.audits (
  id uuid primary key, org_id uuid not null references public.organizations (id) on delete cascade,
  created_at timestamptz not null default now(), updated_at timestamptz not null default now(),
  updated_by uuid, deleted_at timestamptz, row_version bigint not null default 1,
  title text not null default '', framework_id uuid references public.frameworks (id),
  window_start date, window_end date,
  status text not null default 'planned' check (status in ('planned', 'fieldwork', 'reporting', 'closed')),
  auditors jsonb not null default '[]'::jsonb,
  check (window_start is null or window_end is null or window_start <= window_end)
);

create table public.evidence (
  id uuid primary key, org_id uuid not null references public.organizations (id) on delete cascade,
  created_at timestamptz not null default now(), updated_at timestamptz not null default now(),
  updated_by uuid, deleted_at timestamptz, row_version bigint not null default 1,
  title text not null default '', description text,
  sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
  file_name text, mime_type text, size_bytes bigint check (size_bytes >= 0),
  as_of_date date, expires_on date, renewal_days integer check (renewal_days > 0),
  captured_by text, device_id uuid, audit_id uuid references public.audits (id)
);

create table public.evidence_controls (
  id uuid primary key, org_id uuid not null references public.organizations (id) on delete cascade,
  created_at timestamptz not null default now(), updated_at timestamptz not null default now(),
  updated_by uuid, deleted_at timestamptz, row_version bigint not null default 1,
  evidence_id uuid not null references public.evidence (id),
  control_id uuid not null references public.controls (id)
);

create table public.audit_scope (
  id uuid primary key, org_id uuid not null references public.organizations (id) on delete cascade,
  created_at timestamptz not null default now(), updated_at timestamptz not null default now(),
  updated_by uuid, deleted_at timestamptz, row_version bigint not null default 1,
  audit_id uuid not null references public.audits (id),
  control_id uuid not null references public.controls (id)
);

-- Which auditor works on which audit: what gives an auditor write access inside an audit.
create table public.audit_assignments (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  created_at timestamptz not null default now(), updated_at timestamptz not null default now(),
  updated_by uuid, deleted_at timestamptz, row_version bigint not null default 1,
  audit_id uuid not null references public.audits (id),
  user_id uuid not null,
  unique (audit_id, user_id)
);

create table public.audit_results (
  id uuid primary key, org_id uuid not null references public.organizations (id) on delete cascade,
  created_at timestamptz not null default now(), updated_at timestamptz not null default now(),
  updated_by uuid, deleted_at timestamptz, row_version bigint not null default 1,
  audit_id uuid not null references public.audits (id),
  control_id uuid not null references public.controls (id),
  result text not null default 'not_tested' check (result in ('pass', 'fail', 'not_tested', 'not_applicable')),
  notes text,
  unique (audit_id, control_id)
);

create table public.findings (
  id uuid primary key, org_id uuid not null references public.organizations (id) on delete cascade,
  created_at timestamptz not null default now(), updated_at timestamptz not null default now(),
  updated_by uuid, deleted_at timestamptz, row_version bigint not null default 1,
  audit_id uuid not null references public.audits (id),
  control_id uuid references public.controls (id),
  title text not null default '', description text,
  severity text not null default 'medium' check (severity in ('low', 'medium', 'high', 'critical')),
  owner text, due_date date,
  status text not null default 'open' check (status in ('open', 'in_remediation', 'closed', 'accepted'))
);

-- Append-only audit trail, hash-chained by the client that recorded it.
create table public.audit_events (
  id uuid primary key, org_id uuid not null references public.organizations (id) on delete cascade,
  created_at timestamptz not null default now(), updated_at timestamptz not null default now(),
  updated_by uuid, deleted_at timestamptz, row_version bigint not null default 1,
  record_table text not null, record_id uuid not null, actor text not null, at timestamptz not null,
  action text not null check (action in ('create', 'update', 'delete')),
  before jsonb, after jsonb, prev_hash text, hash text not null check (hash ~ '^[0-9a-f]{64}$')
);

-- A concurrent edit of a policy's text whose hunks overlap: both texts are kept here until a
-- person resolves it (resolved_at set). Synced to every device like the other records.
create table public.policy_conflicts (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  created_at timestamptz not null default now(), updated_at timestamptz not null default now(),
  updated_by uuid, deleted_at timestamptz, row_version bigint not null default 1,
  policy_id uuid not null references public.policies (id),
  mutation_id uuid not null,
  base_body text not null, ours_body text not null, theirs_body text not null,
  resolved_at timestamptz, resolved_by uuid
);

create index on public.controls (org_id);
create index on public.controls (framework_id);
create index on public.policies (org_id);
create index on public.policy_revisions (policy_id);
create index on public.evidence (org_id);
create index on public.evidence (audit_id);
create index on public.audit_results (audit_id);
create index on public.findings (audit_id);
create index on public.audit_assignments (user_id, audit_id);
create index on public.audit_events (org_id, record_id);
create index on public.policy_conflicts (policy_id);

-- Server-side stamping: row_version under the row lock, updated_at, updated_by from the JWT;
-- created_at never changes after insert.
create function private.stamp_record()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  new.updated_at := now();
  new.updated_by := coalesce((select auth.uid()), new.updated_by);
  if tg_op = 'INSERT' then
    new.row_version := 1;
  else
    new.created_at := old.created_at;
    new.row_version := old.row_version + 1;
  end if;
  return new;
end
$$;

-- The audit trail is append-only for everyone, the table owner included.
create function private.forbid_change()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  raise exception '% is append-only', tg_table_name using errcode = '42501';
end
$$;

create trigger audit_events_append_only before update or delete on public.audit_events
  for each row execute function private.forbid_change();

-- A material change to an approved or published policy (its text changes without being
-- declared a minor revision) sends it back to draft: the approval no longer covers it.
create function private.reset_policy_approval()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if old.status in ('approved', 'published')
     and (new.body is distinct from old.body or new.title is distinct from old.title)
     and not (new.version_major = old.version_major and new.version_minor > old.version_minor)
     and new.status = old.status then
    new.status := 'draft';
    new.approved_by := null;
    new.approved_at := null;
  end if;
  return new;
end
$$;

create trigger policies_reset_approval before update on public.policies
  for each row execute function private.reset_policy_approval();

do $$
declare
  t text;
begin
  foreach t in array array['frameworks', 'controls', 'policies', 'policy_revisions', 'policy_controls',
    'audits', 'evidence', 'evidence_controls', 'audit_scope', 'audit_assignments', 'audit_results',
    'findings', 'audit_events', 'policy_conflicts']
  loop
    execute format('create trigger %I before insert or update on public.%I
      for each row execute function private.stamp_record()', t || '_stamp', t);
    execute format('create trigger %I before update on public.%I
      for each row execute function private.forbid_org_change()', t || '_org_immutable', t);
    execute format('create trigger %I before update on public.%I
      for each row execute function private.forbid_id_change()', t || '_id_immutable', t);
  end loop;
end
$$;
