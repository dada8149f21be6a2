-- An organization can require a second factor. When `require_mfa` is on, a caller whose token
-- was not verified with a code (JWT claim `aal` other than 'aal2') is no member of it at all:
-- every helper below that decides membership answers as it would for a stranger, so RLS on
-- every table, the storage object policies and the RPCs that go through them all agree.
-- Only the caller's own membership list (my_memberships) still names the org, so the app can
-- say "this organization requires a second factor" instead of showing nothing.

alter table public.organizations add column require_mfa boolean not null default false;

-- The caller's authenticator assurance level, from the JWT GoTrue issued ('aal1' or 'aal2').
-- auth.jwt() guards against request.jwt.claims being '' rather than unset (DESIGN §7).
create function private.session_aal()
returns text
language sql stable set search_path = ''
as $$ select coalesce((select auth.jwt()) ->> 'aal', '') $$;

-- The one place that decides membership: the caller's role in an org, or null when they have
-- none, or when the org requires a second factor and this session has not given one.
create or replace function private.org_role(p_org_id uuid)
returns public.member_role
language sql stable security definer set search_path = ''
as $$
  select m.role
  from public.memberships m
  join public.organizations o on o.id = m.org_id
  where m.org_id = p_org_id and m.user_id = (select auth.uid())
    and (not o.require_mfa or private.session_aal() = 'aal2')
$$;

create or replace function private.is_org_member(p_org_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$ select private.org_role(p_org_id) is not null $$;

create or replace function private.has_org_role(p_org_id uuid, p_roles public.member_role[])
returns boolean
language sql stable security definer set search_path = ''
as $$ select coalesce(private.org_role(p_org_id) = any (p_roles), false) $$;

create or replace function private.is_assigned_auditor(p_org_id uuid, p_audit_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select private.org_role(p_org_id) is not distinct from 'auditor' and exists (
    select 1
    from public.audit_assignments aa
    join public.audits a on a.id = aa.audit_id and a.org_id = aa.org_id
    where aa.org_id = p_org_id and aa.user_id = (select auth.uid()) and aa.audit_id = p_audit_id
      and aa.deleted_at is null and a.deleted_at is null and a.status <> 'closed'
  )
$$;

create or replace function private.has_open_audit_assignment(p_org_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select private.org_role(p_org_id) is not distinct from 'auditor' and exists (
    select 1
    from public.audit_assignments aa
    join public.audits a on a.id = aa.audit_id and a.org_id = aa.org_id
    where aa.org_id = p_org_id and aa.user_id = (select auth.uid())
      and aa.deleted_at is null and a.deleted_at is null and a.status <> 'closed'
  )
$$;

-- Is the caller a member of this org who must first verify a second factor? (What lets pull
-- and push answer "verify your code" instead of "purge": a member at aal1 keeps their data.)
create function private.needs_second_factor(p_org_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.memberships m join public.organizations o on o.id = m.org_id
    where m.org_id = p_org_id and m.user_id = (select auth.uid())
      and o.require_mfa and private.session_aal() <> 'aal2'
  )
$$;

-- A user's own mutation ledger rows are theirs, but not at aal1 in an org that requires more.
alter policy sync_mutations_select on public.sync_mutations
  using (user_id = (select auth.uid()) and not (select private.needs_second_factor(org_id)));
alter policy sync_mutations_update on public.sync_mutations
  using (user_id = (select auth.uid()) and not (select private.needs_second_factor(org_id)))
  with check (user_id = (select auth.uid()) and not (select private.needs_second_factor(org_id)));

-- Turning the requirement on needs the caller's own session at aal2, whichever way the row
-- is written (the RPC below or a plain update through the table API): an admin who has no
-- factor would otherwise lock everyone, themselves included, out. The operator (no JWT, or
-- the service role) may set it directly.
create function private.guard_require_mfa()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.require_mfa and not old.require_mfa
     and (select auth.role()) is not distinct from 'authenticated'
     and private.session_aal() <> 'aal2' then
    raise exception 'verify your own second factor first: requiring one needs a session signed in with a code (aal2)'
      using errcode = '42501', hint = 'enroll a TOTP factor and verify a code, then try again';
  end if;
  return new;
end
$$;
create trigger organizations_guard_require_mfa before update of require_mfa on public.organizations
  for each row execute function private.guard_require_mfa();

-- Owner or admin turns the requirement on or off; answers the new setting.
create function public.set_org_require_mfa(p_org_id uuid, p_required boolean)
returns boolean
language plpgsql security definer set search_path = ''
as $$
begin
  if p_org_id is null or p_required is null then
    raise exception 'p_org_id and p_required (true or false) are both required' using errcode = '22023';
  end if;
  if not private.has_org_role(p_org_id, '{owner,admin}') then
    raise exception 'only an owner or admin of this organization can change whether it requires a second factor'
      using errcode = '42501';
  end if;
  -- Said here too, before the trigger, so the message does not depend on trigger order.
  if p_required and private.session_aal() <> 'aal2' then
    raise exception 'verify your own second factor first: requiring one needs a session signed in with a code (aal2)'
      using errcode = '42501', hint = 'enroll a TOTP factor and verify a code, then try again';
  end if;
  update public.organizations set require_mfa = p_required where id = p_org_id;
  return p_required;
end
$$;
revoke execute on function public.set_org_require_mfa(uuid, boolean) from public, anon;
grant execute on function public.set_org_require_mfa(uuid, boolean) to authenticated;
