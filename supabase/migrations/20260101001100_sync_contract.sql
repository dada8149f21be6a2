-- Sync protocol 2 (issue 8, "the contract must fit"): the push / pull contract the client
-- engine speaks. This file redefines in full public.sync_info, public.push, public.pull,
-- private.apply_mutation and private.sync_columns, folding in what 0720 (second factor) and
-- 0900 (control_implementations) added. What changes, in short:
--   * protocol version 2; a client that sends 1 (or nothing) is told to update;
--   * `base: null` (an insert's outbox entry) means `{}`;
--   * the server has the replica's unique keys, and an insert that hits one under another id
--     merges into the existing row (`merged`, `merged_into`);
--   * timestamps are compared as instants at millisecond precision (what the client keeps);
--   * overridden fields come with the value that lost (`previous`) and its writer (`previous_by`);
--   * a clean three-way merge of a policy body writes a revision with the merged text;
--   * the ledger holds final answers only, per user, and only push writes it;
--   * pull takes the device like push, and its first page estimates the backlog.
-- The contract (JSON shapes, answers) is in supabase/README.md.

create or replace function public.sync_info()
returns jsonb
language sql immutable set search_path = ''
as $$ select jsonb_build_object('server_schema_version', 2, 'min_client_schema_version', 2) $$;

-- The replica's unique keys (src-main/core/db/migrations), so two devices that link the same
-- pair end with one row on the server too. controls (framework_id, control_key),
-- audit_results (audit_id, control_id) and control_implementations already had theirs.
-- The server has never synced with a replica before protocol 2, so no duplicates exist yet.
create unique index frameworks_source on public.frameworks (org_id, source_uuid) where deleted_at is null;
create unique index policy_controls_pair on public.policy_controls (policy_id, control_id);
create unique index evidence_controls_pair on public.evidence_controls (evidence_id, control_id);
create unique index audit_scope_pair on public.audit_scope (audit_id, control_id);

-- The ledger, per user: a mutation id one user sent never blocks another user's. Only push
-- writes it (through the two security-definer helpers below): no member may insert or edit
-- an answer for themselves. Answers that were not final (the reasons a resend may cure) are
-- forgotten, so those mutations apply when the client sends them again.
alter table public.sync_mutations drop constraint sync_mutations_pkey;
alter table public.sync_mutations add primary key (user_id, id);
drop policy sync_mutations_insert on public.sync_mutations;
drop policy sync_mutations_update on public.sync_mutations;
revoke insert, update, delete, truncate on public.sync_mutations from anon, authenticated;
delete from public.sync_mutations
where answer is null
   or (answer ->> 'status' = 'rejected'
       and answer ->> 'reason' in ('missing_reference', 'error', 'unknown_table', 'unknown_field'));

-- Whether an answer is final (stored, and replayed for a repeat) or one a resend may change:
-- a parent that arrives later, a transient failure (serialization, deadlock, lock timeout,
-- cancel, all answered as `error`), a table or field this server does not know yet.
create function private.is_final_answer(p_answer jsonb)
returns boolean
language sql immutable set search_path = ''
as $$
  select p_answer ->> 'status' <> 'rejected'
      or p_answer ->> 'reason' not in ('missing_reference', 'error', 'unknown_table', 'unknown_field')
$$;

-- Claims a mutation id for the caller. Answers null when it is new (the caller applies it),
-- else the stored answer. A concurrent push of the same id waits here until the first commits.
create function private.claim_mutation(p_org_id uuid, p_id uuid, p_device_id uuid, p_table text, p_record_id uuid)
returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_answer jsonb;
begin
  insert into public.sync_mutations (id, org_id, user_id, device_id, table_name, record_id)
  values (p_id, p_org_id, v_uid, p_device_id, p_table, p_record_id)
  on conflict (user_id, id) do nothing;
  if found then
    return null;
  end if;
  select m.answer into v_answer from public.sync_mutations m where m.user_id = v_uid and m.id = p_id;
  return coalesce(v_answer, jsonb_build_object('id', p_id, 'status', 'rejected', 'reason', 'error',
    'message', 'this mutation is being applied by another request; send it again'));
end
$$;

-- Keeps a final answer for the caller's claimed mutation id, or releases the claim.
create function private.settle_mutation(p_id uuid, p_answer jsonb)
returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
begin
  if private.is_final_answer(p_answer) then
    update public.sync_mutations set answer = p_answer where user_id = v_uid and id = p_id;
  else
    delete from public.sync_mutations where user_id = v_uid and id = p_id;
  end if;
end
$$;
revoke execute on function private.claim_mutation(uuid, uuid, uuid, text, uuid) from public, anon;
revoke execute on function private.settle_mutation(uuid, jsonb) from public, anon;
grant execute on function private.claim_mutation(uuid, uuid, uuid, text, uuid) to authenticated;
grant execute on function private.settle_mutation(uuid, jsonb) to authenticated;

-- The tables push may write, and the columns a client may set in each (the server stamps
-- id, org_id, updated_at, updated_by and row_version itself).
create or replace function private.sync_columns(p_table text)
returns text[]
language plpgsql stable security definer set search_path = ''
as $$
begin
  if p_table is null or p_table not in ('frameworks', 'controls', 'policies', 'policy_revisions',
      'policy_controls', 'policy_conflicts', 'audits', 'evidence', 'evidence_controls', 'audit_scope',
      'audit_assignments', 'audit_results', 'findings', 'audit_events', 'control_implementations') then
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

-- The timestamptz columns of a synced table: compared as instants, at the millisecond the
-- client keeps (new Date(v).toISOString()), not as text.
create function private.sync_timestamp_columns(p_table text)
returns text[]
language sql stable set search_path = ''
as $$
  select coalesce(array_agg(a.attname::text), '{}')
  from pg_catalog.pg_attribute a
  where a.attrelid = ('public.' || quote_ident(p_table))::regclass
    and a.attnum > 0 and not a.attisdropped and a.atttypid = 'pg_catalog.timestamptz'::pg_catalog.regtype
$$;

-- Two column values as to_jsonb renders them: equal, with timestamps equal to the millisecond.
create function private.same_value(a jsonb, b jsonb, p_is_timestamp boolean)
returns boolean
language sql stable set search_path = ''
as $$
  select case
    when p_is_timestamp and jsonb_typeof(a) = 'string' and jsonb_typeof(b) = 'string' then
      date_trunc('milliseconds', (a #>> '{}')::timestamptz) = date_trunc('milliseconds', (b #>> '{}')::timestamptz)
    else a is not distinct from b
  end
$$;

-- The id of the caller-visible row that holds the same key as `p_row` under the unique index
-- `p_index` of `p_table` (partial indexes: only among the rows the index covers), or null.
-- Security invoker: a row the caller cannot see is never merged into.
create function private.row_by_unique_key(p_table text, p_index text, p_row jsonb)
returns uuid
language plpgsql stable security invoker set search_path = ''
as $$
declare
  v_cols text[];
  v_pred text;
  v_id uuid;
begin
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

-- Applies one mutation as the caller (RLS decides), merging per field against `base`.
-- Raises on anything the database refuses; push() turns that into a rejection.
create or replace function private.apply_mutation(p_org_id uuid, p_mutation jsonb)
returns jsonb
language plpgsql security invoker set search_path = ''
as $$
declare
  v_id uuid := (p_mutation ->> 'id')::uuid;
  v_table text := p_mutation ->> 'table';
  v_record uuid := (p_mutation ->> 'record_id')::uuid;
  v_op text := p_mutation ->> 'op';
  v_patch jsonb := p_mutation -> 'patch';
  v_base jsonb := p_mutation -> 'base';
  v_cols text[];
  v_ts_cols text[];
  v_unknown text[];
  v_current jsonb;
  v_patch_n jsonb;
  v_base_n jsonb;
  v_set jsonb := '{}'::jsonb;
  v_overridden text[] := '{}';
  v_previous jsonb := '{}'::jsonb;
  v_status text := 'applied';
  v_conflict_id uuid;
  v_merged_into uuid;
  v_index text;
  v_merge jsonb;
  v_body_merged boolean := false;
  v_revision uuid;
  v_row jsonb;
  v_is_ts boolean;
  k text;
begin
  v_cols := private.sync_columns(v_table);
  if v_cols is null then
    return private.rejection(v_id, 'unknown_table', format('cannot sync table %s', v_table));
  end if;
  -- An insert's outbox entry has no base (null); a delete may have no patch: both mean {}.
  if v_patch is null or jsonb_typeof(v_patch) = 'null' then
    v_patch := '{}'::jsonb;
  end if;
  if v_base is null or jsonb_typeof(v_base) = 'null' then
    v_base := '{}'::jsonb;
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
    begin
      execute format('insert into public.%1$I (id, org_id%2$s) select $1, $2%3$s from jsonb_populate_record(null::public.%1$I, $3) r',
        v_table,
        (select coalesce(string_agg(', ' || quote_ident(key), ''), '') from jsonb_object_keys(v_patch) key),
        (select coalesce(string_agg(', r.' || quote_ident(key), ''), '') from jsonb_object_keys(v_patch) key))
        using v_record, p_org_id, v_patch;
    exception when unique_violation then
      -- Another device made the same row (same link pair, same key) under another id before
      -- ids were derived from keys: merge this insert into that row per field.
      get stacked diagnostics v_index = constraint_name;
      v_merged_into := private.row_by_unique_key(v_table, v_index,
        v_patch || jsonb_build_object('org_id', p_org_id));
      if v_merged_into is null or v_merged_into = v_record then
        raise;
      end if;
      v_record := v_merged_into;
      -- The insert made a live row: merged into a tombstoned pair (unlinked on another
      -- device), it links the pair again, as linking does on the replica.
      if not (v_patch ? 'deleted_at') then
        v_patch := v_patch || jsonb_build_object('deleted_at', null);
      end if;
    end;
  end if;

  if v_current is not null or v_merged_into is not null then
    -- Lock the row; under RLS this finds it only if the caller may update it.
    execute format('select to_jsonb(t) from public.%I t where t.id = $1 for update', v_table) into v_current using v_record;
    if v_current is null then
      raise exception 'not allowed to change this %', v_table using errcode = '42501';
    end if;
    if (v_current ->> 'org_id')::uuid is distinct from p_org_id then
      return private.rejection(v_id, 'forbidden', 'the record belongs to another organization');
    end if;
    -- Compare values as the column types see them (a client's ISO timestamp and Postgres's
    -- rendering of the same instant are equal; jsonb columns compare as JSON).
    execute format('select to_jsonb(jsonb_populate_record(null::public.%1$I, $1)), to_jsonb(jsonb_populate_record(null::public.%1$I, $2))', v_table)
      into v_patch_n, v_base_n using v_patch, v_base;
    v_ts_cols := private.sync_timestamp_columns(v_table);
    for k in select jsonb_object_keys(v_patch) loop
      v_is_ts := k = any (v_ts_cols);
      if private.same_value(v_current -> k, v_patch_n -> k, v_is_ts) then
        continue;
      elsif not (v_base ? k) or private.same_value(v_base_n -> k, v_current -> k, v_is_ts) then
        v_set := v_set || jsonb_build_object(k, v_patch -> k);
      elsif v_table = 'policies' and k = 'body' then
        v_merge := private.merge_text(v_base_n ->> k, v_patch_n ->> k, v_current ->> k);
        if (v_merge ->> 'clean')::boolean then
          v_set := v_set || jsonb_build_object(k, v_merge -> 'text');
          v_body_merged := true;
          v_status := 'merged';
        else
          insert into public.policy_conflicts (org_id, policy_id, mutation_id, base_body, ours_body, theirs_body)
          values (p_org_id, v_record, v_id, v_base_n ->> k, v_patch_n ->> k, v_current ->> k)
          returning id into v_conflict_id;
          v_status := 'conflict';
        end if;
      else
        -- Both sides changed this scalar since the base: the later write wins, and the answer
        -- names the field, the value that lost and who wrote it, so the record's history can
        -- say whose value won. The earlier value also stays in the change log.
        v_set := v_set || jsonb_build_object(k, v_patch -> k);
        v_overridden := v_overridden || k;
        v_previous := v_previous || jsonb_build_object(k, v_current -> k);
        if v_status = 'applied' then
          v_status := 'merged';
        end if;
      end if;
    end loop;
    if v_body_merged then
      -- The merged text is nobody's revision yet: record it as one, so the policy's current
      -- revision always holds the policy's body (it reaches every device by pull).
      v_revision := gen_random_uuid();
      insert into public.policy_revisions (id, org_id, policy_id, title, body, version_major, version_minor, base_revision_id)
      values (v_revision, p_org_id, v_record,
        coalesce(v_set ->> 'title', v_current ->> 'title'),
        v_set ->> 'body',
        coalesce(v_set ->> 'version_major', v_current ->> 'version_major')::integer,
        coalesce(v_set ->> 'version_minor', v_current ->> 'version_minor')::integer,
        nullif(coalesce(v_set ->> 'current_revision_id', v_current ->> 'current_revision_id'), '')::uuid);
      v_set := v_set || jsonb_build_object('current_revision_id', v_revision);
    end if;
    if v_merged_into is not null and v_status = 'applied' then
      v_status := 'merged';
    end if;
    if v_set <> '{}'::jsonb then
      execute format('update public.%1$I t set %2$s from jsonb_populate_record(null::public.%1$I, $1) r where t.id = $2',
        v_table,
        (select string_agg(quote_ident(key) || ' = r.' || quote_ident(key), ', ') from jsonb_object_keys(v_set) key))
        using v_set, v_record;
    end if;
  end if;

  execute format('select to_jsonb(t) from public.%I t where t.id = $1', v_table) into v_row using v_record;
  return jsonb_build_object('id', v_id, 'status', v_status, 'row', v_row)
    || case when cardinality(v_overridden) > 0 then jsonb_build_object('overridden', v_overridden,
         'previous', v_previous, 'previous_by', v_current -> 'updated_by') else '{}'::jsonb end
    || case when v_merged_into is not null then jsonb_build_object('merged_into', v_merged_into) else '{}'::jsonb end
    || case when v_conflict_id is not null then jsonb_build_object('conflict_id', v_conflict_id) else '{}'::jsonb end;
end
$$;

-- The answer to a caller whose org or device may not sync, or null when they may: what push
-- and pull both check before reading or writing anything, in this order.
create function private.sync_refusal(p_org_id uuid, p_schema_version integer, p_device_id uuid)
returns jsonb
language plpgsql stable security invoker set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_min integer := (public.sync_info() ->> 'min_client_schema_version')::integer;
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
  return null;
end
$$;

-- push: applies a batch of mutations as the caller. Each mutation id is applied once per
-- user; a repeat is answered with the first final answer. A mutation the database refuses is
-- rejected on its own (its changes rolled back to a savepoint); the rest of the batch applies.
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
  v_refusal jsonb := private.sync_refusal(p_org_id, p_schema_version, p_device_id);
  -- An array of answers, turned into JSON once: appending to a jsonb array would copy it
  -- each time (quadratic in the batch size).
  v_results jsonb[] := '{}';
  v_mutation jsonb;
  v_id uuid;
  v_answer jsonb;
begin
  if v_refusal is not null then
    return v_refusal;
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

    v_answer := private.claim_mutation(p_org_id, v_id, p_device_id, v_mutation ->> 'table',
      case when (v_mutation ->> 'record_id') ~* '^[0-9a-f-]{36}$' then (v_mutation ->> 'record_id')::uuid end);
    if v_answer is not null then
      v_results := v_results || v_answer;
      continue;
    end if;

    begin
      v_answer := private.apply_mutation(p_org_id, v_mutation);
    exception when others then
      v_answer := private.rejection(v_id, private.rejection_reason(sqlstate), sqlerrm);
    end;
    perform private.settle_mutation(v_id, v_answer);
    v_results := v_results || v_answer;
  end loop;

  return jsonb_build_object('status', 'ok', 'results', to_jsonb(v_results));
end
$$;

-- How many changes of the org lie past the cursor, up to the watermark, capped: what a first
-- sync shows as progress. Security definer to count from the index without running the
-- sync_changes policy per row; it checks membership itself (pull already did).
create function private.sync_backlog(p_org_id uuid, p_txid xid8, p_seq bigint, p_watermark xid8, p_cap integer)
returns integer
language sql stable security definer set search_path = ''
as $$
  select case when private.is_org_member(p_org_id) then (
    select count(*)::integer from (
      select 1 from public.sync_changes c
      where c.org_id = p_org_id and c.txid < p_watermark and (c.txid, c.seq) > (p_txid, p_seq)
      limit p_cap) capped)
  else 0 end
$$;

-- pull: the caller's org's changes after the cursor, in (txid, seq) order, up to the commit
-- watermark. Cursor: 'v1:<txid>:<seq>' (null or '' for the beginning of history).
drop function public.pull(uuid, text, integer, integer);
create function public.pull(
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

revoke execute on function public.push(uuid, jsonb, integer, uuid) from public, anon;
revoke execute on function public.pull(uuid, text, integer, integer, uuid) from public, anon;
grant execute on function public.push(uuid, jsonb, integer, uuid) to authenticated;
grant execute on function public.pull(uuid, text, integer, integer, uuid) to authenticated;
