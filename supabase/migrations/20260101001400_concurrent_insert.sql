-- Two devices inserting the same new id at the same moment (issue 8 item 5 follow-up). Ids
-- derived from keys (stable-id.ts) make this normal: the same link or audit result made on two
-- laptops. The second insert waits on the first transaction and, once it commits, hits the
-- primary key (23505): push answered `duplicate`, final, and the change sat as "needs
-- attention" for ever. Now such an insert merges into the committed row per field, in the same
-- push, as an insert of an existing id always did; an id of another org still answers
-- `duplicate` exactly as before. This file adds two helpers and redefines
-- private.apply_mutation in full (copied from 20260101001100 with that change).

-- Whether `p_index` is the primary key index of public.`p_table`.
create function private.is_primary_key(p_table text, p_index text)
returns boolean
language sql stable set search_path = ''
as $$
  select exists (
    select 1 from pg_catalog.pg_index i
    join pg_catalog.pg_class c on c.oid = i.indexrelid
    where i.indrelid = ('public.' || quote_ident(p_table))::regclass and i.indisprimary and c.relname = p_index)
$$;

-- Whether the synced table `p_table` holds the record `p_id` in the org `p_org_id`, asked by a
-- member of that org (anyone else always hears false). Security definer: it sees a row RLS
-- hides, so it answers only about the caller's own org, and only yes or no, never which org
-- holds an id.
create function private.org_has_record(p_table text, p_org_id uuid, p_id uuid)
returns boolean
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_found boolean;
begin
  if p_org_id is null or p_id is null or private.sync_columns(p_table) is null
     or not private.is_org_member(p_org_id) then
    return false;
  end if;
  execute format('select exists (select 1 from public.%I t where t.id = $1 and t.org_id = $2)', p_table)
    into v_found using p_id, p_org_id;
  return v_found;
end
$$;
revoke execute on function private.org_has_record(text, uuid, uuid) from public, anon;
grant execute on function private.org_has_record(text, uuid, uuid) to authenticated;

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
  v_raced boolean := false;
  v_index text;
  v_index_table text;
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
      get stacked diagnostics v_index = constraint_name, v_index_table = table_name;
      if v_index_table = v_table and private.is_primary_key(v_table, v_index) then
        -- Another device inserted the same id (a key-derived id) at the same moment, and its
        -- transaction committed while this insert waited on it: the row is there now, so this
        -- insert merges into it per field, as an insert of an existing id does. Only a row of
        -- this org; another org's id stays `duplicate`, answered as before.
        if not private.org_has_record(v_table, p_org_id, v_record) then
          raise;
        end if;
        v_raced := true;
      else
        -- Another device made the same row (same link pair, same key) under another id before
        -- ids were derived from keys: merge this insert into that row per field.
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
      end if;
    end;
  end if;

  if v_current is not null or v_merged_into is not null or v_raced then
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

