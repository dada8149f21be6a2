-- AI policy drafts (issue 10): what ai-draft-policy reads, and the revision mark it leaves.
--
-- A revision saved from an AI draft says so (ai_assisted true): the mark travels with the
-- revision row, so the trail event that records the revision carries it and every device's
-- revision history shows it. Synced table: additive and nullable (older clients send nothing).
alter table public.policy_revisions add column ai_assisted boolean;

-- The draft's inputs, read as the caller (security invoker: RLS on controls and policies
-- applies) for the device's organization: the chosen controls' texts, the policy being
-- drafted (when one is named), and the org profile. A control id that is not a live control
-- of this org (another org's, deleted, made up) is refused by name, so the function never
-- asks OpenAI about text the caller may not read. p_control_ids is a JSON array of uuids
-- (jsonb, as PostgREST passes a JSON array).
create function public.ai_draft_context(p_org_id uuid, p_control_ids jsonb, p_policy_id uuid default null)
returns jsonb
language plpgsql stable security invoker set search_path = ''
as $$
declare
  v_ids uuid[];
  v_missing uuid[];
  v_policy jsonb;
begin
  if p_control_ids is null or jsonb_typeof(p_control_ids) <> 'array'
     or exists (select 1 from jsonb_array_elements(p_control_ids) e
                where jsonb_typeof(e) <> 'string'
                   or (e #>> '{}') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') then
    raise exception 'the controls must be a list of control ids (uuids)' using errcode = '22023';
  end if;
  select coalesce(array_agg(distinct x::uuid), '{}') into v_ids from jsonb_array_elements_text(p_control_ids) x;
  if p_org_id is null or cardinality(v_ids) = 0 then
    raise exception 'choose at least one control' using errcode = '22023';
  end if;
  if cardinality(v_ids) > 50 then
    raise exception 'choose at most 50 controls for one draft' using errcode = '22023';
  end if;
  if not private.is_org_member(p_org_id) then
    raise exception 'not a member of this organization' using errcode = '42501';
  end if;
  select coalesce(array_agg(w.id), '{}') into v_missing
  from unnest(v_ids) as w(id)
  where not exists (select 1 from public.controls c where c.id = w.id and c.org_id = p_org_id and c.deleted_at is null);
  if cardinality(v_missing) > 0 then
    raise exception 'no such control in this organization: %', array_to_string(v_missing, ', ')
      using errcode = 'P0002', hint = 'unknown_control';
  end if;
  if p_policy_id is not null then
    select jsonb_build_object('id', p.id, 'title', p.title, 'body', p.body) into v_policy
    from public.policies p where p.id = p_policy_id and p.org_id = p_org_id and p.deleted_at is null;
    if v_policy is null then
      raise exception 'no such policy in this organization: %', p_policy_id using errcode = 'P0002', hint = 'unknown_policy';
    end if;
  end if;
  return jsonb_build_object(
    'profile', public.org_profile(p_org_id),
    'policy', v_policy,
    'controls', (
      select jsonb_agg(jsonb_build_object('id', c.id, 'label', c.label, 'title', c.title,
               'statement', coalesce(c.statement, ''), 'guidance', coalesce(c.guidance, ''))
             order by c.sort_key nulls last, c.label, c.id)
      from public.controls c
      where c.id = any (v_ids) and c.org_id = p_org_id and c.deleted_at is null));
end
$$;
revoke execute on function public.ai_draft_context(uuid, jsonb, uuid) from public, anon;
grant execute on function public.ai_draft_context(uuid, jsonb, uuid) to authenticated;
