-- Who may read and write the synced records, per role (DOMAIN.md "Roles"):
--   owner, admin        everything in the org
--   compliance_officer  frameworks, controls, policies (and their revisions, links, conflicts), evidence
--   auditor             reads everything; writes results, findings and evidence (and evidence links)
--                       inside the open audits they are assigned to
--   viewer              reads
-- Nobody hard-deletes a record (deletion is a tombstone: an update of deleted_at), so no
-- record table has a delete policy. Moving a row to another org is refused by a trigger.

-- Is the caller an auditor of this org assigned to this (not yet closed) audit?
create function private.is_assigned_auditor(p_org_id uuid, p_audit_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1
    from public.memberships m
    join public.audit_assignments aa on aa.org_id = m.org_id and aa.user_id = m.user_id
    join public.audits a on a.id = aa.audit_id and a.org_id = m.org_id
    where m.org_id = p_org_id and m.user_id = (select auth.uid()) and m.role = 'auditor'
      and aa.audit_id = p_audit_id and aa.deleted_at is null
      and a.deleted_at is null and a.status <> 'closed'
  )
$$;

-- Evidence links an auditor may write: those of evidence captured in an audit they work on.
create function private.is_evidence_in_assigned_audit(p_org_id uuid, p_evidence_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.evidence e
    where e.id = p_evidence_id and e.org_id = p_org_id and e.audit_id is not null
      and private.is_assigned_auditor(p_org_id, e.audit_id)
  )
$$;

do $$
declare
  t text;
begin
  -- Every record: any member reads.
  foreach t in array array['frameworks', 'controls', 'policies', 'policy_revisions', 'policy_controls',
    'policy_conflicts', 'audits', 'evidence', 'evidence_controls', 'audit_scope', 'audit_assignments',
    'audit_results', 'findings', 'audit_events']
  loop
    execute format('alter table public.%I enable row level security', t);
    execute format('create policy %I on public.%I for select to authenticated
      using ((select private.is_org_member(org_id)))', t || '_select', t);
  end loop;

  -- The compliance library: owner, admin and compliance officer write.
  foreach t in array array['frameworks', 'controls', 'policies', 'policy_revisions', 'policy_controls',
    'policy_conflicts']
  loop
    execute format('create policy %I on public.%I for insert to authenticated
      with check ((select private.has_org_role(org_id, %L)))', t || '_insert', t, '{owner,admin,compliance_officer}');
    execute format('create policy %I on public.%I for update to authenticated
      using ((select private.has_org_role(org_id, %L)))
      with check ((select private.has_org_role(org_id, %L)))', t || '_update', t,
      '{owner,admin,compliance_officer}', '{owner,admin,compliance_officer}');
  end loop;

  -- Planning audits: owner and admin.
  foreach t in array array['audits', 'audit_scope', 'audit_assignments']
  loop
    execute format('create policy %I on public.%I for insert to authenticated
      with check ((select private.has_org_role(org_id, %L)))', t || '_insert', t, '{owner,admin}');
    execute format('create policy %I on public.%I for update to authenticated
      using ((select private.has_org_role(org_id, %L)))
      with check ((select private.has_org_role(org_id, %L)))', t || '_update', t, '{owner,admin}', '{owner,admin}');
  end loop;

  -- Fieldwork: owner, admin, and the auditors assigned to the audit.
  foreach t in array array['audit_results', 'findings']
  loop
    execute format('create policy %I on public.%I for insert to authenticated
      with check ((select private.has_org_role(org_id, %L)) or private.is_assigned_auditor(org_id, audit_id))',
      t || '_insert', t, '{owner,admin}');
    execute format('create policy %I on public.%I for update to authenticated
      using ((select private.has_org_role(org_id, %L)) or private.is_assigned_auditor(org_id, audit_id))
      with check ((select private.has_org_role(org_id, %L)) or private.is_assigned_auditor(org_id, audit_id))',
      t || '_update', t, '{owner,admin}', '{owner,admin}');
  end loop;
end
$$;

create policy evidence_insert on public.evidence for insert to authenticated
  with check (
    (select private.has_org_role(org_id, '{owner,admin,compliance_officer}'))
    or (audit_id is not null and private.is_assigned_auditor(org_id, audit_id))
  );
create policy evidence_update on public.evidence for update to authenticated
  using (
    (select private.has_org_role(org_id, '{owner,admin,compliance_officer}'))
    or (audit_id is not null and private.is_assigned_auditor(org_id, audit_id))
  )
  with check (
    (select private.has_org_role(org_id, '{owner,admin,compliance_officer}'))
    or (audit_id is not null and private.is_assigned_auditor(org_id, audit_id))
  );

create policy evidence_controls_insert on public.evidence_controls for insert to authenticated
  with check (
    (select private.has_org_role(org_id, '{owner,admin,compliance_officer}'))
    or private.is_evidence_in_assigned_audit(org_id, evidence_id)
  );
create policy evidence_controls_update on public.evidence_controls for update to authenticated
  using (
    (select private.has_org_role(org_id, '{owner,admin,compliance_officer}'))
    or private.is_evidence_in_assigned_audit(org_id, evidence_id)
  )
  with check (
    (select private.has_org_role(org_id, '{owner,admin,compliance_officer}'))
    or private.is_evidence_in_assigned_audit(org_id, evidence_id)
  );

-- The audit trail: anyone who may write something records their own events; nobody updates
-- or deletes one (no policy, and a trigger refuses even the table owner).
create policy audit_events_insert on public.audit_events for insert to authenticated
  with check (
    (select private.has_org_role(org_id, '{owner,admin,compliance_officer,auditor}'))
    and actor = (select auth.uid())::text
  );
