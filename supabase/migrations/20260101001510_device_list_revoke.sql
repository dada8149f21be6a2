-- Settings → Devices (issue 10): a member lists and revokes their own devices (a lost laptop);
-- owners and admins list and revoke any device of the org. Revocation stays a one-way timestamp
-- set by the server; nobody un-revokes through the API (a revoked computer enrolls anew).

-- From 20260101001230_device_guard.sql, with one change: revoke_device (below) lets a device's
-- own user revoke it, by naming that device in a setting of its own transaction. Through the
-- table, revoking stays an owner's or admin's act, as before.
create or replace function private.guard_device_change()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_manager boolean;
  v_own_revoke boolean;
begin
  if v_uid is null then
    return new; -- the operator
  end if;
  if new.public_key is distinct from old.public_key or new.user_id is distinct from old.user_id
     or new.created_at is distinct from old.created_at then
    raise exception 'a device''s key and user cannot be changed; enroll a new device instead' using errcode = '42501';
  end if;
  v_manager := private.has_org_role(old.org_id, '{owner,admin}');
  if new.name is distinct from old.name and old.user_id is distinct from v_uid then
    raise exception 'only the device''s own user can rename it' using errcode = '42501';
  end if;
  if new.revoked_at is distinct from old.revoked_at then
    v_own_revoke := old.user_id = v_uid and new.revoked_at is not null
      and coalesce(current_setting('complyflow.revoke_own_device', true), '') = old.id::text;
    if not v_manager and not v_own_revoke then
      raise exception 'only an owner or admin can revoke a device' using errcode = '42501';
    end if;
    if new.revoked_at is not null then
      new.revoked_at := coalesce(old.revoked_at, date_trunc('milliseconds', now()));
    end if;
  end if;
  return new;
end
$$;

-- The devices the caller may manage in an org: all of them for an owner or admin, their own
-- otherwise; newest activity first. Who each belongs to is named as org_members names them.
create function public.org_devices(p_org_id uuid)
returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_manager boolean;
begin
  if not private.is_org_member(p_org_id) then
    raise exception 'not a member of this organization' using errcode = '42501';
  end if;
  v_manager := private.has_org_role(p_org_id, '{owner,admin}');
  return (
    select coalesce(jsonb_agg(jsonb_build_object(
             'id', d.id, 'user_id', d.user_id, 'user_name', coalesce(m.display_name, u.email::text),
             'name', d.name, 'created_at', d.created_at, 'last_seen_at', d.last_seen_at,
             'app_version', d.app_version, 'revoked_at', d.revoked_at)
           order by d.revoked_at is not null, coalesce(d.last_seen_at, d.created_at) desc, d.id), '[]'::jsonb)
    from public.devices d
    left join public.memberships m on m.org_id = d.org_id and m.user_id = d.user_id
    left join auth.users u on u.id = d.user_id
    where d.org_id = p_org_id and (v_manager or d.user_id = v_uid)
  );
end
$$;
revoke execute on function public.org_devices(uuid) from public, anon;
grant execute on function public.org_devices(uuid) to authenticated;

-- Revokes one device (the caller's own, or any of the org for an owner or admin); answers its
-- revocation time. Revoking a revoked device answers the first time and changes nothing.
create function public.revoke_device(p_device_id uuid)
returns timestamptz
language plpgsql security definer set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_device public.devices%rowtype;
  v_at timestamptz;
begin
  select * into v_device from public.devices where id = p_device_id;
  if not found or v_uid is null or not private.is_org_member(v_device.org_id) then
    raise exception 'no such device in your organizations' using errcode = 'P0002';
  end if;
  if v_device.revoked_at is not null then
    return v_device.revoked_at;
  end if;
  if v_device.user_id is distinct from v_uid and not private.has_org_role(v_device.org_id, '{owner,admin}') then
    raise exception 'only an owner or admin can revoke another member''s device' using errcode = '42501';
  end if;
  perform set_config('complyflow.revoke_own_device', p_device_id::text, true);
  update public.devices set revoked_at = now() where id = p_device_id returning revoked_at into v_at;
  perform set_config('complyflow.revoke_own_device', '', true);
  return v_at;
end
$$;
revoke execute on function public.revoke_device(uuid) from public, anon;
grant execute on function public.revoke_device(uuid) to authenticated;
