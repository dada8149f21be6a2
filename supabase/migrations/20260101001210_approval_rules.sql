-- Approval and publication are decided by the server (issue 8):
--   * only an owner or admin approves or publishes (a policy, or a revision's approval record);
--   * approved_by / approved_at are stamped from auth.uid() and the server's clock, whatever
--     the client sent, and kept as they are while the approval stands;
--   * nobody approves a version whose last material edit they made themselves, unless the org
--     allows it (organizations.allow_self_approval, for a one-person team);
--   * minor versus material is the app's rule (src-main/core/policies/policies-service.ts,
--     MINOR_FIX_MAX_CHARS): the title unchanged and at most 200 characters changed, measured by
--     private.changed_span exactly as policy-diff.ts's changedSpan does. A parity test runs one
--     table of cases through both (tests/fixtures/minor-material-cases.json).

alter table public.organizations add column allow_self_approval boolean not null default false;

-- Who made the last material edit of the policy's text (stamped here, never taken from a client).
alter table public.policies add column edited_by uuid;

-- How many characters an edit changes: what differs once the common prefix and suffix are set
-- aside, counted on the longer side, in characters (code points, as Array.from counts them).
create function private.changed_span(a text, b text)
returns integer
language plpgsql immutable set search_path = ''
as $$
declare
  x text[] := coalesce(string_to_array(coalesce(a, ''), null), '{}');
  y text[] := coalesce(string_to_array(coalesce(b, ''), null), '{}');
  n integer := cardinality(x);
  m integer := cardinality(y);
  s integer := 0;
begin
  if coalesce(a, '') = coalesce(b, '') then
    return 0;
  end if;
  while s < n and s < m and x[s + 1] = y[s + 1] loop
    s := s + 1;
  end loop;
  while n > s and m > s and x[n] = y[m] loop
    n := n - 1;
    m := m - 1;
  end loop;
  return greatest(n - s, m - s);
end
$$;

-- The app's rule for a minor fix: same title, at most 200 characters of the body changed.
create function private.is_minor_fix(old_title text, new_title text, old_body text, new_body text)
returns boolean
language sql immutable set search_path = ''
as $$
  select old_title is not distinct from new_title and private.changed_span(old_body, new_body) <= 200
$$;

-- Is this write of a policy's text a minor fix? Only of an approved or published policy, and
-- only when declared (version_minor raised within the same version_major, as the app does) and
-- within the rule. Any other edit of the text is material: on a draft or a policy in review it
-- makes its writer the text's last editor, who may then not approve it.
create function private.is_minor_policy_edit(o public.policies, n public.policies)
returns boolean
language sql immutable set search_path = ''
as $$
  select o.status in ('approved', 'published')
    and n.version_major = o.version_major and n.version_minor > o.version_minor
    and private.is_minor_fix(o.title, n.title, o.body, n.body)
$$;

-- A material change to an approved or published policy's title or body sends it back to
-- draft: the approval no longer covers it. A "minor" version bump that rewrites the text is
-- material too: the server measures the change itself.
create or replace function private.reset_policy_approval()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if old.status in ('approved', 'published')
     and (new.body is distinct from old.body or new.title is distinct from old.title)
     and not private.is_minor_policy_edit(old, new)
     and new.status = old.status then
    new.status := 'draft';
    new.approved_by := null;
    new.approved_at := null;
    new.approval_comment := null;
  end if;
  return new;
end
$$;

-- Refuses an approval the caller may not give; answers quietly when they may.
create function private.check_may_approve(p_org_id uuid, p_edited_by uuid, p_what text)
returns void
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not private.has_org_role(p_org_id, '{owner,admin}') then
    raise exception 'only an owner or admin can approve or publish %', p_what using errcode = '42501';
  end if;
  if p_edited_by = (select auth.uid())
     and not (select o.allow_self_approval from public.organizations o where o.id = p_org_id) then
    raise exception 'you made the last material edit of % yourself: another owner or admin must approve it', p_what
      using errcode = '42501', hint = 'an owner or admin can allow self-approval for the organization';
  end if;
end
$$;

-- Runs after policies_reset_approval and policies_stamp (trigger names sort that way), so it
-- sees the status the reset left.
create function private.stamp_policy_approval()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_material boolean;
  v_approving boolean;
begin
  if tg_op = 'INSERT' then
    v_material := true;
    v_approving := new.status in ('approved', 'published');
  else
    v_material := (new.body is distinct from old.body or new.title is distinct from old.title)
                  and not private.is_minor_policy_edit(old, new);
    v_approving := new.status in ('approved', 'published')
                   and (old.status not in ('approved', 'published') or v_material);
  end if;
  if v_uid is null then
    return new; -- the operator (no JWT) writes what it writes
  end if;
  new.edited_by := case when v_material then v_uid else old.edited_by end;
  if new.status in ('approved', 'published')
     and (tg_op = 'INSERT' or new.status is distinct from old.status or v_material) then
    perform private.check_may_approve(new.org_id, case when v_approving then new.edited_by end, 'a policy');
  end if;
  if v_approving then
    new.approved_by := v_uid::text;
    new.approved_at := date_trunc('milliseconds', now());
  elsif new.status in ('approved', 'published') then
    new.approved_by := old.approved_by;
    new.approved_at := old.approved_at;
  else
    new.approved_by := null;
    new.approved_at := null;
  end if;
  return new;
end
$$;
create trigger policies_stamp_approval before insert or update on public.policies
  for each row execute function private.stamp_policy_approval();

-- A revision's approval record (approved_by/at, published_at): stamped by the server and kept
-- once written. A revision may carry the approval its policy already has (publishing copies it
-- onto the revision put in force; a minor fix carries the approval of the text it fixes), and a
-- minor fix of a published policy is itself in force; anything else is a new approval or
-- publication, for an owner or admin only, and approving is refused to the text's last editor.
create function private.stamp_revision_approval()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_now timestamptz := date_trunc('milliseconds', now());
  v_policy public.policies;
  v_old_by text;
  v_old_at timestamptz;
  v_old_published timestamptz;
begin
  if tg_op = 'UPDATE' then
    v_old_by := old.approved_by;
    v_old_at := old.approved_at;
    v_old_published := old.published_at;
  end if;
  if v_uid is null or (new.approved_by is not distinct from v_old_by and new.approved_at is not distinct from v_old_at
     and new.published_at is not distinct from v_old_published) then
    return new;
  end if;
  select * into v_policy from public.policies p where p.id = new.policy_id and p.org_id = new.org_id;
  if v_old_by is not null then
    new.approved_by := v_old_by;
    new.approved_at := v_old_at;
  elsif new.approved_by is null and new.approved_at is null then
    null;
  elsif v_policy.status in ('approved', 'published') and v_policy.approved_by is not null then
    new.approved_by := v_policy.approved_by;
    new.approved_at := v_policy.approved_at;
  else
    perform private.check_may_approve(new.org_id, v_policy.edited_by, 'a policy revision');
    new.approved_by := v_uid::text;
    new.approved_at := v_now;
  end if;
  if v_old_published is not null then
    new.published_at := v_old_published;
  elsif new.published_at is not null then
    if v_policy.status is distinct from 'published' then
      perform private.check_may_approve(new.org_id, null, 'a policy revision');
    end if;
    new.published_at := v_now;
  end if;
  return new;
end
$$;
create trigger policy_revisions_stamp_approval before insert or update on public.policy_revisions
  for each row execute function private.stamp_revision_approval();

-- Owner or admin allows (or stops allowing) approving one's own edits; answers the new setting.
create function public.set_org_allow_self_approval(p_org_id uuid, p_allowed boolean)
returns boolean
language plpgsql security definer set search_path = ''
as $$
begin
  if p_org_id is null or p_allowed is null then
    raise exception 'p_org_id and p_allowed (true or false) are both required' using errcode = '22023';
  end if;
  if not private.has_org_role(p_org_id, '{owner,admin}') then
    raise exception 'only an owner or admin of this organization can change whether people may approve their own edits'
      using errcode = '42501';
  end if;
  update public.organizations set allow_self_approval = p_allowed where id = p_org_id;
  return p_allowed;
end
$$;
revoke execute on function public.set_org_allow_self_approval(uuid, boolean) from public, anon;
grant execute on function public.set_org_allow_self_approval(uuid, boolean) to authenticated;
