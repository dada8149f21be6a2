-- Devices (issue 8): an owner or admin may revoke another user's device (set revoked_at) and
-- nothing more; a user may rename their own device. Nobody changes a device's public key or
-- user through the API. The revocation time is the server's.

-- The owner of a device may update it (the trigger below lets only the name through).
create policy devices_update_own on public.devices for update to authenticated
  using (user_id = (select auth.uid()) and (select private.is_org_member(org_id)))
  with check (user_id = (select auth.uid()) and (select private.is_org_member(org_id)));

create function private.guard_device_change()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_manager boolean;
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
    if not v_manager then
      raise exception 'only an owner or admin can revoke a device' using errcode = '42501';
    end if;
    if new.revoked_at is not null then
      new.revoked_at := coalesce(old.revoked_at, date_trunc('milliseconds', now()));
    end if;
  end if;
  return new;
end
$$;
create trigger devices_guard before update on public.devices
  for each row execute function private.guard_device_change();
