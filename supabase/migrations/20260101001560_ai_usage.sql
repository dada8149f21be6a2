-- Rate limits and usage for the AI and voice functions (issue 10). Counters per org, user, kind
-- ('ai': tokens; 'voice': characters) and fixed window, in Postgres so every function instance
-- agrees. Quotas are per org and kind, set by owners and admins; without a row the defaults below
-- apply. Only the functions (service role) count; members read nothing here but through the RPCs.

create table private.ai_quotas (
  org_id uuid not null references public.organizations (id) on delete cascade,
  kind text not null check (kind in ('ai', 'voice')),
  window_seconds integer not null default 3600 check (window_seconds between 60 and 86400),
  org_requests integer not null check (org_requests between 0 and 1000000),
  org_tokens bigint not null check (org_tokens between 0 and 1000000000000),
  user_requests integer not null check (user_requests between 0 and 1000000),
  user_tokens bigint not null check (user_tokens between 0 and 1000000000000),
  -- Tokens (characters for voice) per calendar month (UTC) for the whole org; null: no cap.
  monthly_tokens bigint check (monthly_tokens between 0 and 1000000000000),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  primary key (org_id, kind)
);

create table private.ai_usage (
  org_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null,
  kind text not null check (kind in ('ai', 'voice')),
  window_start timestamptz not null,
  requests integer not null default 0,
  tokens bigint not null default 0,
  primary key (org_id, kind, window_start, user_id)
);
create index ai_usage_month_idx on private.ai_usage (org_id, window_start);

-- The quota in force: the org's row, or the defaults (generous for a team, small per person).
create function private.ai_quota(p_org_id uuid, p_kind text)
returns private.ai_quotas
language sql stable security definer set search_path = ''
as $$
  select coalesce(
    (select q from private.ai_quotas q where q.org_id = p_org_id and q.kind = p_kind),
    case p_kind
      when 'ai' then row(p_org_id, 'ai', 3600, 600, 2000000, 60, 200000, null, now(), null)::private.ai_quotas
      else row(p_org_id, 'voice', 3600, 200, 200000, 20, 20000, null, now(), null)::private.ai_quotas
    end)
$$;

-- Before a provider call: is there room for one more request of about p_estimate tokens, for this
-- user and for the org, in this window and this month? Counts the request when there is. Answers
-- {allowed: true} or {allowed: false, scope, retry_after_seconds, message}. The service role
-- calls it with the identity the guard verified; the caller must still be a member.
create function public.ai_consume(p_org_id uuid, p_user_id uuid, p_kind text, p_estimate bigint)
returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  v_quota private.ai_quotas;
  v_now timestamptz := clock_timestamp();
  v_window timestamptz;
  v_window_end timestamptz;
  v_month timestamptz := date_trunc('month', v_now at time zone 'utc') at time zone 'utc';
  v_user record;
  v_org record;
  v_month_tokens bigint;
  v_wait integer;
  v_what text := case p_kind when 'voice' then 'characters' else 'tokens' end;
begin
  if p_kind is null or p_kind not in ('ai', 'voice') then
    raise exception 'kind must be ai or voice' using errcode = '22023';
  end if;
  if p_estimate is null or p_estimate < 0 or p_estimate > 10000000 then
    raise exception 'the estimate must be between 0 and 10000000' using errcode = '22023';
  end if;
  if not exists (select 1 from public.memberships m where m.org_id = p_org_id and m.user_id = p_user_id) then
    raise exception 'this user is not a member of the organization' using errcode = '42501';
  end if;
  -- One consumer per org and kind at a time, so two concurrent requests cannot both take the last slot.
  perform pg_advisory_xact_lock(hashtextextended('ai_consume:' || p_org_id::text || ':' || p_kind, 0));
  v_quota := private.ai_quota(p_org_id, p_kind);
  v_window := to_timestamp(floor(extract(epoch from v_now) / v_quota.window_seconds) * v_quota.window_seconds);
  v_window_end := v_window + make_interval(secs => v_quota.window_seconds);
  v_wait := greatest(1, ceil(extract(epoch from v_window_end - v_now))::integer);

  select coalesce(sum(u.requests), 0) as requests, coalesce(sum(u.tokens), 0) as tokens into v_user
  from private.ai_usage u
  where u.org_id = p_org_id and u.kind = p_kind and u.window_start = v_window and u.user_id = p_user_id;
  select coalesce(sum(u.requests), 0) as requests, coalesce(sum(u.tokens), 0) as tokens into v_org
  from private.ai_usage u
  where u.org_id = p_org_id and u.kind = p_kind and u.window_start = v_window;

  if v_user.requests + 1 > v_quota.user_requests or v_user.tokens + p_estimate > v_quota.user_tokens then
    return jsonb_build_object('allowed', false, 'scope', 'user', 'retry_after_seconds', v_wait,
      'message', format('you have used your %s limit for now (%s requests, %s %s per %s); try again in %s',
        case p_kind when 'voice' then 'voice' else 'AI' end, v_quota.user_requests, v_quota.user_tokens, v_what,
        private.ai_duration(v_quota.window_seconds), private.ai_duration(v_wait)));
  end if;
  if v_org.requests + 1 > v_quota.org_requests or v_org.tokens + p_estimate > v_quota.org_tokens then
    return jsonb_build_object('allowed', false, 'scope', 'org', 'retry_after_seconds', v_wait,
      'message', format('your organization has used its %s limit for now (%s requests, %s %s per %s); try again in %s',
        case p_kind when 'voice' then 'voice' else 'AI' end, v_quota.org_requests, v_quota.org_tokens, v_what,
        private.ai_duration(v_quota.window_seconds), private.ai_duration(v_wait)));
  end if;
  if v_quota.monthly_tokens is not null then
    select coalesce(sum(u.tokens), 0) into v_month_tokens
    from private.ai_usage u
    where u.org_id = p_org_id and u.kind = p_kind and u.window_start >= v_month;
    if v_month_tokens + p_estimate > v_quota.monthly_tokens then
      v_wait := greatest(1, ceil(extract(epoch from (v_month + interval '1 month') - v_now))::integer);
      return jsonb_build_object('allowed', false, 'scope', 'month', 'retry_after_seconds', v_wait,
        'message', format('your organization has used its %s quota for this month (%s %s); an admin can raise it in Settings → AI usage',
          case p_kind when 'voice' then 'voice' else 'AI' end, v_quota.monthly_tokens, v_what));
    end if;
  end if;

  insert into private.ai_usage as u (org_id, user_id, kind, window_start, requests)
  values (p_org_id, p_user_id, p_kind, v_window, 1)
  on conflict (org_id, kind, window_start, user_id) do update set requests = u.requests + 1;
  return jsonb_build_object('allowed', true);
end
$$;

-- "1 hour", "12 minutes", "40 seconds": the wait in words for the messages above.
create function private.ai_duration(p_seconds integer)
returns text
language sql immutable set search_path = ''
as $$
  select case
    when p_seconds >= 7200 and p_seconds % 3600 = 0 then (p_seconds / 3600) || ' hours'
    when p_seconds = 3600 then '1 hour'
    when p_seconds >= 120 then ceil(p_seconds / 60.0)::integer || ' minutes'
    when p_seconds >= 60 then '1 minute'
    when p_seconds = 1 then '1 second'
    else p_seconds || ' seconds'
  end
$$;

-- After a provider call: the tokens (or characters) it really used, counted in the current window.
create function public.ai_record_usage(p_org_id uuid, p_user_id uuid, p_kind text, p_tokens bigint)
returns void
language plpgsql volatile security definer set search_path = ''
as $$
declare
  v_quota private.ai_quotas;
  v_now timestamptz := clock_timestamp();
  v_window timestamptz;
begin
  if p_kind is null or p_kind not in ('ai', 'voice') then
    raise exception 'kind must be ai or voice' using errcode = '22023';
  end if;
  if p_tokens is null or p_tokens < 0 or p_tokens > 10000000 then
    raise exception 'tokens must be between 0 and 10000000' using errcode = '22023';
  end if;
  v_quota := private.ai_quota(p_org_id, p_kind);
  v_window := to_timestamp(floor(extract(epoch from v_now) / v_quota.window_seconds) * v_quota.window_seconds);
  insert into private.ai_usage as u (org_id, user_id, kind, window_start, tokens)
  values (p_org_id, p_user_id, p_kind, v_window, p_tokens)
  on conflict (org_id, kind, window_start, user_id) do update set tokens = u.tokens + excluded.tokens;
end
$$;

revoke all on function public.ai_consume(uuid, uuid, text, bigint) from public, anon, authenticated;
revoke all on function public.ai_record_usage(uuid, uuid, text, bigint) from public, anon, authenticated;
grant execute on function public.ai_consume(uuid, uuid, text, bigint) to service_role;
grant execute on function public.ai_record_usage(uuid, uuid, text, bigint) to service_role;

-- Owners and admins: the quotas in force for both kinds (defaults filled in).
create function public.ai_quotas(p_org_id uuid)
returns table (
  kind text, window_seconds integer, org_requests integer, org_tokens bigint, user_requests integer,
  user_tokens bigint, monthly_tokens bigint, is_default boolean
)
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not private.has_org_role(p_org_id, '{owner,admin}') then
    raise exception 'only an owner or admin can see the AI quotas' using errcode = '42501';
  end if;
  return query
    select q.kind, q.window_seconds, q.org_requests, q.org_tokens, q.user_requests, q.user_tokens, q.monthly_tokens,
      not exists (select 1 from private.ai_quotas s where s.org_id = p_org_id and s.kind = k.kind)
    from (values ('ai'), ('voice')) as k(kind), lateral private.ai_quota(p_org_id, k.kind) q;
end
$$;

-- Owners and admins set one kind's quota (all numbers at once; monthly null for no monthly cap).
create function public.set_ai_quota(
  p_org_id uuid, p_kind text, p_org_requests integer, p_org_tokens bigint, p_user_requests integer,
  p_user_tokens bigint, p_monthly_tokens bigint default null, p_window_seconds integer default 3600
)
returns void
language plpgsql volatile security definer set search_path = ''
as $$
begin
  if not private.has_org_role(p_org_id, '{owner,admin}') then
    raise exception 'only an owner or admin can change the AI quotas' using errcode = '42501';
  end if;
  if p_kind is null or p_kind not in ('ai', 'voice') then
    raise exception 'kind must be ai or voice' using errcode = '22023';
  end if;
  if p_org_requests is null or p_org_requests < 0 or p_user_requests is null or p_user_requests < 0
     or p_org_tokens is null or p_org_tokens < 0 or p_user_tokens is null or p_user_tokens < 0
     or (p_monthly_tokens is not null and p_monthly_tokens < 0) then
    raise exception 'quotas are whole numbers of zero or more' using errcode = '22023';
  end if;
  if p_user_requests > p_org_requests or p_user_tokens > p_org_tokens then
    raise exception 'a person''s limit cannot be above the organization''s' using errcode = '22023';
  end if;
  if p_window_seconds is null or p_window_seconds not between 60 and 86400 then
    raise exception 'the window must be between 1 minute and 1 day' using errcode = '22023';
  end if;
  insert into private.ai_quotas as q (org_id, kind, window_seconds, org_requests, org_tokens, user_requests,
    user_tokens, monthly_tokens, updated_at, updated_by)
  values (p_org_id, p_kind, p_window_seconds, p_org_requests, p_org_tokens, p_user_requests, p_user_tokens,
    p_monthly_tokens, now(), (select auth.uid()))
  on conflict (org_id, kind) do update set window_seconds = excluded.window_seconds,
    org_requests = excluded.org_requests, org_tokens = excluded.org_tokens,
    user_requests = excluded.user_requests, user_tokens = excluded.user_tokens,
    monthly_tokens = excluded.monthly_tokens, updated_at = now(), updated_by = excluded.updated_by;
end
$$;

-- Owners and admins: requests and tokens per calendar month (UTC), newest first, with the number
-- of people who used it.
create function public.ai_usage_by_month(p_org_id uuid, p_months integer default 12)
returns table (month date, kind text, requests bigint, tokens bigint, users bigint)
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not private.has_org_role(p_org_id, '{owner,admin}') then
    raise exception 'only an owner or admin can see AI usage' using errcode = '42501';
  end if;
  if p_months is null or p_months not between 1 and 120 then
    raise exception 'months must be between 1 and 120' using errcode = '22023';
  end if;
  return query
    select (date_trunc('month', u.window_start at time zone 'utc'))::date as month, u.kind,
      sum(u.requests)::bigint, sum(u.tokens)::bigint, count(distinct u.user_id)::bigint
    from private.ai_usage u
    where u.org_id = p_org_id
      and u.window_start >= (date_trunc('month', now() at time zone 'utc') - make_interval(months => p_months - 1)) at time zone 'utc'
    group by 1, 2
    order by 1 desc, 2;
end
$$;

revoke all on function public.ai_quotas(uuid) from public, anon;
revoke all on function public.set_ai_quota(uuid, text, integer, bigint, integer, bigint, bigint, integer) from public, anon;
revoke all on function public.ai_usage_by_month(uuid, integer) from public, anon;
grant execute on function public.ai_quotas(uuid) to authenticated;
grant execute on function public.set_ai_quota(uuid, text, integer, bigint, integer, bigint, bigint, integer) to authenticated;
grant execute on function public.ai_usage_by_month(uuid, integer) to authenticated;
