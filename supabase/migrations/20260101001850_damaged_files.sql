-- Damaged evidence files (issue 9): an object in `evidence-files` whose bytes do not hash to the
-- SHA-256 in its name. A device that downloads one refuses it and reports it here; any device
-- holding the right bytes, signed in as someone who may overwrite (owner, admin, compliance
-- officer, as the storage policy's `update`), re-uploads it with x-upsert and marks it repaired.
-- Kept in the private schema, reached only through the three RPCs below (membership checked in
-- one place). Not a synced table: devices ask when a sync round ends.

create table private.damaged_files (
  org_id uuid not null references public.organizations (id) on delete cascade,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  reported_by uuid,
  reported_at timestamptz not null default now(),
  repaired_by uuid,
  repaired_at timestamptz,
  primary key (org_id, sha256)
);
alter table private.damaged_files enable row level security;
revoke all on private.damaged_files from public, anon, authenticated;

-- A member reports that the object {org}/{sha256} is not what its name says. A repeat of an
-- open report changes nothing; a report of a repaired one opens it again.
create function public.report_damaged_file(p_org_id uuid, p_sha256 text)
returns void
language plpgsql security definer set search_path = ''
as $$
begin
  if p_org_id is null or not private.is_org_member(p_org_id) then
    raise exception 'not a member of this organization' using errcode = '42501';
  end if;
  if p_sha256 is null or p_sha256 !~ '^[0-9a-f]{64}$' then
    raise exception 'a file is named by a SHA-256 of 64 lowercase hex characters' using errcode = '22023';
  end if;
  insert into private.damaged_files (org_id, sha256, reported_by)
  values (p_org_id, p_sha256, (select auth.uid()))
  on conflict (org_id, sha256) do update
    set reported_by = excluded.reported_by, reported_at = now(), repaired_by = null, repaired_at = null
    where private.damaged_files.repaired_at is not null;
end
$$;
revoke execute on function public.report_damaged_file(uuid, text) from public, anon;
grant execute on function public.report_damaged_file(uuid, text) to authenticated;

-- The files of an organization waiting for a repair, oldest report first (at most 500), for any member.
create function public.damaged_files(p_org_id uuid)
returns table (sha256 text, reported_at timestamptz)
language plpgsql stable security definer set search_path = ''
as $$
begin
  if p_org_id is null or not private.is_org_member(p_org_id) then
    raise exception 'not a member of this organization' using errcode = '42501';
  end if;
  return query
    select d.sha256, d.reported_at from private.damaged_files d
    where d.org_id = p_org_id and d.repaired_at is null
    order by d.reported_at, d.sha256
    limit 500;
end
$$;
revoke execute on function public.damaged_files(uuid) from public, anon;
grant execute on function public.damaged_files(uuid) to authenticated;

-- Someone who may overwrite evidence files re-uploaded the right bytes (Storage checked their
-- hash on completion): the report closes. Answers whether an open report was closed.
create function public.file_repaired(p_org_id uuid, p_sha256 text)
returns boolean
language plpgsql security definer set search_path = ''
as $$
declare
  v_closed int;
begin
  if p_org_id is null or not private.has_org_role(p_org_id, '{owner,admin,compliance_officer}') then
    raise exception 'only an owner, admin or compliance officer may repair a file of this organization' using errcode = '42501';
  end if;
  update private.damaged_files set repaired_by = (select auth.uid()), repaired_at = now()
  where org_id = p_org_id and sha256 = p_sha256 and repaired_at is null;
  get diagnostics v_closed = row_count;
  return v_closed > 0;
end
$$;
revoke execute on function public.file_repaired(uuid, text) from public, anon;
grant execute on function public.file_repaired(uuid, text) to authenticated;
