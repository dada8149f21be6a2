-- The approver's comment, kept with the approval record (on the policy while its approval
-- stands, and on the approved revision for good), and why a closed audit was reopened.
-- Additive: older clients keep syncing without these fields.
alter table public.policies add column approval_comment text;
alter table public.policy_revisions add column approval_comment text;
alter table public.audits add column reopen_reason text;

-- A material edit resets the approval, and its comment with it.
create or replace function private.reset_policy_approval()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if old.status in ('approved', 'published')
     and (new.body is distinct from old.body or new.title is distinct from old.title)
     and not (new.version_major = old.version_major and new.version_minor > old.version_minor)
     and new.status = old.status then
    new.status := 'draft';
    new.approved_by := null;
    new.approved_at := null;
    new.approval_comment := null;
  end if;
  return new;
end
$$;
