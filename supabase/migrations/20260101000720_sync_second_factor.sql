-- pull and push tell a member who has not yet verified a second factor, in an org that
-- requires one, to verify it ('mfa_required'), instead of answering 'purge' as they do for
-- someone who is no member at all: the member's local data and unsent changes must survive
-- until they sign in with a code. Nothing of the org is read or written either way.
-- The bodies are those of 20260101000500_sync.sql with that one check added before the
-- membership check.

create or replace function public.push(
  p_org_id uuid,
  p_mutations jsonb,
  p_schema_version integer default null,
  p_device_id uuid default null
)
returns jsonb
language plpgsql security invoker set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_min integer := (public.sync_info() ->> 'min_client_schema_version')::integer;
  -- An array of answers, turned into JSON once: appending to a jsonb array would copy it
  -- each time (quadratic in the batch size).
  v_results jsonb[] := '{}';
  v_mutation jsonb;
  v_id uuid;
  v_answer jsonb;
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
    return jsonb_build_object('status', 'device_revoked', 'message', 'this device is revoked or not enrolled');
  end if;
  if jsonb_typeof(p_mutations) is distinct from 'array' or jsonb_array_length(p_mutations) > 1000 then
    raise exception 'p_mutations must be an array of at most 1000 mutations' using errcode = '22023';
  end if;

  for v_mutation in select value from jsonb_array_elements(p_mutations) loop
    begin
      v_id := (v_mutation ->> 'id')::uuid;
    exception when others then
      v_id := null;
    end;
    if v_id is null then
      v_results := v_results || private.rejection(null, 'invalid', 'a mutation needs a uuid id');
      continue;
    end if;

    insert into public.sync_mutations (id, org_id, user_id, device_id, table_name, record_id)
    values (v_id, p_org_id, v_uid, p_device_id, v_mutation ->> 'table',
            case when (v_mutation ->> 'record_id') ~* '^[0-9a-f-]{36}$' then (v_mutation ->> 'record_id')::uuid end)
    on conflict (id) do nothing;
    if not found then
      select m.answer into v_answer from public.sync_mutations m where m.id = v_id;
      v_results := v_results || coalesce(v_answer,
        private.rejection(v_id, 'duplicate', 'this mutation id was used by someone else'));
      continue;
    end if;

    begin
      v_answer := private.apply_mutation(p_org_id, v_mutation);
    exception when others then
      v_answer := private.rejection(v_id, private.rejection_reason(sqlstate), sqlerrm);
    end;
    update public.sync_mutations set answer = v_answer where id = v_id;
    v_results := v_results || v_answer;
  end loop;

  return jsonb_build_object('status', 'ok', 'results', to_jsonb(v_results));
end
$$;

-- pull: the caller's org's changes after the cursor, in (txid, seq) order, up to the commit
-- watermark. Cursor: 'v1:<txid>:<seq>' (null or '' for the beginning of history).
create or replace function public.pull(
  p_org_id uuid,
  p_cursor text default null,
  p_limit integer default 1000,
  p_schema_version integer default null
)
returns jsonb
language plpgsql security invoker set search_path = ''
as $$
declare
  v_min integer := (public.sync_info() ->> 'min_client_schema_version')::integer;
  v_limit integer := least(greatest(coalesce(p_limit, 1000), 1), 5000);
  v_txid xid8 := '0'::xid8;
  v_seq bigint := 0;
  v_watermark xid8;
  v_parts text[];
  v_changes jsonb;
  v_count integer;
  v_last_txid xid8;
  v_last_seq bigint;
begin
  if (select auth.uid()) is null then
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

  with page as (
    select c.seq, c.txid, c.table_name, c.record_id, c.op, c.row_version, c.row
    from public.sync_changes c
    where c.org_id = p_org_id and c.txid < v_watermark and (c.txid, c.seq) > (v_txid, v_seq)
    order by c.txid, c.seq
    limit v_limit + 1
  ), kept as (
    select * from page order by txid, seq limit v_limit
  )
  select coalesce(jsonb_agg(jsonb_build_object('table', k.table_name, 'id', k.record_id, 'op', k.op,
           'row_version', k.row_version, 'row', k.row) order by k.txid, k.seq), '[]'::jsonb),
         (select count(*) from page),
         (array_agg(k.txid order by k.txid desc, k.seq desc))[1],
         (array_agg(k.seq order by k.txid desc, k.seq desc))[1]
    into v_changes, v_count, v_last_txid, v_last_seq
  from kept k;

  if v_count > 0 then
    v_txid := v_last_txid;
    v_seq := v_last_seq;
  end if;

  return jsonb_build_object(
    'status', 'ok',
    'role', private.org_role(p_org_id),
    'changes', v_changes,
    'cursor', format('v1:%s:%s', v_txid, v_seq),
    'has_more', v_count > v_limit);
end
$$;
