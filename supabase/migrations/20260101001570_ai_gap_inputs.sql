-- What ai-gap-analysis reads, as the caller (security invoker: row-level security decides, so a
-- function can never see a policy or control its user cannot): one policy's text, and the live
-- controls of one framework, both in the org of the device that signed the request.

create function public.ai_gap_policy(p_org_id uuid, p_policy_id uuid)
returns table (id uuid, title text, body text)
language sql stable security invoker set search_path = ''
as $$
  select p.id, p.title, p.body from public.policies p
  where p.org_id = p_org_id and p.id = p_policy_id and p.deleted_at is null
$$;

create function public.ai_gap_controls(p_org_id uuid, p_framework_id uuid)
returns table (id uuid, control_key text, label text, title text, statement text, framework_title text)
language sql stable security invoker set search_path = ''
as $$
  select c.id, c.control_key, c.label, c.title, c.statement, f.title
  from public.controls c join public.frameworks f on f.id = c.framework_id and f.org_id = c.org_id
  where c.org_id = p_org_id and c.framework_id = p_framework_id and c.deleted_at is null and f.deleted_at is null
  order by c.sort_key nulls last, c.control_key
$$;

revoke all on function public.ai_gap_policy(uuid, uuid) from public, anon;
revoke all on function public.ai_gap_controls(uuid, uuid) from public, anon;
grant execute on function public.ai_gap_policy(uuid, uuid) to authenticated;
grant execute on function public.ai_gap_controls(uuid, uuid) to authenticated;
