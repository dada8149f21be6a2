-- References stay inside the organization (issue 8). Foreign keys ignore row-level security,
-- so a row could point at another org's record, and the error would tell whether that id
-- exists. Each record table checks its reference columns before the write: the parent must
-- exist in the same org, and a missing parent and another org's parent are refused with the
-- same SQLSTATE (23503, which push answers as missing_reference) and the same words, which name
-- the column, never the id or whether it exists elsewhere.

-- Trigger arguments: pairs of (column, referenced table). Security definer: the check must see
-- the parent even where RLS would hide it, and answers only "in this org or not".
create function private.check_org_references()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_new jsonb := to_jsonb(new);
  v_old jsonb := case when tg_op = 'UPDATE' then to_jsonb(old) else '{}'::jsonb end;
  v_col text;
  v_table text;
  v_ref text;
  v_found boolean;
  i integer := 0;
begin
  while i < tg_nargs loop
    v_col := tg_argv[i];
    v_table := tg_argv[i + 1];
    i := i + 2;
    v_ref := v_new ->> v_col;
    if v_ref is null or v_ref is not distinct from (v_old ->> v_col) then
      continue;
    end if;
    execute format('select exists (select 1 from public.%I r where r.id = $1::uuid and r.org_id = $2)', v_table)
      into v_found using v_ref, new.org_id;
    if not v_found then
      raise exception '%.% references a record that does not exist', tg_table_name, v_col
        using errcode = '23503';
    end if;
  end loop;
  return new;
end
$$;

create trigger controls_org_references before insert or update on public.controls
  for each row execute function private.check_org_references('framework_id', 'frameworks', 'parent_id', 'controls');
-- A new policy names its first revision before that revision exists (the app writes the policy
-- first, since the revision references it), so a policy's revision pointers are checked when
-- they change, not on insert; missing and foreign ids are alike there too (both taken as not
-- yet there). Every later pointer is written after its revision.
create trigger policies_org_references before update on public.policies
  for each row execute function private.check_org_references(
    'current_revision_id', 'policy_revisions', 'published_revision_id', 'policy_revisions');
create trigger policy_revisions_org_references before insert or update on public.policy_revisions
  for each row execute function private.check_org_references('policy_id', 'policies', 'base_revision_id', 'policy_revisions');
create trigger policy_controls_org_references before insert or update on public.policy_controls
  for each row execute function private.check_org_references('policy_id', 'policies', 'control_id', 'controls');
create trigger policy_conflicts_org_references before insert or update on public.policy_conflicts
  for each row execute function private.check_org_references('policy_id', 'policies');
create trigger audits_org_references before insert or update on public.audits
  for each row execute function private.check_org_references('framework_id', 'frameworks');
create trigger evidence_org_references before insert or update on public.evidence
  for each row execute function private.check_org_references('audit_id', 'audits', 'device_id', 'devices');
create trigger evidence_controls_org_references before insert or update on public.evidence_controls
  for each row execute function private.check_org_references('evidence_id', 'evidence', 'control_id', 'controls');
create trigger audit_scope_org_references before insert or update on public.audit_scope
  for each row execute function private.check_org_references('audit_id', 'audits', 'control_id', 'controls');
create trigger audit_assignments_org_references before insert or update on public.audit_assignments
  for each row execute function private.check_org_references('audit_id', 'audits');
create trigger audit_results_org_references before insert or update on public.audit_results
  for each row execute function private.check_org_references('audit_id', 'audits', 'control_id', 'controls');
create trigger findings_org_references before insert or update on public.findings
  for each row execute function private.check_org_references('audit_id', 'audits', 'control_id', 'controls');
