-- The part of Supabase Realtime's own schema that a hosted project has before its migrations
-- run, in the shape supabase/realtime's tenant migrations give it (lib/realtime/tenants/repo/
-- migrations: the squashed schema, the default messages partition): the admin role that owns
-- it, realtime.messages (partitioned by insert time, row-level security on, the API roles may
-- select, insert and update), realtime.topic() (the topic Realtime is authorizing, from the
-- transaction's `realtime.topic` setting) and realtime.send(), which writes a broadcast message
-- as its caller and turns any failure into a warning. For tests only: never deployed (Realtime
-- creates and migrates this schema itself on a hosted project). Run after bootstrap.sql.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'supabase_realtime_admin') then
    create role supabase_realtime_admin nologin noinherit noreplication;
  end if;
end
$$;
grant supabase_realtime_admin to postgres;

create schema if not exists realtime;

create or replace function realtime.topic()
returns text
language sql stable
as $$ select nullif(current_setting('realtime.topic', true), '')::text $$;

create table if not exists realtime.messages (
  topic text not null,
  extension text not null,
  payload jsonb,
  event text,
  private boolean default false,
  updated_at timestamp without time zone not null default now(),
  inserted_at timestamp without time zone not null default now(),
  id uuid not null default gen_random_uuid(),
  constraint messages_pkey primary key (id, inserted_at)
) partition by range (inserted_at);

create table if not exists realtime.messages_default partition of realtime.messages default;

create index if not exists messages_inserted_at_topic_index on only realtime.messages (inserted_at desc, topic)
  where extension = 'broadcast' and private is true;

-- As Realtime defines it: security invoker; the message id is also put in the payload unless the
-- payload has one; the topic is set for the rest of the transaction; an error is only a warning.
create or replace function realtime.send(payload jsonb, event text, topic text, private boolean default true)
returns void
language plpgsql
as $$
declare
  message_id uuid;
begin
  begin
    message_id := gen_random_uuid();
    execute format('set local realtime.topic to %L', topic);
    insert into realtime.messages (id, payload, event, topic, private, extension)
    values (
      message_id,
      case when payload ? 'id' then payload else jsonb_set(payload, '{id}', to_jsonb(message_id)) end,
      event,
      topic,
      private,
      'broadcast'
    );
  exception when others then
    raise warning 'ErrorSendingBroadcastMessage: %', sqlerrm;
  end;
end
$$;

alter table realtime.messages owner to supabase_realtime_admin;
alter function realtime.topic() owner to supabase_realtime_admin;

grant usage on schema realtime to postgres, anon, authenticated, service_role, supabase_realtime_admin;
grant all on all tables in schema realtime to supabase_realtime_admin;
grant all on all functions in schema realtime to supabase_realtime_admin;
grant select, insert, update on realtime.messages to postgres, anon, authenticated, service_role;
alter table realtime.messages enable row level security;
