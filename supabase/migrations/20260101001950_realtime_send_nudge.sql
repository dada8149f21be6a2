-- Realtime nudges on a hosted project (issue 8). Hosted Supabase Realtime does not read NOTIFY:
-- it delivers what is written to realtime.messages, by realtime.send(payload, event, topic,
-- private), to the clients joined to that topic whose role may select the row. So, besides the
-- pg_notify of 20260101001300 (which the local stand-in reads), each transaction that writes the
-- change log also sends the same nudge, once per org, as the broadcast event `changes` on the
-- private topic `org:<org_id>`, when realtime.send exists; and only the org's members may read
-- that topic.
--
-- Where Realtime is not installed (local Postgres, PGlite), both parts are skipped: the trigger
-- looks for realtime.send each time it runs (so a project that gets Realtime later starts sending
-- without a migration), the policy needs realtime.messages when this migration runs.
--
-- The trigger function stays `security definer`: realtime.send writes realtime.messages as its
-- caller, and the caller here is this function's owner (the migration role), not the member who
-- pushed. realtime.send swallows its own errors as warnings: a failed nudge never fails a push,
-- and a client that misses a nudge pulls at its next poll.

create or replace function private.notify_sync_changes()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  r record;
  flag text;
  v_hosted boolean := to_regprocedure('realtime.send(jsonb, text, text, boolean)') is not null;
begin
  for r in select n.org_id, min(n.seq) as seq from new_rows n group by n.org_id loop
    flag := 'complyflow_nudged.o' || replace(r.org_id::text, '-', '');
    if coalesce(current_setting(flag, true), '') <> 'y' then
      perform set_config(flag, 'y', true);
      perform pg_notify('complyflow_sync', json_build_object('org_id', r.org_id, 'seq', r.seq)::text);
      if v_hosted then
        perform realtime.send(jsonb_build_object('org_id', r.org_id, 'seq', r.seq), 'changes', 'org:' || r.org_id::text, true);
      end if;
    end if;
  end loop;
  return null;
end
$$;

-- Whether the caller is a member of the org a Realtime topic names (`org:<uuid>`); any other
-- topic is no org's. plpgsql, so the cast is never folded ahead of the shape check.
create or replace function private.is_org_topic_member(p_topic text)
returns boolean
language plpgsql stable security definer set search_path = ''
as $$
begin
  if p_topic is null
     or p_topic !~ '^org:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    return false;
  end if;
  return private.is_org_member(substr(p_topic, 5)::uuid);
end
$$;

revoke all on function private.is_org_topic_member(text) from public;
grant execute on function private.is_org_topic_member(text) to authenticated;

-- Realtime checks a join by selecting, as the user and with realtime.topic() set to the channel,
-- a broadcast message it just wrote for that topic: this policy lets it through for members.
-- The row's own topic must be the one asked about, so a member of one org never reads another's.
do $$
begin
  if to_regclass('realtime.messages') is null or to_regprocedure('realtime.topic()') is null then
    return;
  end if;
  execute 'drop policy if exists complyflow_org_members_read_nudges on realtime.messages';
  execute $policy$
    create policy complyflow_org_members_read_nudges on realtime.messages
      for select to authenticated
      using (
        realtime.messages.extension = 'broadcast'
        and realtime.messages.topic = (select realtime.topic())
        and (select private.is_org_topic_member(realtime.topic()))
      )
  $policy$;
end
$$;
