-- The audit trail across devices (issue 8). Each replica hash-chains its own events
-- (src-main/core/audit-trail/trail.ts): seq 1, 2, 3 … and each event's prev_hash is the
-- previous event's hash, the first one's 64 zeros. Devices push their events with that chain,
-- and the server keeps it: an event must extend its device's chain (the next seq, and the
-- previous event's hash), so there is no gap and no fork, and what the server holds anchors
-- each device's history. The trail stays append-only (audit_events_append_only).

alter table public.audit_events
  add column device_id uuid references public.devices (id),
  add column seq bigint check (seq >= 1),
  add constraint audit_events_prev_hash_format check (prev_hash ~ '^[0-9a-f]{64}$');
alter table public.audit_events
  add constraint audit_events_device_seq unique (org_id, device_id, seq);

create function private.check_trail_chain()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_last record;
begin
  if new.device_id is null then
    if v_uid is null then
      return new; -- the operator's own records, outside any device's chain
    end if;
    raise exception 'an audit event needs the device that recorded it (device_id, seq, prev_hash)'
      using errcode = '22023';
  end if;
  if v_uid is not null and not exists (
    select 1 from public.devices d
    where d.id = new.device_id and d.org_id = new.org_id and d.user_id = v_uid and d.revoked_at is null
  ) then
    raise exception 'this event''s device is not one of your enrolled devices in this organization, or it is revoked'
      using errcode = '42501';
  end if;
  if new.seq is null or new.prev_hash is null then
    raise exception 'an audit event needs its place in the device''s chain (seq and prev_hash)' using errcode = '22023';
  end if;
  -- One writer per chain at a time, so two pushes of the same device cannot both extend it.
  perform pg_advisory_xact_lock(hashtextextended('audit_events:' || new.device_id::text, 0));
  select e.seq, e.hash into v_last from public.audit_events e
  where e.org_id = new.org_id and e.device_id = new.device_id
  order by e.seq desc limit 1;
  -- An event after a gap waits for the missing ones: 23503, which push answers as
  -- missing_reference and does not keep as a final answer, so the same event applies once its
  -- predecessors are in. Anything else that does not extend the chain (a second seq 1, a seq
  -- already taken, another prev_hash: a fork or an edit) is refused for good (22023, invalid).
  if new.seq > coalesce(v_last.seq, 0) + 1 then
    raise exception 'event % (seq %) does not extend this device''s chain yet: expected seq % first',
      new.id, new.seq, coalesce(v_last.seq, 0) + 1
      using errcode = '23503';
  end if;
  if new.seq <> coalesce(v_last.seq, 0) + 1 or new.prev_hash <> coalesce(v_last.hash, repeat('0', 64)) then
    raise exception 'event % (seq %) does not extend this device''s chain: expected seq % after hash %',
      new.id, new.seq, coalesce(v_last.seq, 0) + 1, coalesce(v_last.hash, repeat('0', 64))
      using errcode = '22023';
  end if;
  return new;
end
$$;
create trigger audit_events_chain before insert on public.audit_events
  for each row execute function private.check_trail_chain();
