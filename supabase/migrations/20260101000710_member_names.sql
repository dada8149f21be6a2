-- People, not ids: each membership carries the name its user goes by in that org, members read
-- who else is in their org (name, email, role) through org_members(), and each user sets their
-- own name with set_my_display_name(). my_memberships() also says whether an org requires a
-- second factor, and answers at aal1 too (it lists only the caller's own memberships).

-- Trimmed, 1 to 120 characters, no control characters, no line/paragraph separators and no
-- bidirectional overrides (a name is shown in the audit trail and must not reorder the text
-- around it). Null: no name set.
alter table public.memberships add column display_name text
  constraint memberships_display_name_check check (
    display_name is null or (
      char_length(display_name) between 1 and 120
      and display_name !~ '^[[:space:]]|[[:space:]]$'
      and display_name !~ '[\u0001-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]'
    )
  );

-- A display name as given, trimmed and checked, with an error in words when it cannot be one.
create function private.clean_display_name(p_name text)
returns text
language plpgsql immutable set search_path = ''
as $$
declare
  v_name text := regexp_replace(p_name, '^[[:space:]]+|[[:space:]]+$', '', 'g');
begin
  if p_name is null then
    return null;
  end if;
  if v_name ~ '[\u0001-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]' then
    raise exception 'a display name cannot contain control characters, line breaks or direction overrides'
      using errcode = '22023';
  end if;
  if char_length(v_name) not between 1 and 120 then
    raise exception 'a display name needs 1 to 120 characters (null removes it)' using errcode = '22023';
  end if;
  return v_name;
end
$$;

-- Security definer: at aal1 in an org that requires a second factor the caller is no member
-- (RLS hides the org), yet the app must be able to say why. Only the caller's own rows.
create or replace function public.my_memberships()
returns jsonb
language sql stable security definer set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'org_id', o.id, 'org_name', o.name, 'role', m.role,
           'require_mfa', o.require_mfa, 'display_name', m.display_name)
         order by o.name, o.id), '[]'::jsonb)
  from public.memberships m join public.organizations o on o.id = m.org_id
  where m.user_id = (select auth.uid())
$$;
revoke execute on function public.my_memberships() from public, anon;
grant execute on function public.my_memberships() to authenticated;

-- Everyone in the org, by the name shown (display name, else email). Members only, with the
-- second-factor rule applied; anyone else hears the same words whether or not the org exists.
create function public.org_members(p_org_id uuid)
returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not private.is_org_member(p_org_id) then
    raise exception 'not a member of this organization' using errcode = '42501';
  end if;
  return (
    select coalesce(jsonb_agg(jsonb_build_object(
             'user_id', m.user_id, 'display_name', m.display_name, 'email', u.email, 'role', m.role)
           order by lower(coalesce(m.display_name, u.email::text, '')), u.email, m.user_id), '[]'::jsonb)
    from public.memberships m left join auth.users u on u.id = m.user_id
    where m.org_id = p_org_id
  );
end
$$;
revoke execute on function public.org_members(uuid) from public, anon;
grant execute on function public.org_members(uuid) to authenticated;

-- The caller names themselves in one org (their own membership only; null removes the name).
-- Security definer because members may not update membership rows (only managers may).
create function public.set_my_display_name(p_org_id uuid, p_display_name text)
returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  v_name text;
begin
  if not private.is_org_member(p_org_id) then
    raise exception 'not a member of this organization' using errcode = '42501';
  end if;
  v_name := private.clean_display_name(p_display_name);
  update public.memberships set display_name = v_name
  where org_id = p_org_id and user_id = (select auth.uid());
  return jsonb_build_object('org_id', p_org_id, 'display_name', v_name);
end
$$;
revoke execute on function public.set_my_display_name(uuid, text) from public, anon;
grant execute on function public.set_my_display_name(uuid, text) to authenticated;
