-- private.plain_insert_keys (20260101001620) with the same answers at a fraction of the cost
-- (issue 8, push of 10,000 in ≤ 5 s): it was the third largest self time of a 20,000-mutation
-- push (bench/sync-push-split.ts), because for every mutation it ran a subquery that sorted the
-- patch's keys and aggregated a membership test per key. Now:
--   * the keys come in jsonb's own order (an object's keys are stored sorted, by length and
--     then bytes), which is the same for the same set of keys: push only compares key lists for
--     equality (a run is mutations with the same fields) and names the columns with them, so
--     any order that is the same for the same set serves, and none is sorted per mutation;
--   * "every key is a column push takes" is one array containment (keys <@ columns).
-- A mutation that is not plainly an insert answers null exactly as before.
create or replace function private.plain_insert_keys(p_org_id uuid, p_mutations jsonb)
returns table (ord bigint, keys text[])
language sql stable set search_path = ''
as $$
  with m as (
    select e.ord, e.value as m, e.value -> 'patch' as patch
    from jsonb_array_elements(p_mutations) with ordinality e (value, ord)
  ), tables as (
    select t.name, private.sync_columns(t.name) as cols from (select distinct m.m ->> 'table' as name from m) t
  ), candidates as (
    select m.ord, t.cols,
      case when t.cols is not null
        and m.m ->> 'op' = 'insert'
        and coalesce(m.m ->> 'id' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', false)
        and coalesce(m.m ->> 'record_id' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', false)
        and coalesce(jsonb_typeof(m.patch), 'null') in ('object', 'null')
        and coalesce(jsonb_typeof(m.m -> 'base'), 'null') in ('object', 'null')
        and not (jsonb_typeof(m.patch) = 'object' and m.patch ? 'org_id'
                 and (m.patch ->> 'org_id') is distinct from p_org_id::text)
      then array(select jsonb_object_keys(case when jsonb_typeof(m.patch) = 'object' then m.patch else '{}'::jsonb end
        - array['id', 'org_id', 'updated_at', 'updated_by', 'row_version']))
      end as keys
    from m
    left join tables t on t.name = m.m ->> 'table'
  )
  select c.ord, case when c.keys <@ c.cols then c.keys end
  from candidates c
$$;
