-- Organizations, memberships, devices, and the small security-definer helpers that every
-- row-level-security policy in this project goes through. Everything an org owns carries
-- org_id; the helpers answer "what is the caller's role in this org" without recursing
-- through the memberships policies.

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to anon, authenticated, service_role;

create type public.member_role as enum ('owner', 'admin', 'compliance_officer', 'auditor', 'viewer');

create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(trim(name)) between 1 and 200),
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table public.memberships (
  org_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null,
  role public.member_role not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, user_id)
);
create index memberships_user_idx on public.memberships (user_id);

create table public.devices (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null,
  name text not null default '' check (length(name) <= 200),
  -- Ed25519 public key, base64 (raw 32 bytes) or PEM/SPKI as the client sends it.
  public_key text not null check (length(public_key) between 32 and 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index devices_org_idx on public.devices (org_id, user_id);

-- The caller's role in an org, or null. Security definer so policies on memberships can use
-- it without recursion; search_path pinned to nothing, so every name is schema-qualified.
create function private.org_role(p_org_id uuid)
returns public.member_role
language sql stable security definer set search_path = ''
as $$
  select m.role from public.memberships m
  where m.org_id = p_org_id and m.user_id = (select auth.uid())
$$;

create function private.is_org_member(p_org_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.memberships m
    where m.org_id = p_org_id and m.user_id = (select auth.uid())
  )
$$;

create function private.has_org_role(p_org_id uuid, p_roles public.member_role[])
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.memberships m
    where m.org_id = p_org_id and m.user_id = (select auth.uid()) and m.role = any (p_roles)
  )
$$;

-- Rows never change organization: an update that moves a row to another org is refused
-- whatever the caller's roles in both orgs.
create function private.forbid_org_change()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.org_id is distinct from old.org_id then
    raise exception 'a row cannot move to another organization'
      using errcode = '42501', hint = 'org_id is immutable';
  end if;
  return new;
end
$$;

create function private.forbid_id_change()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.id is distinct from old.id then
    raise exception 'id is immutable' using errcode = '42501';
  end if;
  return new;
end
$$;

create function private.touch_updated_at()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

create trigger organizations_id_immutable before update on public.organizations
  for each row execute function private.forbid_id_change();
create trigger organizations_touch before update on public.organizations
  for each row execute function private.touch_updated_at();
create trigger memberships_org_immutable before update on public.memberships
  for each row execute function private.forbid_org_change();
create trigger memberships_touch before update on public.memberships
  for each row execute function private.touch_updated_at();
create trigger devices_org_immutable before update on public.devices
  for each row execute function private.forbid_org_change();
create trigger devices_touch before update on public.devices
  for each row execute function private.touch_updated_at();

alter table public.organizations enable row level security;
alter table public.memberships enable row level security;
alter table public.devices enable row level security;

-- organizations: members read; owner and admin rename. Creation goes through
-- create_organization(), which also makes the caller its owner. Nobody deletes an org through
-- the API: that would erase its audit trail, which is append-only (a deliberate act for the
-- project's operator, with the service role).
create policy organizations_select on public.organizations for select to authenticated
  using ((select private.is_org_member(id)));
create policy organizations_update on public.organizations for update to authenticated
  using ((select private.has_org_role(id, '{owner,admin}')))
  with check ((select private.has_org_role(id, '{owner,admin}')));

-- memberships: members see who else is in their org; owner and admin manage members, but
-- only an owner creates, changes or removes an owner.
create policy memberships_select on public.memberships for select to authenticated
  using ((select private.is_org_member(org_id)));
create policy memberships_insert on public.memberships for insert to authenticated
  with check (
    (select private.has_org_role(org_id, '{owner,admin}'))
    and (role <> 'owner' or (select private.has_org_role(org_id, '{owner}')))
  );
create policy memberships_update on public.memberships for update to authenticated
  using (
    (select private.has_org_role(org_id, '{owner,admin}'))
    and (role <> 'owner' or (select private.has_org_role(org_id, '{owner}')))
  )
  with check (
    (select private.has_org_role(org_id, '{owner,admin}'))
    and (role <> 'owner' or (select private.has_org_role(org_id, '{owner}')))
  );
create policy memberships_delete on public.memberships for delete to authenticated
  using (
    (select private.has_org_role(org_id, '{owner,admin}'))
    and (role <> 'owner' or (select private.has_org_role(org_id, '{owner}')))
  );

-- devices: every member enrolls their own laptop; owner and admin revoke. Nobody deletes a
-- device row: revocation is a timestamp, kept for the audit trail.
create policy devices_select on public.devices for select to authenticated
  using ((select private.is_org_member(org_id)));
create policy devices_insert on public.devices for insert to authenticated
  with check (user_id = (select auth.uid()) and (select private.is_org_member(org_id)));
create policy devices_update on public.devices for update to authenticated
  using ((select private.has_org_role(org_id, '{owner,admin}')))
  with check ((select private.has_org_role(org_id, '{owner,admin}')));

-- A signed-in user creates an organization and becomes its owner in one step.
create function public.create_organization(p_name text)
returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_org uuid;
begin
  if v_uid is null then
    raise exception 'sign in to create an organization' using errcode = '42501';
  end if;
  insert into public.organizations (name, created_by) values (p_name, v_uid) returning id into v_org;
  insert into public.memberships (org_id, user_id, role) values (v_org, v_uid, 'owner');
  return v_org;
end
$$;
revoke execute on function public.create_organization(text) from public, anon;
grant execute on function public.create_organization(text) to authenticated;

-- The caller's organizations and role in each: what the app shows in its org switcher.
create function public.my_memberships()
returns jsonb
language sql stable security invoker set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object('org_id', o.id, 'org_name', o.name, 'role', m.role)
                            order by o.name), '[]'::jsonb)
  from public.memberships m join public.organizations o on o.id = m.org_id
  where m.user_id = (select auth.uid())
$$;
revoke execute on function public.my_memberships() from public, anon;
grant execute on function public.my_memberships() to authenticated;

-- A device enrolls its public key; answers the device id the client signs requests with.
create function public.register_device(p_org_id uuid, p_public_key text, p_name text default '')
returns uuid
language sql security invoker set search_path = ''
as $$
  insert into public.devices (org_id, user_id, public_key, name)
  values (p_org_id, (select auth.uid()), p_public_key, coalesce(p_name, ''))
  returning id
$$;
revoke execute on function public.register_device(uuid, text, text) from public, anon;
grant execute on function public.register_device(uuid, text, text) to authenticated;

-- An owner or admin removes someone from the org (only an owner removes an owner): the
-- memberships policies decide. Their devices are told to purge at their next sync.
create function public.remove_member(p_org_id uuid, p_user_id uuid)
returns boolean
language plpgsql security invoker set search_path = ''
as $$
begin
  delete from public.memberships where org_id = p_org_id and user_id = p_user_id;
  if not found then
    raise exception 'not allowed to remove this member, or no such member' using errcode = '42501';
  end if;
  return true;
end
$$;
revoke execute on function public.remove_member(uuid, uuid) from public, anon;
grant execute on function public.remove_member(uuid, uuid) to authenticated;
