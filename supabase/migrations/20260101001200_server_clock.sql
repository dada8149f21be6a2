-- The server keeps its own clock (issue 8, "the server refuses what a client must not do"):
-- created_at is stamped on insert and deleted_at when a tombstone is set, whatever time the
-- client sent; every server stamp is truncated to milliseconds, so a client that renders it
-- with `new Date(x).toISOString()` gets the same instant back. A time only the device knows
-- (when it recorded an event offline, when it captured a file) is kept as claimed, in its own
-- column, never in the server's.

create or replace function private.stamp_record()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_now timestamptz := date_trunc('milliseconds', now());
begin
  new.updated_at := v_now;
  new.updated_by := coalesce((select auth.uid()), new.updated_by);
  if tg_op = 'INSERT' then
    new.row_version := 1;
    new.created_at := v_now;
    if new.deleted_at is not null then
      new.deleted_at := v_now;
    end if;
  else
    new.created_at := old.created_at;
    new.row_version := old.row_version + 1;
    -- A tombstone set now gets the server's time; one already set keeps its time; an
    -- undelete (null) clears it.
    if new.deleted_at is not null then
      new.deleted_at := coalesce(old.deleted_at, v_now);
    end if;
  end if;
  return new;
end
$$;

create or replace function private.touch_updated_at()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  new.updated_at := date_trunc('milliseconds', now());
  return new;
end
$$;

-- audit_events.at is when the server received the event; the device's own time for it goes to
-- claimed_at (a client that still sends `at` gets it moved there).
alter table public.audit_events add column claimed_at timestamptz;

create function private.stamp_event_time()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  new.claimed_at := coalesce(new.claimed_at, new.at);
  new.at := date_trunc('milliseconds', now());
  return new;
end
$$;
create trigger audit_events_server_time before insert on public.audit_events
  for each row execute function private.stamp_event_time();

-- When the device says it captured an evidence file (offline, in the field): kept as sent, shown
-- as claimed. created_at stays the server's.
alter table public.evidence add column claimed_captured_at timestamptz;

-- The tables outside the records stamp their times by default: milliseconds there too.
alter table public.organizations
  alter column created_at set default date_trunc('milliseconds', now()),
  alter column updated_at set default date_trunc('milliseconds', now());
alter table public.memberships
  alter column created_at set default date_trunc('milliseconds', now()),
  alter column updated_at set default date_trunc('milliseconds', now());
alter table public.devices
  alter column created_at set default date_trunc('milliseconds', now()),
  alter column updated_at set default date_trunc('milliseconds', now());
