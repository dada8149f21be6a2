-- The app mirrors the server's self-approval rule (20260101001210_approval_rules.sql) before a
-- push is refused: my_memberships() now also says whether the org allows approving one's own
-- material edits. Starts from the body in 20260101000710_member_names.sql; one key added.
create or replace function public.my_memberships()
returns jsonb
language sql stable security definer set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'org_id', o.id, 'org_name', o.name, 'role', m.role,
           'require_mfa', o.require_mfa, 'display_name', m.display_name,
           'allow_self_approval', o.allow_self_approval)
         order by o.name, o.id), '[]'::jsonb)
  from public.memberships m join public.organizations o on o.id = m.org_id
  where m.user_id = (select auth.uid())
$$;
revoke execute on function public.my_memberships() from public, anon;
grant execute on function public.my_memberships() to authenticated;
