-- The pull after a push no longer downloads again what the push just answered (issue 8, push of
-- 10,000 in ≤ 5 s). A push answer carries each applied row with its row_version, and the device
-- applies it from there (src-main/core/sync/push.ts); the pull that follows used to send every
-- one of those rows back (10,000 policies and their 10,000 trail events after the figure's
-- push). Now, when pull is given the caller's device, it leaves out exactly the changes that
-- device already holds from an answer: same table, same record, same row_version, kept in the
-- ledger (sync_mutations) for this user and device. Everything else still arrives:
--   * another device's or user's change, committed concurrently or not: the commit watermark
--     and cursor are as before (DESIGN §4.3; sync-pull.test.ts, sync-pull-own-changes.test.ts);
--   * a later version of a pushed record (a trigger's update in the same transaction, a later
--     writer): its row_version is not the one answered;
--   * a change whose answer was not final (not in the ledger) or not a row (a rejection);
--   * everything, for a caller that names no device (older clients, tests of the log itself).
-- The device may still receive an answered row twice (a resend after a lost answer is answered
-- from the ledger; pull of a change from before this migration): applying a row that is not
-- newer changes nothing on the replica, so a skipped change is the only thing that matters, and
-- only a change whose exact version the device was answered is skipped.
--
-- The ledger learns the transaction of each answer (txid, the same as the change log's rows
-- written by that push), so a page looks only at the device's answers after its cursor. Rows
-- from before this migration have none and are never skipped.
alter table public.sync_mutations add column txid xid8;
alter table public.sync_mutations alter column txid set default pg_current_xact_id();
create index sync_mutations_device_txid on public.sync_mutations (device_id, txid) where device_id is not null;

-- One page of the org's changes after (p_txid, p_seq), below the watermark, in (txid, seq)
-- order, without the changes `p_device_id` (the caller's own device) was answered by push:
-- the changes, how many rows the page query saw (p_limit + 1 means there is more), and where
-- the next page starts: the last change kept, or when the page is the last one, the last change
-- below the watermark (kept or left out, so the left-out ones are not read again). Security
-- definer: it reads past RLS, so it answers only a member of p_org_id (anyone else gets an
-- empty page), and it reads only the caller's own answers.
drop function private.pull_page(uuid, xid8, bigint, xid8, integer);
create function private.pull_page(p_org_id uuid, p_txid xid8, p_seq bigint, p_watermark xid8, p_limit integer,
  p_device_id uuid default null)
returns table (changes jsonb, seen integer, last_txid xid8, last_seq bigint)
language plpgsql stable security definer set search_path = ''
as $$
declare
  -- '<table>/<record id>/<row_version>' of every row the device was answered after the cursor;
  -- null when there is none (a jsonb object: `?` finds a key by binary search).
  v_acked jsonb;
begin
  if not private.is_org_member(p_org_id) then
    return query select '[]'::jsonb, 0, null::xid8, null::bigint;
    return;
  end if;
  if p_device_id is not null then
    select jsonb_object_agg(m.table_name || '/' || (m.answer -> 'row' ->> 'id') || '/' || (m.answer -> 'row' ->> 'row_version'), 1)
      into v_acked
    from public.sync_mutations m
    where m.device_id = p_device_id and m.txid >= p_txid and m.txid < p_watermark
      and m.user_id = (select auth.uid()) and m.org_id = p_org_id
      and m.answer ->> 'status' in ('applied', 'merged', 'conflict')
      and jsonb_typeof(m.answer -> 'row' -> 'id') = 'string'
      and jsonb_typeof(m.answer -> 'row' -> 'row_version') = 'number';
  end if;
  return query
  with page as (
    select c.seq, c.txid, c.table_name, c.record_id, c.op, c.row_version, c.row
    from public.sync_changes c
    where c.org_id = p_org_id and c.txid < p_watermark and (c.txid, c.seq) > (p_txid, p_seq)
      and (v_acked is null or not v_acked ? (c.table_name || '/' || c.record_id || '/' || c.row_version))
    order by c.txid, c.seq
    limit p_limit + 1
  ), kept as (
    select * from page order by txid, seq limit p_limit
  ), seen as (
    select count(*)::integer as n from page
  ), read_to as (
    -- The last page: everything below the watermark has been read, left-out changes included.
    select c.txid, c.seq
    from public.sync_changes c
    where v_acked is not null and (select n from seen) <= p_limit
      and c.org_id = p_org_id and c.txid < p_watermark and (c.txid, c.seq) > (p_txid, p_seq)
    order by c.txid desc, c.seq desc
    limit 1
  )
  select coalesce(jsonb_agg(jsonb_build_object('table', k.table_name, 'id', k.record_id, 'op', k.op,
           'row_version', k.row_version, 'row', k.row) order by k.txid, k.seq), '[]'::jsonb),
         (select n from seen),
         coalesce((select r.txid from read_to r), (array_agg(k.txid order by k.txid desc, k.seq desc))[1]),
         coalesce((select r.seq from read_to r), (array_agg(k.seq order by k.txid desc, k.seq desc))[1])
  from kept k;
end
$$;

revoke execute on function private.pull_page(uuid, xid8, bigint, xid8, integer, uuid) from public, anon;
grant execute on function private.pull_page(uuid, xid8, bigint, xid8, integer, uuid) to authenticated;

-- pull: as in 20260101001650, with the caller's device handed to the page reader (sync_refusal
-- has checked it is the caller's and not revoked) and the cursor moved past left-out changes.
create or replace function public.pull(
  p_org_id uuid,
  p_cursor text default null,
  p_limit integer default 1000,
  p_schema_version integer default null,
  p_device_id uuid default null
)
returns jsonb
language plpgsql security invoker set search_path = ''
as $$
declare
  v_refusal jsonb := private.sync_refusal(p_org_id, p_schema_version, p_device_id);
  v_limit integer := least(greatest(coalesce(p_limit, 1000), 1), 5000);
  v_txid xid8 := '0'::xid8;
  v_seq bigint := 0;
  v_watermark xid8;
  v_parts text[];
  v_changes jsonb;
  v_count integer;
  v_last_txid xid8;
  v_last_seq bigint;
  v_estimate jsonb := '{}'::jsonb;
begin
  if v_refusal is not null then
    return v_refusal;
  end if;
  if coalesce(p_cursor, '') <> '' then
    v_parts := string_to_array(p_cursor, ':');
    if cardinality(v_parts) <> 3 or v_parts[1] <> 'v1' or v_parts[2] !~ '^[0-9]+$' or v_parts[3] !~ '^[0-9]+$' then
      raise exception 'malformed cursor %', p_cursor using errcode = '22023';
    end if;
    v_txid := v_parts[2]::xid8;
    v_seq := v_parts[3]::bigint;
  end if;

  -- Every transaction older than the snapshot's xmin has finished: its entries are all
  -- visible now, and no entry with a smaller txid can appear later.
  v_watermark := pg_snapshot_xmin(pg_current_snapshot());

  select p.changes, p.seen, p.last_txid, p.last_seq
    into v_changes, v_count, v_last_txid, v_last_seq
  from private.pull_page(p_org_id, v_txid, v_seq, v_watermark, v_limit, p_device_id) p;

  -- The first page of a sync from the beginning says roughly how much is coming (this page
  -- included), so the app can show progress; capped at a million.
  if coalesce(p_cursor, '') = '' then
    v_estimate := jsonb_build_object('estimated_total',
      case when v_count > v_limit then private.sync_backlog(p_org_id, v_txid, v_seq, v_watermark, 1000000)
           else jsonb_array_length(v_changes) end);
  end if;

  if v_last_txid is not null then
    v_txid := v_last_txid;
    v_seq := v_last_seq;
  end if;

  return jsonb_build_object(
    'status', 'ok',
    'role', private.org_role(p_org_id),
    'changes', v_changes,
    'cursor', format('v1:%s:%s', v_txid, v_seq),
    'has_more', v_count > v_limit) || v_estimate;
end
$$;
