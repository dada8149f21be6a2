-- Storage buckets and their object policies. Every object lives under its org's prefix,
-- `{org_id}/...` (evidence files content-addressed as `{org_id}/{sha256}`); the first path
-- segment decides the org, and the caller's role in that org decides the rest:
--
--   bucket            read                     upload               overwrite            delete
--   policy-documents  members                  owner admin c.o.     owner admin c.o.     owner admin c.o.
--   evidence-files    members                  + assigned auditors  owner admin c.o.     owner admin
--   voice-summaries   members                  owner admin c.o.     owner admin c.o.     owner admin c.o.
--   voice-training    owner admin c.o. only: voice samples are biometric data
--
-- All four are private; audio is handed out by short-lived signed URLs.

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values
  ('policy-documents', 'policy-documents', false, 52428800, null),
  ('evidence-files', 'evidence-files', false, 524288000, null),
  ('voice-summaries', 'voice-summaries', false, 52428800, array['audio/mpeg', 'audio/mp4', 'audio/wav', 'audio/webm', 'audio/ogg']),
  ('voice-training', 'voice-training', false, 52428800, array['audio/mpeg', 'audio/mp4', 'audio/wav', 'audio/webm', 'audio/ogg'])
on conflict (id) do nothing;

-- The org an object path belongs to, or null when the first segment is not a uuid.
create function private.object_org(p_name text)
returns uuid
language sql immutable set search_path = ''
as $$
  select case when split_part(p_name, '/', 1) ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
              then split_part(p_name, '/', 1)::uuid end
$$;

-- Does the caller audit any open audit of this org? (What lets an auditor upload evidence.)
create function private.has_open_audit_assignment(p_org_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1
    from public.memberships m
    join public.audit_assignments aa on aa.org_id = m.org_id and aa.user_id = m.user_id
    join public.audits a on a.id = aa.audit_id
    where m.org_id = p_org_id and m.user_id = (select auth.uid()) and m.role = 'auditor'
      and aa.deleted_at is null and a.deleted_at is null and a.status <> 'closed'
  )
$$;

-- The table above, as one function: may the caller do p_action on this object?
create function private.can_access_object(p_bucket text, p_name text, p_action text)
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
      v_role in ('owner', 'admin', 'compliance_officer')
    when p_bucket = 'evidence-files' then
      case p_action
        when 'select' then true
        when 'insert' then v_role in ('owner', 'admin', 'compliance_officer')
          or (v_role = 'auditor' and private.has_open_audit_assignment(v_org))
        when 'update' then v_role in ('owner', 'admin', 'compliance_officer')
        when 'delete' then v_role in ('owner', 'admin')
        else false
      end
    else false
  end;
end
$$;

create policy complyflow_objects_select on storage.objects for select to authenticated
  using (private.can_access_object(bucket_id, name, 'select'));
create policy complyflow_objects_insert on storage.objects for insert to authenticated
  with check (private.can_access_object(bucket_id, name, 'insert'));
create policy complyflow_objects_update on storage.objects for update to authenticated
  using (private.can_access_object(bucket_id, name, 'update'))
  with check (private.can_access_object(bucket_id, name, 'update'));
create policy complyflow_objects_delete on storage.objects for delete to authenticated
  using (private.can_access_object(bucket_id, name, 'delete'));
