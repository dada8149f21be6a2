-- Push of 10,000 waiting changes in seconds, not a minute (issue 8, Figures). Measured with
-- track_functions on a 20,000-mutation push (10,000 policies and their trail events): push
-- spent its time per mutation, not in the triggers: private.apply_mutation's own dynamic SQL
-- (a catalog read, three EXECUTEs, jsonb_populate_record), the ledger's claim and settle, a
-- subtransaction each, and private.org_role, which RLS called three times per row (pull: per
-- change read) and which, as a SQL function with a SET clause, is planned again on every call.
--
-- What changes, answers unchanged:
--   * push finds runs of plain inserts (new records, one table, the same fields), inserts them
--     in one statement (every row trigger still runs, per row) and keeps their answers in the
--     ledger in one more. Anything that is not plainly an insert of a new record, or any error
--     inside the run, rolls the run back and applies its mutations one by one exactly as
--     before (private.push_one, the former loop body);
--   * the change log takes a statement's inserts in one statement (private.log_inserts);
--   * RLS on record reads, the change log and library inserts asks for the caller's orgs once
--     per statement (private.member_org_ids / role_org_ids), not org_role once per row;
--   * org_role, is_org_member and has_org_role become PL/pgSQL: same queries, plans kept for
--     the session.
-- private.apply_mutation (20260101001400) is unchanged; public.push is redefined in full from
-- 20260101001100; tests/integration/supabase/sync-push-fast-path.test.ts compares both paths.

-- The one place that decides membership (20260101000700), as PL/pgSQL so its plan is cached.
create or replace function private.org_role(p_org_id uuid)
returns public.member_role
language plpgsql stable security definer set search_path = ''
as $$
begin
  return (
    select m.role
    from public.memberships m
    join public.organizations o on o.id = m.org_id
    where m.org_id = p_org_id and m.user_id = (select auth.uid())
      and (not o.require_mfa or private.session_aal() = 'aal2'));
end
$$;

create or replace function private.is_org_member(p_org_id uuid)
returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  return private.org_role(p_org_id) is not null;
end
$$;

create or replace function private.has_org_role(p_org_id uuid, p_roles public.member_role[])
returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  return coalesce(private.org_role(p_org_id) = any (p_roles), false);
end
$$;

-- One mutation as push always applied it (the loop body of 20260101001100): claim its id,
-- apply it in a subtransaction (a refusal rolls back only this mutation), settle the answer.
create function private.push_one(p_org_id uuid, p_device_id uuid, p_mutation jsonb)
returns jsonb
language plpgsql security invoker set search_path = ''
as $$
declare
  v_id uuid;
  v_answer jsonb;
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
    v_answer := private.rejection(v_id, private.rejection_reason(sqlstate), sqlerrm);
  end;
  perform private.settle_mutation(v_id, v_answer);
  return v_answer;
end
$$;

-- For each mutation of a batch (by its place, from 1): its fields when it is plainly an insert
-- (sorted, without the ones the server stamps), or null when it is anything else: another op,
-- an id or record_id that is not a canonical uuid, a patch or base that is not an object, a
-- move to another org, a table push does not take or a field it does not sync
-- (private.sync_columns). Only such mutations may take the fast path; for them apply_mutation
-- would insert exactly these fields. One query for the whole batch.
create function private.plain_insert_keys(p_org_id uuid, p_mutations jsonb)
returns table (ord bigint, keys text[])
language sql stable set search_path = ''
as $$
  with m as (
    select e.ord, e.value as m, e.value -> 'patch' as patch
    from jsonb_array_elements(p_mutations) with ordinality e (value, ord)
  ), tables as (
    select t.name, private.sync_columns(t.name) as cols from (select distinct m.m ->> 'table' as name from m) t
  )
  select m.ord,
    case when t.cols is not null
      and m.m ->> 'op' = 'insert'
      and coalesce(m.m ->> 'id' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', false)
      and coalesce(m.m ->> 'record_id' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', false)
      and coalesce(jsonb_typeof(m.patch), 'null') in ('object', 'null')
      and coalesce(jsonb_typeof(m.m -> 'base'), 'null') in ('object', 'null')
      and not (jsonb_typeof(m.patch) = 'object' and m.patch ? 'org_id'
               and (m.patch ->> 'org_id') is distinct from p_org_id::text)
    then (
      select coalesce(array_agg(k order by k), '{}')
      from jsonb_object_keys(case when jsonb_typeof(m.patch) = 'object' then m.patch else '{}'::jsonb end
        - array['id', 'org_id', 'updated_at', 'updated_by', 'row_version']) k
      having coalesce(bool_and(k = any (t.cols)), true))
    end
  from m
  left join tables t on t.name = m.m ->> 'table'
$$;

-- Keeps the final answers of a run of new mutation ids of one table for the caller, in one
-- write (the fast path's claim_mutation and settle_mutation at once): answers how many ids were
-- new. An id already in the ledger stays as it was (the caller then gives up the run). It runs
-- after the run's rows are inserted: a concurrent push of the same ids waits on those rows'
-- keys first, and then takes the one-by-one path, which finds these answers.
create function private.record_answers(p_org_id uuid, p_device_id uuid, p_table text, p_ids uuid[],
  p_records uuid[], p_answers jsonb[])
returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_count integer;
begin
  insert into public.sync_mutations (id, org_id, user_id, device_id, table_name, record_id, answer)
  select m.id, p_org_id, v_uid, p_device_id, p_table, m.record_id, m.answer
  from unnest(p_ids, p_records, p_answers) m (id, record_id, answer)
  on conflict (user_id, id) do nothing;
  get diagnostics v_count = row_count;
  return v_count;
end
$$;
revoke execute on function private.record_answers(uuid, uuid, text, uuid[], uuid[], jsonb[]) from public, anon;
grant execute on function private.record_answers(uuid, uuid, text, uuid[], uuid[], jsonb[]) to authenticated;

-- Applies a run of plain inserts (private.plain_insert_keys answered `p_keys` for each) into
-- `p_table` as the caller, in one statement, and answers each as apply_mutation would
-- (`applied` with the row), in the run's order. Answers null, having changed nothing, when the
-- run is not all new: an id or record twice, a record already there (that insert merges), an id
-- already in the ledger (a resend), or anything the database refuses for any row (a reference,
-- a chain, RLS, a unique key): the caller then applies the run one mutation at a time.
create function private.push_insert_run(p_org_id uuid, p_device_id uuid, p_table text, p_keys text[], p_run jsonb)
returns jsonb[]
language plpgsql security invoker set search_path = ''
as $$
declare
  v_n integer := jsonb_array_length(p_run);
  v_ids uuid[];
  v_records uuid[];
  v_exists boolean;
  v_answers jsonb[];
begin
  select array_agg((m.value ->> 'id')::uuid order by m.ord), array_agg((m.value ->> 'record_id')::uuid order by m.ord)
    into v_ids, v_records
  from jsonb_array_elements(p_run) with ordinality m (value, ord);
  if (select count(distinct x) from unnest(v_ids) x) <> v_n
     or (select count(distinct x) from unnest(v_records) x) <> v_n then
    return null;
  end if;
  execute format('select exists (select 1 from public.%I t where t.id = any ($1))', p_table) into v_exists using v_records;
  if v_exists then
    return null;
  end if;
  if exists (select 1 from public.sync_mutations m where m.user_id = (select auth.uid()) and m.id = any (v_ids)) then
    return null; -- a resend: the one-by-one path answers it from the ledger
  end if;
  begin
    -- Rows in the run's order, so each row's triggers see the rows before it, as one by one.
    execute format(
      'with inserted as (
         insert into public.%1$I as t (id, org_id%2$s)
         select (m.value ->> ''record_id'')::uuid, $2%3$s
         from jsonb_array_elements($1) with ordinality m (value, ord)
         cross join lateral jsonb_populate_record(null::public.%1$I, m.value -> ''patch'') r
         order by m.ord
         returning t.id, to_jsonb(t) as row)
       select array_agg(jsonb_build_object(''id'', (m.value ->> ''id'')::uuid, ''status'', ''applied'', ''row'', i.row)
         order by m.ord)
       from jsonb_array_elements($1) with ordinality m (value, ord)
       join inserted i on i.id = (m.value ->> ''record_id'')::uuid',
      p_table,
      (select coalesce(string_agg(', ' || quote_ident(k), '' order by o), '') from unnest(p_keys) with ordinality u (k, o)),
      (select coalesce(string_agg(', r.' || quote_ident(k), '' order by o), '') from unnest(p_keys) with ordinality u (k, o)))
      into v_answers using p_run, p_org_id;
    if coalesce(cardinality(v_answers), 0) <> v_n then
      raise exception 'not every row of this run was inserted' using errcode = 'P0001';
    end if;
    if private.record_answers(p_org_id, p_device_id, p_table, v_ids, v_records, v_answers) <> v_n then
      raise exception 'a mutation of this run was sent meanwhile' using errcode = 'P0001';
    end if;
  exception when others then
    return null;
  end;
  return v_answers;
end
$$;

-- push: applies a batch of mutations as the caller. Each mutation id is applied once per
-- user; a repeat is answered with the first final answer. A mutation the database refuses is
-- rejected on its own (its changes rolled back to a savepoint); the rest of the batch applies.
-- Runs of plain inserts into one table go in one statement (private.push_insert_run) and fall
-- back to one at a time when that run cannot go whole.
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
  v_list jsonb[];
  v_n integer;
  i integer := 1;
  j integer;
  v_table text;
  v_keys jsonb;
  v_plain jsonb;
  v_run jsonb[];
begin
  if v_refusal is not null then
    return v_refusal;
  end if;
  if jsonb_typeof(p_mutations) is distinct from 'array' or jsonb_array_length(p_mutations) > 1000 then
    raise exception 'p_mutations must be an array of at most 1000 mutations' using errcode = '22023';
  end if;

  v_list := array(select e.value from jsonb_array_elements(p_mutations) with ordinality e (value, ord) order by e.ord);
  v_n := coalesce(cardinality(v_list), 0);
  -- Each mutation's fields if it is a plain insert (JSON null if not), in batch order.
  select coalesce(jsonb_agg(to_jsonb(k.keys) order by k.ord), '[]'::jsonb) into v_plain
  from private.plain_insert_keys(p_org_id, p_mutations) k;
  while i <= v_n loop
    v_table := v_list[i] ->> 'table';
    v_keys := v_plain -> (i - 1);
    j := i;
    if jsonb_typeof(v_keys) = 'array' then
      while j < v_n and (v_list[j + 1] ->> 'table') = v_table and (v_plain -> j) = v_keys loop
        j := j + 1;
      end loop;
    end if;
    if j > i then
      v_run := private.push_insert_run(p_org_id, p_device_id, v_table,
        array(select jsonb_array_elements_text(v_keys)), to_jsonb(v_list[i:j]));
      if v_run is not null then
        v_results := v_results || v_run;
        i := j + 1;
        continue;
      end if;
    end if;
    for k in i..j loop
      v_results := v_results || private.push_one(p_org_id, p_device_id, v_list[k]);
    end loop;
    i := j + 1;
  end loop;

  return jsonb_build_object('status', 'ok', 'results', to_jsonb(v_results));
end
$$;

-- The change log of inserts, once per statement (20260101000500 wrote one row per statement
-- from a row trigger, so a run of 1,000 inserts made 1,000 log statements and 1,000 nudge
-- trigger calls). The log rows are the same, in the same order (the statement's rows as
-- inserted); updates keep their row trigger, private.log_change. Both fire at the end of the
-- statement, as the row trigger's entries did.
create function private.log_inserts()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.sync_changes (org_id, table_name, record_id, op, row_version, row)
  select n.org_id, tg_table_name, n.id, 'insert', n.row_version, to_jsonb(n) from new_rows n;
  return null;
end
$$;

do $$
declare
  t text;
begin
  foreach t in array array['frameworks', 'controls', 'policies', 'policy_revisions', 'policy_controls',
    'policy_conflicts', 'audits', 'evidence', 'evidence_controls', 'audit_scope', 'audit_assignments',
    'audit_results', 'findings', 'audit_events', 'control_implementations']
  loop
    execute format('drop trigger %I on public.%I', t || '_log_change', t);
    execute format('create trigger %I after update on public.%I
      for each row execute function private.log_change()', t || '_log_change', t);
    execute format('create trigger %I after insert on public.%I
      referencing new table as new_rows for each statement execute function private.log_inserts()', t || '_log_inserts', t);
  end loop;
end
$$;

-- Row-level security once per statement instead of once per row. A policy written as
-- `(select private.is_org_member(org_id))` names the row's column, so Postgres runs it for
-- every row a statement reads or writes: a pull page of 1,000 changes or a run of 1,000 inserts
-- called org_role thousands of times. The same rule as a set: the orgs in which the caller is a
-- member (with the second factor an org requires), computed once per statement by an uncorrelated
-- subquery. private.org_role stays the one definition; these answer exactly `org_role(o) is
-- not null` and `org_role(o) = any (roles)` for every org o, in one query.
create function private.member_org_ids()
returns uuid[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(array_agg(m.org_id), '{}')
  from public.memberships m
  join public.organizations o on o.id = m.org_id
  where m.user_id = (select auth.uid())
    and (not o.require_mfa or private.session_aal() = 'aal2')
$$;

create function private.role_org_ids(p_roles public.member_role[])
returns uuid[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(array_agg(m.org_id), '{}')
  from public.memberships m
  join public.organizations o on o.id = m.org_id
  where m.user_id = (select auth.uid()) and m.role = any (p_roles)
    and (not o.require_mfa or private.session_aal() = 'aal2')
$$;

do $$
declare
  t text;
begin
  -- Every record: any member reads (20260101000300, 20260101000900); the change log likewise.
  foreach t in array array['frameworks', 'controls', 'policies', 'policy_revisions', 'policy_controls',
    'policy_conflicts', 'audits', 'evidence', 'evidence_controls', 'audit_scope', 'audit_assignments',
    'audit_results', 'findings', 'audit_events', 'control_implementations']
  loop
    execute format('alter policy %I on public.%I using (org_id = any ((select private.member_org_ids())::uuid[]))', t || '_select', t);
  end loop;
  -- The compliance library: owner, admin and compliance officer insert.
  foreach t in array array['frameworks', 'controls', 'policies', 'policy_revisions', 'policy_controls',
    'policy_conflicts', 'control_implementations']
  loop
    execute format('alter policy %I on public.%I with check (org_id = any ((select private.role_org_ids(%L))::uuid[]))',
      t || '_insert', t, '{owner,admin,compliance_officer}');
  end loop;
end
$$;
alter policy sync_changes_select on public.sync_changes using (org_id = any ((select private.member_org_ids())::uuid[]));
alter policy audit_events_insert on public.audit_events
  with check (
    org_id = any ((select private.role_org_ids('{owner,admin,compliance_officer,auditor}'))::uuid[])
    and actor = (select auth.uid())::text
  );
alter policy evidence_insert on public.evidence
  with check (
    org_id = any ((select private.role_org_ids('{owner,admin,compliance_officer}'))::uuid[])
    or (audit_id is not null and private.is_assigned_auditor(org_id, audit_id))
  );
alter policy evidence_controls_insert on public.evidence_controls
  with check (
    org_id = any ((select private.role_org_ids('{owner,admin,compliance_officer}'))::uuid[])
    or private.is_evidence_in_assigned_audit(org_id, evidence_id)
  );
