-- A cheaper pull (issue 8, initial-sync figure). `pull` is security invoker, so its page query
-- ran sync_changes' RLS policy, `(select private.is_org_member(org_id))`, once per row: the
-- subquery is correlated on org_id, so every row paid a membership lookup (memberships,
-- organizations, the JWT's aal). pull already refuses a non-member (private.sync_refusal)
-- before it reads a page, so the page is now read by a security-definer helper that checks
-- membership once, then walks the (org_id, txid, seq) index with no policy. `pull` is redefined
-- in full, copied from 20260101001100 with only the page query moved into the helper; its
-- answers are unchanged (sync-contract-access, sync-contract-pull tests).

-- One page of the org's changes after (p_txid, p_seq), below the watermark, in (txid, seq)
-- order: the changes as pull answers them, how many rows the page query saw (p_limit + 1 means
-- there is more), and the last (txid, seq) kept. Security definer: it reads past RLS, so it
-- answers only a member of p_org_id (anyone else gets an empty page).
create function private.pull_page(p_org_id uuid, p_txid xid8, p_seq bigint, p_watermark xid8, p_limit integer)
returns table (changes jsonb, seen integer, last_txid xid8, last_seq bigint)
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not private.is_org_member(p_org_id) then
    return query select '[]'::jsonb, 0, null::xid8, null::bigint;
    return;
  end if;
  return query
  with page as (
    select c.seq, c.txid, c.table_name, c.record_id, c.op, c.row_version, c.row
    from public.sync_changes c
    where c.org_id = p_org_id and c.txid < p_watermark and (c.txid, c.seq) > (p_txid, p_seq)
    order by c.txid, c.seq
    limit p_limit + 1
  ), kept as (
    select * from page order by txid, seq limit p_limit
  )
  select coalesce(jsonb_agg(jsonb_build_object('table', k.table_name, 'id', k.record_id, 'op', k.op,
           'row_version', k.row_version, 'row', k.row) order by k.txid, k.seq), '[]'::jsonb),
         (select count(*)::integer from page),
         (array_agg(k.txid order by k.txid desc, k.seq desc))[1],
         (array_agg(k.seq order by k.txid desc, k.seq desc))[1]
  from kept k;
end
$$;

revoke execute on function private.pull_page(uuid, xid8, bigint, xid8, integer) from public, anon;
grant execute on function private.pull_page(uuid, xid8, bigint, xid8, integer) to authenticated;

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
  from private.pull_page(p_org_id, v_txid, v_seq, v_watermark, v_limit) p;

  -- The first page of a sync from the beginning says roughly how much is coming (this page
  -- included), so the app can show progress; capped at a million.
  if coalesce(p_cursor, '') = '' then
    v_estimate := jsonb_build_object('estimated_total',
      case when v_count > v_limit then private.sync_backlog(p_org_id, v_txid, v_seq, v_watermark, 1000000)
           else v_count end);
  end if;

  if v_count > 0 then
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
