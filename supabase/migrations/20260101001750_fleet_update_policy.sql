-- Fleet rollout (issue 11): the organization's update policy, the device report each computer
-- sends at sync, the fleet view, and `update_required` for an app below the org's minimum.
--
-- * private.org_update_policies: one row per org, reached only through org_update_policy (any
--   member reads) and set_update_policy (owners and admins; every value checked here, versions
--   by private.is_semver), like private.org_profiles: no table policy can drift from the RPCs.
--   Not a synced table: the app reads it with org_update_policy at each sync and keeps the copy
--   (src-main/core/fleet/org-update-policy.ts), so it applies offline. One row with no history
--   and no offline edits needs none of pull's machinery.
-- * public.device_reports: one row per device (its id is the device's), written by the device's
--   own user (report_device, as the caller, so RLS applies), read by owners and admins of the org
--   (and the device's own user). The server stamps reported_at.
-- * private.sync_refusal (push and pull both call it first) answers update_required when the org
--   sets a minimum version and the device's reported app version is below it (or unknown).

-- Versions as electron-builder writes them: MAJOR.MINOR.PATCH[-pre.release], no leading zeros,
-- no "v", no build metadata (src-shared/domain/update-policy.ts SEMVER_PATTERN; parity test).
create function private.is_semver(p_version text)
returns boolean
language sql immutable set search_path = ''
as $$
  select p_version is not null and length(p_version) <= 64 and p_version ~
    '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*)?$'
$$;

-- SemVer 2.0.0 precedence of two valid versions: -1, 0 or 1 (compareSemVer in the app).
create function private.semver_cmp(a text, b text)
returns integer
language plpgsql immutable set search_path = ''
as $$
declare
  ca text[] := string_to_array(split_part(a, '-', 1), '.');
  cb text[] := string_to_array(split_part(b, '-', 1), '.');
  pa text[] := case when position('-' in a) > 0 then string_to_array(substr(a, position('-' in a) + 1), '.') end;
  pb text[] := case when position('-' in b) > 0 then string_to_array(substr(b, position('-' in b) + 1), '.') end;
  x text;
  y text;
begin
  for i in 1..3 loop
    if ca[i]::numeric <> cb[i]::numeric then
      return case when ca[i]::numeric < cb[i]::numeric then -1 else 1 end;
    end if;
  end loop;
  if pa is null and pb is null then return 0; end if;
  if pa is null then return 1; end if;
  if pb is null then return -1; end if;
  for i in 1..greatest(cardinality(pa), cardinality(pb)) loop
    x := pa[i];
    y := pb[i];
    if x is null then return -1; end if;
    if y is null then return 1; end if;
    continue when x = y;
    if x ~ '^[0-9]+$' and y ~ '^[0-9]+$' then
      return case when x::numeric < y::numeric then -1 else 1 end;
    end if;
    if x ~ '^[0-9]+$' then return -1; end if;
    if y ~ '^[0-9]+$' then return 1; end if;
    return case when x collate "C" < y collate "C" then -1 else 1 end;
  end loop;
  return 0;
end
$$;

create table private.org_update_policies (
  org_id uuid primary key references public.organizations (id) on delete cascade,
  channel text check (channel in ('latest', 'beta')),
  minimum_version text check (minimum_version is null or private.is_semver(minimum_version)),
  pinned_version text check (pinned_version is null or private.is_semver(pinned_version)),
  rollout_percent integer check (rollout_percent between 0 and 100),
  defer_days integer check (defer_days between 0 and 90),
  install_mode text check (install_mode in ('on-quit', 'on-next-launch', 'manual')),
  updated_at timestamptz not null default date_trunc('milliseconds', now()),
  updated_by uuid,
  check (pinned_version is null or minimum_version is null or private.semver_cmp(pinned_version, minimum_version) >= 0)
);
alter table private.org_update_policies enable row level security;
revoke all on private.org_update_policies from public, anon, authenticated;

-- The policy of one org for any member, or null when the org has never saved one. Who saved it
-- is named as org_members names members (display name, else email).
create function public.org_update_policy(p_org_id uuid)
returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
begin
  if p_org_id is null or not private.is_org_member(p_org_id) then
    raise exception 'not a member of this organization' using errcode = '42501';
  end if;
  return (
    select jsonb_build_object(
      'org_id', p.org_id, 'channel', p.channel, 'minimum_version', p.minimum_version,
      'pinned_version', p.pinned_version, 'rollout_percent', p.rollout_percent, 'defer_days', p.defer_days,
      'install_mode', p.install_mode, 'updated_at', p.updated_at, 'updated_by', p.updated_by,
      'updated_by_name', coalesce(m.display_name, u.email::text))
    from private.org_update_policies p
    left join public.memberships m on m.org_id = p.org_id and m.user_id = p.updated_by
    left join auth.users u on u.id = p.updated_by
    where p.org_id = p_org_id
  );
end
$$;
revoke execute on function public.org_update_policy(uuid) from public, anon;
grant execute on function public.org_update_policy(uuid) to authenticated;

-- An owner or admin sets the whole policy (null: the key is not set by the org); answers it as
-- org_update_policy does. Every refusal says which value and why, and changes nothing.
create function public.set_update_policy(
  p_org_id uuid,
  p_channel text,
  p_minimum_version text,
  p_pinned_version text,
  p_rollout_percent integer,
  p_defer_days integer,
  p_install_mode text
)
returns jsonb
language plpgsql security definer set search_path = ''
as $$
begin
  if p_org_id is null then
    raise exception 'p_org_id is required' using errcode = '22023';
  end if;
  if not private.has_org_role(p_org_id, '{owner,admin}') then
    raise exception 'only an owner or admin of this organization can set its update policy' using errcode = '42501';
  end if;
  if p_channel is not null and p_channel not in ('latest', 'beta') then
    raise exception 'the channel must be latest or beta' using errcode = '22023';
  end if;
  if p_minimum_version is not null and not private.is_semver(p_minimum_version) then
    raise exception 'the minimum version must be a version like 1.4.0 (or 1.5.0-beta.1)' using errcode = '22023';
  end if;
  if p_pinned_version is not null and not private.is_semver(p_pinned_version) then
    raise exception 'the pinned version must be a version like 1.4.0 (or 1.5.0-beta.1)' using errcode = '22023';
  end if;
  if p_pinned_version is not null and p_minimum_version is not null
     and private.semver_cmp(p_pinned_version, p_minimum_version) < 0 then
    raise exception 'the pinned version % is below the minimum version %: devices could never sync', p_pinned_version, p_minimum_version
      using errcode = '22023';
  end if;
  if p_rollout_percent is not null and p_rollout_percent not between 0 and 100 then
    raise exception 'the rollout must be between 0 and 100 percent' using errcode = '22023';
  end if;
  if p_defer_days is not null and p_defer_days not between 0 and 90 then
    raise exception 'the days a user may defer must be between 0 and 90' using errcode = '22023';
  end if;
  if p_install_mode is not null and p_install_mode not in ('on-quit', 'on-next-launch', 'manual') then
    raise exception 'the install mode must be on-quit, on-next-launch or manual' using errcode = '22023';
  end if;
  insert into private.org_update_policies as p (org_id, channel, minimum_version, pinned_version, rollout_percent,
    defer_days, install_mode, updated_at, updated_by)
  values (p_org_id, p_channel, p_minimum_version, p_pinned_version, p_rollout_percent, p_defer_days, p_install_mode,
    date_trunc('milliseconds', now()), (select auth.uid()))
  on conflict (org_id) do update set channel = excluded.channel, minimum_version = excluded.minimum_version,
    pinned_version = excluded.pinned_version, rollout_percent = excluded.rollout_percent,
    defer_days = excluded.defer_days, install_mode = excluded.install_mode, updated_at = excluded.updated_at,
    updated_by = excluded.updated_by;
  return public.org_update_policy(p_org_id);
end
$$;
revoke execute on function public.set_update_policy(uuid, text, text, text, integer, integer, text) from public, anon;
grant execute on function public.set_update_policy(uuid, text, text, text, integer, integer, text) to authenticated;

-- The caller owns this unrevoked device of this org (RLS of device_reports).
create function private.owns_device(p_device_id uuid, p_org_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.devices d
    where d.id = p_device_id and d.org_id = p_org_id and d.user_id = (select auth.uid()) and d.revoked_at is null
  ) and private.is_org_member(p_org_id)
$$;

create table public.device_reports (
  id uuid primary key references public.devices (id) on delete cascade,
  org_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null,
  os text not null default '' check (length(os) <= 100),
  app_version text check (app_version is null or private.is_semver(app_version)),
  channel text check (channel in ('latest', 'beta')),
  last_sync_at timestamptz,
  changes_waiting integer not null default 0 check (changes_waiting between 0 and 100000000),
  reported_at timestamptz not null default date_trunc('milliseconds', now())
);
create index device_reports_org_idx on public.device_reports (org_id);
alter table public.device_reports enable row level security;

-- The device's own user writes its report; owners and admins (and that user) read it. Nobody
-- deletes one through the API (it goes with its device).
create policy device_reports_select on public.device_reports for select to authenticated
  using (user_id = (select auth.uid()) or (select private.has_org_role(org_id, '{owner,admin}')));
create policy device_reports_insert on public.device_reports for insert to authenticated
  with check (user_id = (select auth.uid()) and (select private.owns_device(id, org_id)));
create policy device_reports_update on public.device_reports for update to authenticated
  using (user_id = (select auth.uid()) and (select private.owns_device(id, org_id)))
  with check (user_id = (select auth.uid()) and (select private.owns_device(id, org_id)));

-- The server's clock stamps every report; a report stays with its device, user and org.
create function private.stamp_device_report()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and (new.org_id is distinct from old.org_id or new.user_id is distinct from old.user_id) then
    raise exception 'a device report stays with its device''s organization and user' using errcode = '42501';
  end if;
  new.reported_at := date_trunc('milliseconds', now());
  return new;
end
$$;
create trigger device_reports_stamp before insert or update on public.device_reports
  for each row execute function private.stamp_device_report();

-- At each sync the device reports itself (the caller's own, unrevoked device): OS, app version,
-- update channel, when it last synced, how many changes wait to be sent. Also notes the device
-- seen (Settings → Devices). Answers the stored report. Bad values are refused in words.
create function public.report_device(
  p_device_id uuid,
  p_os text,
  p_app_version text,
  p_channel text,
  p_last_sync_at timestamptz,
  p_changes_waiting integer
)
returns jsonb
language plpgsql security invoker set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_org uuid;
  v_row public.device_reports%rowtype;
begin
  if v_uid is null then
    raise exception 'sign in to report a device' using errcode = '42501';
  end if;
  select d.org_id into v_org from public.devices d where d.id = p_device_id and d.user_id = v_uid and d.revoked_at is null;
  if v_org is null then
    raise exception 'this device is revoked or not enrolled for you' using errcode = '42501';
  end if;
  if length(coalesce(p_os, '')) > 100 then
    raise exception 'the operating system may be at most 100 characters' using errcode = '22023';
  end if;
  if p_app_version is not null and not private.is_semver(p_app_version) then
    raise exception 'the app version must be a version like 1.4.0' using errcode = '22023';
  end if;
  if p_channel is not null and p_channel not in ('latest', 'beta') then
    raise exception 'the channel must be latest or beta' using errcode = '22023';
  end if;
  if p_changes_waiting is null or p_changes_waiting not between 0 and 100000000 then
    raise exception 'changes waiting must be a count from 0' using errcode = '22023';
  end if;
  if p_last_sync_at > now() + interval '5 minutes' then
    raise exception 'the last sync time is in the future' using errcode = '22023';
  end if;
  insert into public.device_reports as r (id, org_id, user_id, os, app_version, channel, last_sync_at, changes_waiting)
  values (p_device_id, v_org, v_uid, coalesce(p_os, ''), p_app_version, p_channel, p_last_sync_at, p_changes_waiting)
  on conflict (id) do update set os = excluded.os, app_version = excluded.app_version, channel = excluded.channel,
    last_sync_at = excluded.last_sync_at, changes_waiting = excluded.changes_waiting
  returning * into v_row;
  perform public.note_device_seen(p_device_id, p_app_version);
  return jsonb_build_object('id', v_row.id, 'os', v_row.os, 'app_version', v_row.app_version, 'channel', v_row.channel,
    'last_sync_at', v_row.last_sync_at, 'changes_waiting', v_row.changes_waiting, 'reported_at', v_row.reported_at);
end
$$;
revoke execute on function public.report_device(uuid, text, text, text, timestamptz, integer) from public, anon;
grant execute on function public.report_device(uuid, text, text, text, timestamptz, integer) to authenticated;

-- The fleet view: every device of the org with its user, last report and state, for owners and
-- admins only. Active devices first, most recent activity first.
create function public.fleet_devices(p_org_id uuid)
returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
begin
  if p_org_id is null or not private.has_org_role(p_org_id, '{owner,admin}') then
    raise exception 'only an owner or admin of this organization can see its fleet' using errcode = '42501';
  end if;
  return (
    select coalesce(jsonb_agg(jsonb_build_object(
             'id', d.id, 'user_id', d.user_id, 'user_name', coalesce(m.display_name, u.email::text),
             'name', d.name, 'os', r.os, 'app_version', coalesce(r.app_version, d.app_version), 'channel', r.channel,
             'last_sync_at', r.last_sync_at, 'reported_at', r.reported_at, 'last_seen_at', d.last_seen_at,
             'changes_waiting', r.changes_waiting, 'created_at', d.created_at, 'revoked_at', d.revoked_at)
           order by d.revoked_at is not null, coalesce(r.reported_at, d.last_seen_at, d.created_at) desc, d.id), '[]'::jsonb)
    from public.devices d
    left join public.device_reports r on r.id = d.id
    left join public.memberships m on m.org_id = d.org_id and m.user_id = d.user_id
    left join auth.users u on u.id = d.user_id
    where d.org_id = p_org_id
  );
end
$$;
revoke execute on function public.fleet_devices(uuid) from public, anon;
grant execute on function public.fleet_devices(uuid) to authenticated;

-- Whether an app version may sync with an org: true when the org sets no minimum, false when it
-- does and the version is unknown, not a version, or below it. Push and pull call it through
-- private.sync_refusal; a redefinition of push or pull that takes the version as a parameter
-- calls it with that.
create function private.app_version_ok(p_org_id uuid, p_app_version text)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((
    select p_app_version is not null and private.is_semver(p_app_version)
           and private.semver_cmp(p_app_version, p.minimum_version) >= 0
    from private.org_update_policies p
    where p.org_id = p_org_id and p.minimum_version is not null
  ), true)
$$;

-- The org's minimum version, for the words of the refusal.
create function private.org_minimum_version(p_org_id uuid)
returns text
language sql stable security definer set search_path = ''
as $$ select p.minimum_version from private.org_update_policies p where p.org_id = p_org_id $$;

-- From 20260101001100_sync_contract.sql, with one check added after the device's: the app
-- version the device last reported (report_device, sent at the start of each sync round) must
-- meet the org's minimum version.
create or replace function private.sync_refusal(p_org_id uuid, p_schema_version integer, p_device_id uuid)
returns jsonb
language plpgsql stable security invoker set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_min integer := (public.sync_info() ->> 'min_client_schema_version')::integer;
  v_app_version text;
begin
  if v_uid is null then
    raise exception 'sign in to sync' using errcode = '42501';
  end if;
  if p_schema_version is null or p_schema_version < v_min then
    return jsonb_build_object('status', 'update_required', 'min_client_schema_version', v_min,
      'message', 'update required: this version of the app is too old to sync with this server');
  end if;
  if private.needs_second_factor(p_org_id) then
    return jsonb_build_object('status', 'mfa_required',
      'message', 'this organization requires a second factor: sign in with your authentication code to sync');
  end if;
  if not private.is_org_member(p_org_id) then
    return jsonb_build_object('status', 'purge', 'message', 'you are not a member of this organization');
  end if;
  if p_device_id is not null and not exists (
    select 1 from public.devices d
    where d.id = p_device_id and d.org_id = p_org_id and d.user_id = v_uid and d.revoked_at is null
  ) then
    return jsonb_build_object('status', 'device_revoked', 'message', 'this device is revoked or not enrolled in this organization');
  end if;
  select r.app_version into v_app_version from public.device_reports r where r.id = p_device_id;
  if not private.app_version_ok(p_org_id, v_app_version) then
    return jsonb_build_object('status', 'update_required', 'min_app_version', private.org_minimum_version(p_org_id),
      'app_version', v_app_version,
      'message', format('update required: your organization requires ComplyFlow %s or later (this computer runs %s)',
        private.org_minimum_version(p_org_id), coalesce(v_app_version, 'an unknown version')));
  end if;
  return null;
end
$$;
