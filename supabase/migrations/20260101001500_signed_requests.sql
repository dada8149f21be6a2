-- Signed requests to edge functions (issue 10, complyflow-request-v1): the guard in
-- supabase/functions/_shared/guard.ts looks up the caller's device, records each nonce once, and
-- notes when a device was last seen and with which app version (Settings → Devices).

alter table public.devices
  add column last_seen_at timestamptz,
  add column app_version text check (app_version is null or length(app_version) <= 50);

-- last_seen_at and app_version are the server's observation, written only by
-- claim_request_nonce below (which sets the flag for its own transaction), never through the API.
create function private.guard_device_seen()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if (new.last_seen_at is distinct from old.last_seen_at or new.app_version is distinct from old.app_version)
     and coalesce(current_setting('complyflow.device_seen', true), '') <> 'on'
     and (select auth.uid()) is not null then
    raise exception 'when a device was last seen is recorded by the server' using errcode = '42501';
  end if;
  return new;
end
$$;
create trigger devices_seen_guard before update on public.devices
  for each row execute function private.guard_device_seen();

-- Every nonce a device used, once. A request's timestamp must be within 300 s of the server's
-- clock, so a nonce older than 10 minutes can never be replayed and its row may go.
create table private.request_nonces (
  device_id uuid not null references public.devices (id) on delete cascade,
  nonce text not null check (length(nonce) between 22 and 128),
  seen_at timestamptz not null default now(),
  primary key (device_id, nonce)
);
create index request_nonces_seen_idx on private.request_nonces (seen_at);

-- The caller's own device in an org the caller still belongs to, for the guard to check the
-- signature with; nothing for anyone else's device (the guard answers unknown_device).
create function public.device_for_request(p_device_id uuid)
returns table (user_id uuid, org_id uuid, public_key text, revoked_at timestamptz)
language sql stable security definer set search_path = ''
as $$
  select d.user_id, d.org_id, d.public_key, d.revoked_at
  from public.devices d
  where d.id = p_device_id
    and d.user_id = (select auth.uid())
    and exists (select 1 from public.memberships m where m.org_id = d.org_id and m.user_id = d.user_id)
$$;
revoke execute on function public.device_for_request(uuid) from public, anon;
grant execute on function public.device_for_request(uuid) to authenticated;

-- Records a nonce for the caller's own, unrevoked device: true the first time, false for a
-- replay. With p_seen (the guard found the signature valid) the device's last-seen time and app
-- version are noted too. Old nonces of this device are cleared on the way (pg_cron does it for
-- all devices where it runs).
create function public.claim_request_nonce(p_device_id uuid, p_nonce text, p_seen boolean default false, p_app_version text default null)
returns boolean
language plpgsql security definer set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_claimed boolean;
begin
  if v_uid is null or not exists (
    select 1 from public.devices d where d.id = p_device_id and d.user_id = v_uid and d.revoked_at is null
  ) then
    raise exception 'not your device, or it is revoked' using errcode = '42501';
  end if;
  if p_nonce is null or length(p_nonce) not between 22 and 128 then
    raise exception 'a nonce is 22 to 128 base64url characters' using errcode = '22023';
  end if;
  delete from private.request_nonces where device_id = p_device_id and seen_at < now() - interval '10 minutes';
  insert into private.request_nonces (device_id, nonce) values (p_device_id, p_nonce) on conflict do nothing;
  v_claimed := found;
  if v_claimed and p_seen then
    perform set_config('complyflow.device_seen', 'on', true);
    update public.devices
      set last_seen_at = date_trunc('milliseconds', now()),
          app_version = coalesce(left(nullif(trim(p_app_version), ''), 50), app_version)
      where id = p_device_id;
    perform set_config('complyflow.device_seen', 'off', true);
  end if;
  return v_claimed;
end
$$;
revoke execute on function public.claim_request_nonce(uuid, text, boolean, text) from public, anon;
grant execute on function public.claim_request_nonce(uuid, text, boolean, text) to authenticated;

-- pg_cron clears old nonces every minute where it is loaded (Supabase; the test Postgres loads
-- it through shared_preload_libraries). PGlite and a plain Postgres migrate without it.
do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_cron')
     and current_setting('shared_preload_libraries', true) like '%pg_cron%'
     and current_database() = coalesce(current_setting('cron.database_name', true), 'postgres') then
    create extension if not exists pg_cron;
    perform cron.schedule('complyflow-request-nonces', '* * * * *',
      $job$delete from private.request_nonces where seen_at < now() - interval '10 minutes'$job$);
  end if;
end
$$;
