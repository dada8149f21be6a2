-- The organization's profile: the context an AI draft is written for (issue 10, "AI through
-- OpenAI"): the name the company goes by, its industry, its size and the systems it runs.
-- Kept in the private schema and reached only through the two RPCs below, so every read is
-- membership-checked and every write owner/admin-checked in one place (no table policy can
-- drift from them). Not a synced table: the replica never holds it; the app asks when online.

create table private.org_profiles (
  org_id uuid primary key references public.organizations (id) on delete cascade,
  name text not null check (length(trim(name)) between 1 and 200),
  industry text not null default '' check (length(industry) <= 200),
  size text not null default '' check (size in ('', '1-10', '11-50', '51-200', '201-1000', '1001-5000', '5000+')),
  systems text[] not null default '{}' check (cardinality(systems) <= 50),
  updated_at timestamptz not null default now(),
  updated_by uuid
);
alter table private.org_profiles enable row level security;
revoke all on private.org_profiles from public, anon, authenticated;

-- The profile of one organization, for any member (its name from the organization until an
-- admin sets one). Anyone else hears the same words whether or not the org exists.
create function public.org_profile(p_org_id uuid)
returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
begin
  if p_org_id is null or not private.is_org_member(p_org_id) then
    raise exception 'not a member of this organization' using errcode = '42501';
  end if;
  return (
    select jsonb_build_object(
      'org_id', o.id,
      'name', coalesce(p.name, o.name),
      'industry', coalesce(p.industry, ''),
      'size', coalesce(p.size, ''),
      'systems', to_jsonb(coalesce(p.systems, '{}'::text[])),
      'updated_at', p.updated_at,
      'updated_by', p.updated_by)
    from public.organizations o left join private.org_profiles p on p.org_id = o.id
    where o.id = p_org_id
  );
end
$$;
revoke execute on function public.org_profile(uuid) from public, anon;
grant execute on function public.org_profile(uuid) to authenticated;

-- An owner or admin sets the whole profile; answers it as org_profile does. p_systems is a JSON
-- array of names (jsonb, as PostgREST passes a JSON array); each is trimmed, empty ones dropped,
-- duplicates kept once (first spelling wins).
create function public.set_org_profile(p_org_id uuid, p_name text, p_industry text, p_size text, p_systems jsonb)
returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  v_systems text[];
begin
  if p_org_id is null then
    raise exception 'p_org_id is required' using errcode = '22023';
  end if;
  if not private.has_org_role(p_org_id, '{owner,admin}') then
    raise exception 'only an owner or admin of this organization can edit its profile' using errcode = '42501';
  end if;
  if p_name is null or length(trim(p_name)) not between 1 and 200 then
    raise exception 'the profile needs a name of 1 to 200 characters' using errcode = '22023';
  end if;
  if length(coalesce(p_industry, '')) > 200 then
    raise exception 'the industry may be at most 200 characters' using errcode = '22023';
  end if;
  if coalesce(p_size, '') not in ('', '1-10', '11-50', '51-200', '201-1000', '1001-5000', '5000+') then
    raise exception 'the size must be one of 1-10, 11-50, 51-200, 201-1000, 1001-5000, 5000+ (or empty)' using errcode = '22023';
  end if;
  if p_systems is not null and (jsonb_typeof(p_systems) <> 'array'
      or exists (select 1 from jsonb_array_elements(p_systems) e where jsonb_typeof(e) <> 'string')) then
    raise exception 'the systems must be a list of names' using errcode = '22023';
  end if;
  select coalesce(array_agg(d.s order by d.ord), '{}') into v_systems
  from (select distinct on (lower(trim(u.x))) trim(u.x) as s, u.ord
        from jsonb_array_elements_text(coalesce(p_systems, '[]'::jsonb)) with ordinality as u(x, ord)
        where trim(u.x) <> '' order by lower(trim(u.x)), u.ord) d;
  if cardinality(v_systems) > 50 or exists (select 1 from unnest(v_systems) s where length(s) > 100) then
    raise exception 'at most 50 systems of at most 100 characters each' using errcode = '22023';
  end if;
  insert into private.org_profiles (org_id, name, industry, size, systems, updated_at, updated_by)
  values (p_org_id, trim(p_name), trim(coalesce(p_industry, '')), coalesce(p_size, ''), v_systems, now(), (select auth.uid()))
  on conflict (org_id) do update set name = excluded.name, industry = excluded.industry, size = excluded.size,
    systems = excluded.systems, updated_at = excluded.updated_at, updated_by = excluded.updated_by;
  return public.org_profile(p_org_id);
end
$$;
revoke execute on function public.set_org_profile(uuid, text, text, text, jsonb) from public, anon;
grant execute on function public.set_org_profile(uuid, text, text, text, jsonb) to authenticated;
