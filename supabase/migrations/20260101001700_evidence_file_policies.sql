-- Evidence files travel (issue 9): the object policies of evidence-files, narrowed.
--
-- An evidence file is content-addressed: its name is `{org_id}/{sha256}` of its bytes, and
-- nothing else may be written to the bucket (a name that is not a hash is refused, so no one
-- parks other files there). Who may write what:
--
--   upload     owner, admin, compliance officer: any evidence file of their org;
--              an auditor: only the file of an evidence row of their org that was captured in
--              an open (not closed, not deleted) audit they are assigned to, the row not deleted:
--              the file follows its row, so the row syncs first and names the hash.
--   overwrite  owner, admin, compliance officer (x-upsert: how a damaged object is repaired by
--              re-uploading the right bytes from any device that has them); nobody else.
--   read       every member; delete owner and admin (unchanged).
--
-- The other buckets keep the rules of 20260101000400_storage.sql and 20260101001600_voice.sql.
-- Large files go up resumably (tus), so evidence-files takes up to 2 GiB per object.

update storage.buckets set file_size_limit = 2147483648 where id = 'evidence-files';

-- Is this the name of an evidence file, `{uuid}/{64 lowercase hex}`?
create function private.is_evidence_file_name(p_name text)
returns boolean
language sql immutable set search_path = ''
as $$
  select p_name ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/[0-9a-f]{64}$'
$$;

-- May the caller, as an auditor, upload the file with this hash? Only when an evidence row of
-- the org names it and was captured in an open audit the caller is assigned to.
create function private.is_evidence_file_in_assigned_audit(p_org_id uuid, p_sha256 text)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.evidence e
    where e.org_id = p_org_id and e.sha256 = p_sha256 and e.deleted_at is null and e.audit_id is not null
      and private.is_assigned_auditor(p_org_id, e.audit_id)
  )
$$;

create or replace function private.can_access_object(p_bucket text, p_name text, p_action text)
returns boolean
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_org uuid := private.object_org(p_name);
  v_role public.member_role;
begin
  if v_org is null then
    return false;
  end if;
  v_role := private.org_role(v_org);
  if v_role is null then
    return false;
  end if;
  return case
    when p_bucket in ('policy-documents', 'voice-summaries') then
      p_action = 'select' or v_role in ('owner', 'admin', 'compliance_officer')
    when p_bucket = 'voice-training' then
      v_role in ('owner', 'admin')
    when p_bucket = 'evidence-files' then
      case p_action
        when 'select' then true
        when 'insert' then private.is_evidence_file_name(p_name) and (
          v_role in ('owner', 'admin', 'compliance_officer')
          or (v_role = 'auditor' and private.is_evidence_file_in_assigned_audit(v_org, split_part(p_name, '/', 2))))
        when 'update' then private.is_evidence_file_name(p_name) and v_role in ('owner', 'admin', 'compliance_officer')
        when 'delete' then v_role in ('owner', 'admin')
        else false
      end
    else false
  end;
end
$$;

-- What the evidence-files policies look up for an auditor: the org's evidence rows by hash.
create index if not exists evidence_org_sha256 on public.evidence (org_id, sha256) where sha256 is not null;
