-- The trail chain check once per statement instead of once per event (issue 8, push of 10,000
-- in ≤ 5 s). Push's fast path inserts a run of 1,000 trail events in one statement
-- (20260101001620), and private.check_trail_chain (20260101001240) ran for each of them as a
-- BEFORE ROW trigger: three queries and an advisory lock per event, the largest per-row cost in
-- that insert (bench/sync-push-split.ts --explain: ~14 % of a 1,000-event push). The same rule
-- is now checked on the statement's rows together (an AFTER STATEMENT trigger over the
-- transition table), per device:
--   * the caller's own enrolled, unrevoked device (42501), an event without a device only from
--     the operator (no caller), and every event with its seq and prev_hash (22023) — as before;
--   * one writer per chain at a time (the same advisory lock, taken per device, in device order);
--   * the statement's events, in seq order, extend the chain: the first follows the device's
--     last event before them (seq + 1, prev_hash = its hash), each next one follows the one
--     before it, and no earlier event of the device has a seq among or after them. A seq after
--     a gap is 23503 (push answers missing_reference, not kept: it applies once the gap is
--     filled); any other break (a fork, an edited history) is 22023 (invalid, for good).
-- For a statement of one event (direct inserts, push one mutation at a time) this is exactly
-- the former rule. A seq the device already used is now refused by the unique key
-- (audit_events_device_seq, 23505) before the check runs; push answers it as before, `invalid`
-- with "does not extend this device's chain" (private.push_one below), so a fork still reads as
-- one. Answers are unchanged (server-rules-trail-chain.test.ts, sync-push-fast-path.test.ts,
-- and sync-trail-chain-statement.test.ts for runs of many events).

drop trigger audit_events_chain on public.audit_events;

create function private.check_trail_chain_rows()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_bad record;
  v_chain record;
  v_last record;
  v_after bigint;
begin
  if v_uid is not null and exists (select 1 from new_rows n where n.device_id is null) then
    raise exception 'an audit event needs the device that recorded it (device_id, seq, prev_hash)'
      using errcode = '22023';
  end if;
  if v_uid is not null then
    select n.id into v_bad from new_rows n
    where n.device_id is not null and not exists (
      select 1 from public.devices d
      where d.id = n.device_id and d.org_id = n.org_id and d.user_id = v_uid and d.revoked_at is null)
    limit 1;
    if found then
      raise exception 'this event''s device is not one of your enrolled devices in this organization, or it is revoked'
        using errcode = '42501';
    end if;
  end if;
  if exists (select 1 from new_rows n where n.device_id is not null and (n.seq is null or n.prev_hash is null)) then
    raise exception 'an audit event needs its place in the device''s chain (seq and prev_hash)' using errcode = '22023';
  end if;

  for v_chain in
    select n.org_id, n.device_id, min(n.seq) as first_seq, count(*) as events
    from new_rows n where n.device_id is not null
    group by n.org_id, n.device_id order by n.org_id, n.device_id
  loop
    -- One writer per chain at a time, so two pushes of the same device cannot both extend it.
    perform pg_advisory_xact_lock(hashtextextended('audit_events:' || v_chain.device_id::text, 0));
    -- The chain as it was: the device's last event before this statement's first one.
    select e.seq, e.hash into v_last from public.audit_events e
    where e.org_id = v_chain.org_id and e.device_id = v_chain.device_id and e.seq < v_chain.first_seq
    order by e.seq desc limit 1;
    if v_chain.first_seq > coalesce(v_last.seq, 0) + 1 then
      select n.id, n.seq into v_bad from new_rows n
      where n.org_id = v_chain.org_id and n.device_id = v_chain.device_id order by n.seq limit 1;
      raise exception 'event % (seq %) does not extend this device''s chain yet: expected seq % first',
        v_bad.id, v_bad.seq, coalesce(v_last.seq, 0) + 1
        using errcode = '23503';
    end if;
    -- An earlier event with a seq among or after this statement's: not the chain's end (a fork).
    select count(*) into v_after from public.audit_events e
    where e.org_id = v_chain.org_id and e.device_id = v_chain.device_id and e.seq >= v_chain.first_seq;
    if v_after > v_chain.events then
      select n.id, n.seq into v_bad from new_rows n
      where n.org_id = v_chain.org_id and n.device_id = v_chain.device_id order by n.seq limit 1;
      raise exception 'event % (seq %) does not extend this device''s chain: expected seq % after hash %',
        v_bad.id, v_bad.seq, coalesce(v_last.seq, 0) + 1, coalesce(v_last.hash, repeat('0', 64))
        using errcode = '22023';
    end if;
    -- Each event follows the one before it: the next seq (a missing one is a gap) and its hash.
    select l.id, l.seq, l.expected_seq, l.expected_hash, l.prev_hash into v_bad
    from (
      select n.id, n.seq, n.prev_hash,
        coalesce(lag(n.seq) over w, coalesce(v_last.seq, 0)) + 1 as expected_seq,
        coalesce(lag(n.hash) over w, v_last.hash, repeat('0', 64)) as expected_hash
      from new_rows n
      where n.org_id = v_chain.org_id and n.device_id = v_chain.device_id
      window w as (order by n.seq)
    ) l
    where l.seq <> l.expected_seq or l.prev_hash <> l.expected_hash
    order by l.seq limit 1;
    if found then
      if v_bad.seq > v_bad.expected_seq then
        raise exception 'event % (seq %) does not extend this device''s chain yet: expected seq % first',
          v_bad.id, v_bad.seq, v_bad.expected_seq
          using errcode = '23503';
      end if;
      raise exception 'event % (seq %) does not extend this device''s chain: expected seq % after hash %',
        v_bad.id, v_bad.seq, v_bad.expected_seq, v_bad.expected_hash
        using errcode = '22023';
    end if;
  end loop;
  return null;
end
$$;

create trigger audit_events_chain after insert on public.audit_events
  referencing new table as new_rows for each statement execute function private.check_trail_chain_rows();

-- The former row check stays defined (nothing calls it) so older migrations' tests that name it
-- keep reading; it is not a trigger any more.
comment on function private.check_trail_chain() is
  'Superseded by private.check_trail_chain_rows (20260101001810), the same rule per statement; not a trigger.';

-- push_one as in 20260101001620, except that a seq its device already used in the trail
-- (the unique key audit_events_device_seq, which now speaks before the chain check) is answered
-- as the chain check answered it: invalid, "does not extend this device's chain".
create or replace function private.push_one(p_org_id uuid, p_device_id uuid, p_mutation jsonb)
returns jsonb
language plpgsql security invoker set search_path = ''
as $$
declare
  v_id uuid;
  v_answer jsonb;
  v_constraint text;
begin
  begin
    v_id := (p_mutation ->> 'id')::uuid;
  exception when others then
    v_id := null;
  end;
  if v_id is null then
    return private.rejection(null, 'invalid', 'a mutation needs a uuid id');
  end if;

  v_answer := private.claim_mutation(p_org_id, v_id, p_device_id, p_mutation ->> 'table',
    case when (p_mutation ->> 'record_id') ~* '^[0-9a-f-]{36}$' then (p_mutation ->> 'record_id')::uuid end);
  if v_answer is not null then
    return v_answer;
  end if;

  begin
    v_answer := private.apply_mutation(p_org_id, p_mutation);
  exception when others then
    get stacked diagnostics v_constraint = constraint_name;
    if sqlstate = '23505' and v_constraint = 'audit_events_device_seq' then
      v_answer := private.rejection(v_id, 'invalid', format(
        'event %s (seq %s) does not extend this device''s chain: that seq is already taken (a fork of the chain)',
        p_mutation ->> 'record_id', coalesce(p_mutation -> 'patch' ->> 'seq', '?')));
    else
      v_answer := private.rejection(v_id, private.rejection_reason(sqlstate), sqlerrm);
    end if;
  end;
  perform private.settle_mutation(v_id, v_answer);
  return v_answer;
end
$$;

-- row_by_unique_key as in 20260101001100, except that a trail event never merges into another
-- one: the trail is append-only, and an event whose (device, seq) is taken is a fork, refused
-- (push_one above). Before this file the row check refused such an event before its insert, so
-- apply_mutation never came here for audit_events; now the unique key speaks first.
create or replace function private.row_by_unique_key(p_table text, p_index text, p_row jsonb)
returns uuid
language plpgsql stable security invoker set search_path = ''
as $$
declare
  v_cols text[];
  v_pred text;
  v_id uuid;
begin
  if p_table = 'audit_events' then
    return null;
  end if;
  select array_agg(a.attname::text order by k.ord), pg_catalog.pg_get_expr(i.indpred, i.indrelid)
    into v_cols, v_pred
  from pg_catalog.pg_index i
  join pg_catalog.pg_class c on c.oid = i.indexrelid
  cross join lateral unnest(i.indkey::int2[]) with ordinality k (attnum, ord)
  join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
  where i.indrelid = ('public.' || quote_ident(p_table))::regclass
    and c.relname = p_index and i.indisunique and not i.indisprimary
  group by i.indpred, i.indrelid;
  if v_cols is null then
    return null;
  end if;
  execute format('select t.id from (select * from public.%1$I where %2$s) t, jsonb_populate_record(null::public.%1$I, $1) r where %3$s limit 1',
    p_table, coalesce(v_pred, 'true'),
    (select string_agg(format('t.%1$I = r.%1$I', col), ' and ') from unnest(v_cols) col))
    into v_id using p_row;
  return v_id;
end
$$;
