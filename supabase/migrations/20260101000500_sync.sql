-- Sync: the change log that pull reads, the ledger of applied mutation ids that makes push
-- idempotent, the line-based three-way merge for policy text, and the pull / push RPCs.
-- The contract (JSON shapes, cursor format, answers) is in supabase/README.md.

-- What the client must speak. Bump min_client when an old client would corrupt data.
create function public.sync_info()
returns jsonb
language sql immutable set search_path = ''
as $$ select jsonb_build_object('server_schema_version', 1, 'min_client_schema_version', 1) $$;

-- Every write to a synced record, with the row as it was written. txid is the writing
-- transaction's id: pull hands out only entries whose transaction is older than every
-- transaction still running (the snapshot xmin), so a transaction that commits late can never
-- be skipped by a cursor that has already moved past it.
create table public.sync_changes (
  seq bigint generated always as identity primary key,
  txid xid8 not null default pg_current_xact_id(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  table_name text not null,
  record_id uuid not null,
  op text not null check (op in ('insert', 'update', 'delete')),
  row_version bigint not null,
  row jsonb not null,
  changed_at timestamptz not null default now()
);
create index sync_changes_pull_idx on public.sync_changes (org_id, txid, seq);

alter table public.sync_changes enable row level security;
create policy sync_changes_select on public.sync_changes for select to authenticated
  using ((select private.is_org_member(org_id)));
-- Written only by the trigger below (as the table owner); no insert, update or delete policy.

create function private.log_change()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.sync_changes (org_id, table_name, record_id, op, row_version, row)
  values (new.org_id, tg_table_name, new.id,
          case when tg_op = 'INSERT' then 'insert'
               when new.deleted_at is not null and old.deleted_at is null then 'delete'
               else 'update' end,
          new.row_version, to_jsonb(new));
  return null;
end
$$;

do $$
declare
  t text;
begin
  foreach t in array array['frameworks', 'controls', 'policies', 'policy_revisions', 'policy_controls',
    'policy_conflicts', 'audits', 'evidence', 'evidence_controls', 'audit_scope', 'audit_assignments',
    'audit_results', 'findings', 'audit_events']
  loop
    execute format('create trigger %I after insert or update on public.%I
      for each row execute function private.log_change()', t || '_log_change', t);
  end loop;
end
$$;

-- Mutation ids already applied, with the answer given: a repeat gets that answer again.
create table public.sync_mutations (
  id uuid primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null,
  device_id uuid,
  table_name text,
  record_id uuid,
  answer jsonb,
  created_at timestamptz not null default now()
);
alter table public.sync_mutations enable row level security;
create policy sync_mutations_select on public.sync_mutations for select to authenticated
  using (user_id = (select auth.uid()));
create policy sync_mutations_insert on public.sync_mutations for insert to authenticated
  with check (user_id = (select auth.uid()) and (select private.is_org_member(org_id)));
create policy sync_mutations_update on public.sync_mutations for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));
create trigger sync_mutations_org_immutable before update on public.sync_mutations
  for each row execute function private.forbid_org_change();

-- Longest-common-subsequence matching of two line arrays: for each line of a, the index of
-- the line of b it is matched to, or 0. Common prefix and suffix are matched first, so the
-- quadratic part covers only the edited middle.
create function private.match_lines(a text[], b text[])
returns integer[]
language plpgsql immutable set search_path = ''
as $$
declare
  n integer := coalesce(array_length(a, 1), 0);
  m integer := coalesce(array_length(b, 1), 0);
  pre integer := 0;
  suf integer := 0;
  nn integer;
  mm integer;
  w integer;
  i integer;
  j integer;
  dp integer[];
  res integer[] := array_fill(0, array[n]);
begin
  while pre < n and pre < m and a[pre + 1] = b[pre + 1] loop
    pre := pre + 1;
    res[pre] := pre;
  end loop;
  while suf < n - pre and suf < m - pre and a[n - suf] = b[m - suf] loop
    res[n - suf] := m - suf;
    suf := suf + 1;
  end loop;
  nn := n - pre - suf;
  mm := m - pre - suf;
  if nn = 0 or mm = 0 or nn::bigint * mm > 4000000 then
    -- Nothing left to match, or too large an edit to match line by line: leave the middle
    -- unmatched, which the merge treats as one changed block.
    return res;
  end if;
  w := mm + 1;
  dp := array_fill(0, array[(nn + 1) * w]);
  for i in reverse nn - 1 .. 0 loop
    for j in reverse mm - 1 .. 0 loop
      if a[pre + i + 1] = b[pre + j + 1] then
        dp[i * w + j + 1] := dp[(i + 1) * w + j + 2] + 1;
      else
        dp[i * w + j + 1] := greatest(dp[(i + 1) * w + j + 1], dp[i * w + j + 2]);
      end if;
    end loop;
  end loop;
  i := 0;
  j := 0;
  while i < nn and j < mm loop
    if a[pre + i + 1] = b[pre + j + 1] then
      res[pre + i + 1] := pre + j + 1;
      i := i + 1;
      j := j + 1;
    elsif dp[(i + 1) * w + j + 1] >= dp[i * w + j + 2] then
      i := i + 1;
    else
      j := j + 1;
    end if;
  end loop;
  return res;
end
$$;

-- Line-based three-way merge (diff3): base lines unchanged on both sides anchor the merge;
-- between anchors, a block changed on one side only takes that side, the same change on both
-- sides is taken once, and different changes to the same block are a conflict.
-- Answers {"clean": true, "text": merged} or {"clean": false}.
create function private.merge_text(p_base text, p_ours text, p_theirs text)
returns jsonb
language plpgsql immutable set search_path = ''
as $$
declare
  b text[];
  a text[];
  o text[];
  ma integer[];
  mo integer[];
  nb integer;
  na integer;
  no integer;
  ib integer := 1;
  ia integer := 1;
  io integer := 1;
  ea integer;
  eo integer;
  cb text[];
  ca text[];
  co text[];
  merged text[] := '{}';
begin
  if p_ours = p_theirs or p_theirs = p_base then
    return jsonb_build_object('clean', true, 'text', p_ours);
  elsif p_ours = p_base then
    return jsonb_build_object('clean', true, 'text', p_theirs);
  end if;
  b := string_to_array(p_base, E'\n');
  a := string_to_array(p_ours, E'\n');
  o := string_to_array(p_theirs, E'\n');
  nb := coalesce(array_length(b, 1), 0);
  na := coalesce(array_length(a, 1), 0);
  no := coalesce(array_length(o, 1), 0);
  ma := private.match_lines(b, a);
  mo := private.match_lines(b, o);
  for i in 1 .. nb + 1 loop
    if i <= nb and (ma[i] = 0 or mo[i] = 0) then
      continue;
    end if;
    if i <= nb then
      ea := ma[i];
      eo := mo[i];
    else
      ea := na + 1;
      eo := no + 1;
    end if;
    cb := coalesce(b[ib : i - 1], '{}');
    ca := coalesce(a[ia : ea - 1], '{}');
    co := coalesce(o[io : eo - 1], '{}');
    if ca = cb then
      merged := merged || co;
    elsif co = cb or ca = co then
      merged := merged || ca;
    else
      return jsonb_build_object('clean', false);
    end if;
    if i <= nb then
      merged := merged || b[i];
      ib := i + 1;
      ia := ea + 1;
      io := eo + 1;
    end if;
  end loop;
  return jsonb_build_object('clean', true, 'text', array_to_string(merged, E'\n'));
end
$$;

-- The tables push may write, and the columns a client may set in each (the server stamps
-- id, org_id, updated_at, updated_by and row_version itself).
create function private.sync_columns(p_table text)
returns text[]
language plpgsql stable security definer set search_path = ''
as $$
begin
  if p_table is null or p_table not in ('frameworks', 'controls', 'policies', 'policy_revisions',
      'policy_controls', 'policy_conflicts', 'audits', 'evidence', 'evidence_controls', 'audit_scope',
      'audit_assignments', 'audit_results', 'findings', 'audit_events') then
    return null;
  end if;
  return (
    select array_agg(a.attname::text order by a.attnum)
    from pg_catalog.pg_attribute a
    where a.attrelid = ('public.' || quote_ident(p_table))::regclass
      and a.attnum > 0 and not a.attisdropped
      and a.attname not in ('id', 'org_id', 'updated_at', 'updated_by', 'row_version'));
end
$$;

create function private.rejection(p_id uuid, p_reason text, p_message text)
returns jsonb
language sql immutable set search_path = ''
as $$
  select jsonb_build_object('id', p_id, 'status', 'rejected', 'reason', p_reason, 'message', p_message)
$$;

-- Applies one mutation as the caller (RLS decides), merging per field against `base`.
-- Raises on anything the database refuses; push() turns that into a rejection.
create function private.apply_mutation(p_org_id uuid, p_mutation jsonb)
returns jsonb
language plpgsql security invoker set search_path = ''
as $$
declare
  v_id uuid := (p_mutation ->> 'id')::uuid;
  v_table text := p_mutation ->> 'table';
  v_record uuid := (p_mutation ->> 'record_id')::uuid;
  v_op text := p_mutation ->> 'op';
  v_patch jsonb := coalesce(p_mutation -> 'patch', '{}'::jsonb);
  v_base jsonb := coalesce(p_mutation -> 'base', '{}'::jsonb);
  v_cols text[];
  v_unknown text[];
  v_current jsonb;
  v_patch_n jsonb;
  v_base_n jsonb;
  v_set jsonb := '{}'::jsonb;
  v_overridden text[] := '{}';
  v_status text := 'applied';
  v_conflict_id uuid;
  v_merge jsonb;
  v_row jsonb;
  k text;
begin
  v_cols := private.sync_columns(v_table);
  if v_cols is null then
    return private.rejection(v_id, 'unknown_table', format('cannot sync table %s', v_table));
  end if;
  if v_record is null or v_op is null or v_op not in ('insert', 'update', 'delete')
     or jsonb_typeof(v_patch) <> 'object' or jsonb_typeof(v_base) <> 'object' then
    return private.rejection(v_id, 'invalid', 'a mutation needs record_id, op (insert, update, delete) and object patch and base');
  end if;
  if v_patch ? 'org_id' and (v_patch ->> 'org_id') is distinct from p_org_id::text then
    return private.rejection(v_id, 'forbidden', 'a row cannot move to another organization');
  end if;
  v_patch := v_patch - array['id', 'org_id', 'updated_at', 'updated_by', 'row_version'];
  v_base := v_base - array['id', 'org_id', 'updated_at', 'updated_by', 'row_version'];
  select array_agg(key) into v_unknown from jsonb_object_keys(v_patch) key where key <> all (v_cols);
  if v_unknown is not null then
    return private.rejection(v_id, 'unknown_field',
      format('%s has no synced field %s (is the server older than the app?)', v_table, array_to_string(v_unknown, ', ')));
  end if;
  if v_op = 'delete' then
    v_patch := jsonb_build_object('deleted_at', coalesce(v_patch -> 'deleted_at', to_jsonb(now())));
    v_base := v_base - array(select key from jsonb_object_keys(v_base) key where key <> 'deleted_at');
  end if;

  execute format('select to_jsonb(t) from public.%I t where t.id = $1', v_table) into v_current using v_record;
  if v_current is not null and (v_current ->> 'org_id')::uuid is distinct from p_org_id then
    return private.rejection(v_id, 'forbidden', 'the record belongs to another organization');
  end if;

  if v_current is null then
    if v_op <> 'insert' then
      return private.rejection(v_id, 'not_found', format('%s %s does not exist', v_table, v_record));
    end if;
    execute format('insert into public.%1$I (id, org_id%2$s) select $1, $2%3$s from jsonb_populate_record(null::public.%1$I, $3) r',
      v_table,
      (select coalesce(string_agg(', ' || quote_ident(key), ''), '') from jsonb_object_keys(v_patch) key),
      (select coalesce(string_agg(', r.' || quote_ident(key), ''), '') from jsonb_object_keys(v_patch) key))
      using v_record, p_org_id, v_patch;
  else
    -- Lock the row; under RLS this finds it only if the caller may update it.
    execute format('select to_jsonb(t) from public.%I t where t.id = $1 for update', v_table) into v_current using v_record;
    if v_current is null then
      raise exception 'not allowed to change this %', v_table using errcode = '42501';
    end if;
    -- Compare values as the column types see them (a client's ISO timestamp and Postgres's
    -- rendering of the same instant are equal).
    execute format('select to_jsonb(jsonb_populate_record(null::public.%1$I, $1)), to_jsonb(jsonb_populate_record(null::public.%1$I, $2))', v_table)
      into v_patch_n, v_base_n using v_patch, v_base;
    for k in select jsonb_object_keys(v_patch) loop
      if (v_current -> k) = (v_patch_n -> k) then
        continue;
      elsif not (v_base ? k) or (v_base_n -> k) = (v_current -> k) then
        v_set := v_set || jsonb_build_object(k, v_patch -> k);
      elsif v_table = 'policies' and k = 'body' then
        v_merge := private.merge_text(v_base_n ->> k, v_patch_n ->> k, v_current ->> k);
        if (v_merge ->> 'clean')::boolean then
          v_set := v_set || jsonb_build_object(k, v_merge -> 'text');
          v_status := 'merged';
        else
          insert into public.policy_conflicts (org_id, policy_id, mutation_id, base_body, ours_body, theirs_body)
          values (p_org_id, v_record, v_id, v_base_n ->> k, v_patch_n ->> k, v_current ->> k)
          returning id into v_conflict_id;
          v_status := 'conflict';
        end if;
      else
        -- Both sides changed this scalar since the base: the later write wins, and the answer
        -- names the field so the client can tell the user. The earlier value stays in the
        -- change log and the audit trail.
        v_set := v_set || jsonb_build_object(k, v_patch -> k);
        v_overridden := v_overridden || k;
        if v_status = 'applied' then
          v_status := 'merged';
        end if;
      end if;
    end loop;
    if v_set <> '{}'::jsonb then
      execute format('update public.%1$I t set %2$s from jsonb_populate_record(null::public.%1$I, $1) r where t.id = $2',
        v_table,
        (select string_agg(quote_ident(key) || ' = r.' || quote_ident(key), ', ') from jsonb_object_keys(v_set) key))
        using v_set, v_record;
    end if;
  end if;

  execute format('select to_jsonb(t) from public.%I t where t.id = $1', v_table) into v_row using v_record;
  return jsonb_build_object('id', v_id, 'status', v_status, 'row', v_row)
    || case when cardinality(v_overridden) > 0 then jsonb_build_object('overridden', v_overridden) else '{}'::jsonb end
    || case when v_conflict_id is not null then jsonb_build_object('conflict_id', v_conflict_id) else '{}'::jsonb end;
end
$$;

create function private.rejection_reason(p_sqlstate text)
returns text
language sql immutable set search_path = ''
as $$
  select case
    when p_sqlstate = '42501' then 'forbidden'
    when p_sqlstate = '23505' then 'duplicate'
    when p_sqlstate = '23503' then 'missing_reference'
    when p_sqlstate like '23%' or p_sqlstate like '22%' then 'invalid'
    else 'error'
  end
$$;

-- push: applies a batch of mutations as the caller. Each mutation id is applied once; a
-- repeat is answered with the first answer. A mutation the database refuses is rejected on
-- its own (its changes rolled back to a savepoint); the rest of the batch still applies.
create function public.push(
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
create function public.pull(
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

revoke execute on function public.push(uuid, jsonb, integer, uuid) from public, anon;
revoke execute on function public.pull(uuid, text, integer, integer) from public, anon;
grant execute on function public.push(uuid, jsonb, integer, uuid) to authenticated;
grant execute on function public.pull(uuid, text, integer, integer) to authenticated;
