-- Voice (issue 10): spoken policy summaries and the org voice made from an admin's samples.
-- The tables live in `private` (no API route reaches them); the RPCs below are the only way in,
-- and each checks the caller's role itself.
--
-- voice_summaries  the cache of the voice-summary function: one row per (org, hash of revision
--                  body, voice, model), its transcript and, when ElevenLabs answered, the path
--                  of the audio in the private voice-summaries bucket. Members read it; only the
--                  function (service role) writes it.
-- org_voices       the org's cloned ElevenLabs voice, its samples in voice-training and the
--                  consent it was made under. Members see which voice speaks; owners and admins
--                  make and delete it.
-- voice_consents   every consent text an owner or admin accepted before uploading samples,
--                  append-only, stamped by the server: the record that the speaker agreed.
-- Samples are biometric data: the voice-training bucket narrows from the policy library's
-- roles to owners and admins, the people who may train the voice.

create table private.voice_summaries (
  org_id uuid not null references public.organizations (id) on delete cascade,
  cache_key text not null check (cache_key ~ '^[0-9a-f]{64}$'),
  revision_id uuid not null,
  voice_id text not null,
  model text not null,
  transcript text not null check (length(transcript) between 1 and 20000),
  audio_path text,
  created_at timestamptz not null default now(),
  primary key (org_id, cache_key)
);

create table private.voice_consents (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null,
  device_id uuid,
  consent_text text not null check (length(consent_text) between 20 and 4000),
  created_at timestamptz not null default now()
);

create table private.org_voices (
  org_id uuid primary key references public.organizations (id) on delete cascade,
  voice_id text not null,
  name text not null check (length(name) between 1 and 100),
  sample_paths text[] not null,
  sample_seconds numeric not null check (sample_seconds between 60 and 180),
  consent_id uuid not null references private.voice_consents (id),
  created_by uuid not null,
  created_at timestamptz not null default now()
);

-- What voice-summary speaks: a revision's title and body, as the caller may read them (RLS).
create function public.voice_revision_source(p_revision_id uuid)
returns table (org_id uuid, policy_id uuid, title text, body text)
language sql stable security invoker set search_path = ''
as $$
  select r.org_id, r.policy_id, r.title, r.body
  from public.policy_revisions r
  where r.id = p_revision_id and r.deleted_at is null
$$;

-- A cached summary, as the caller may read it.
create function public.voice_summary_cached(p_org_id uuid, p_cache_key text)
returns table (transcript text, audio_path text, voice_id text, model text)
language sql stable security definer set search_path = ''
as $$
  select s.transcript, s.audio_path, s.voice_id, s.model
  from private.voice_summaries s
  where s.org_id = p_org_id and s.cache_key = p_cache_key and private.is_org_member(p_org_id)
$$;

-- The function's write of a summary (service role only): audio_path filled in once audio exists.
create function public.voice_summary_store(
  p_org_id uuid, p_cache_key text, p_revision_id uuid, p_voice_id text, p_model text, p_transcript text, p_audio_path text
)
returns void
language sql volatile security definer set search_path = ''
as $$
  insert into private.voice_summaries (org_id, cache_key, revision_id, voice_id, model, transcript, audio_path)
  values (p_org_id, p_cache_key, p_revision_id, p_voice_id, p_model, p_transcript, p_audio_path)
  on conflict (org_id, cache_key) do update
    set transcript = excluded.transcript, audio_path = coalesce(excluded.audio_path, private.voice_summaries.audio_path)
$$;
revoke execute on function public.voice_summary_store(uuid, text, uuid, text, text, text, text) from public, anon, authenticated;
grant execute on function public.voice_summary_store(uuid, text, uuid, text, text, text, text) to service_role;

-- The org's voice, for any member (null voice_id when there is none).
create function public.org_voice(p_org_id uuid)
returns table (voice_id text, name text, sample_seconds numeric, created_at timestamptz, created_by uuid)
language sql stable security definer set search_path = ''
as $$
  select v.voice_id, v.name, v.sample_seconds, v.created_at, v.created_by
  from private.org_voices v where v.org_id = p_org_id and private.is_org_member(p_org_id)
$$;

create function private.require_voice_trainer(p_org_id uuid)
returns void
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not private.has_org_role(p_org_id, '{owner,admin}') then
    raise exception 'only an owner or admin of the organization can train or delete its voice' using errcode = '42501';
  end if;
end
$$;

-- Step one of training: the consent, recorded before any sample is uploaded.
create function public.voice_consent_record(p_org_id uuid, p_consent_text text, p_device_id uuid)
returns uuid
language plpgsql volatile security definer set search_path = ''
as $$
declare
  v_id uuid;
begin
  perform private.require_voice_trainer(p_org_id);
  if p_consent_text is null or length(btrim(p_consent_text)) < 20 then
    raise exception 'the consent text is missing or too short' using errcode = '22023';
  end if;
  insert into private.voice_consents (org_id, user_id, device_id, consent_text)
  values (p_org_id, (select auth.uid()), p_device_id, p_consent_text)
  returning id into v_id;
  return v_id;
end
$$;

-- Step two: the cloned voice, once ElevenLabs made it. Replaces an earlier voice, whose voice id
-- and samples come back so the function removes them too.
create function public.org_voice_save(
  p_org_id uuid, p_voice_id text, p_name text, p_sample_paths jsonb, p_sample_seconds numeric, p_consent_id uuid
)
returns table (previous_voice_id text, previous_sample_paths text[])
language plpgsql volatile security definer set search_path = ''
as $$
declare
  v_previous private.org_voices;
  v_paths text[];
begin
  if jsonb_typeof(p_sample_paths) is distinct from 'array' or jsonb_array_length(p_sample_paths) = 0 then
    raise exception 'the sample paths must be a non-empty JSON array' using errcode = '22023';
  end if;
  v_paths := array(select jsonb_array_elements_text(p_sample_paths));
  perform private.require_voice_trainer(p_org_id);
  if not exists (select 1 from private.voice_consents c
                 where c.id = p_consent_id and c.org_id = p_org_id and c.user_id = (select auth.uid())) then
    raise exception 'no consent of yours was recorded for this voice' using errcode = '42501';
  end if;
  if exists (select 1 from unnest(v_paths) p where private.object_org(p) is distinct from p_org_id) then
    raise exception 'a sample path is outside the organization' using errcode = '42501';
  end if;
  delete from private.org_voices v where v.org_id = p_org_id returning * into v_previous;
  insert into private.org_voices (org_id, voice_id, name, sample_paths, sample_seconds, consent_id, created_by)
  values (p_org_id, p_voice_id, p_name, v_paths, p_sample_seconds, p_consent_id, (select auth.uid()));
  return query select v_previous.voice_id, v_previous.sample_paths where v_previous.org_id is not null;
end
$$;

-- May the caller train (or delete) the org's voice? Lets the function refuse before any upload.
create function public.can_train_org_voice(p_org_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$ select private.has_org_role(p_org_id, '{owner,admin}') $$;

-- Deleting the voice: the row goes, and the caller learns what else to remove (samples, the
-- ElevenLabs voice). Summaries spoken with it stay playable until their revision changes.
create function public.org_voice_remove(p_org_id uuid)
returns table (voice_id text, sample_paths text[])
language plpgsql volatile security definer set search_path = ''
as $$
begin
  perform private.require_voice_trainer(p_org_id);
  return query delete from private.org_voices v where v.org_id = p_org_id returning v.voice_id, v.sample_paths;
end
$$;

-- The table of 20260101000400_storage.sql, with voice-training narrowed to owners and admins.
create or replace function private.can_access_object(p_bucket text, p_name text, p_action text)
returns boolean
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_org uuid := private.object_org(p_name);
  v_role public.member_role;
begin
  if v_org is null then
    return false;
  end if;
  v_role := private.org_role(v_org);
  if v_role is null then
    return false;
  end if;
  return case
    when p_bucket in ('policy-documents', 'voice-summaries') then
      p_action = 'select' or v_role in ('owner', 'admin', 'compliance_officer')
    when p_bucket = 'voice-training' then
      v_role in ('owner', 'admin')
    when p_bucket = 'evidence-files' then
      case p_action
        when 'select' then true
        when 'insert' then v_role in ('owner', 'admin', 'compliance_officer')
          or (v_role = 'auditor' and private.has_open_audit_assignment(v_org))
        when 'update' then v_role in ('owner', 'admin', 'compliance_officer')
        when 'delete' then v_role in ('owner', 'admin')
        else false
      end
    else false
  end;
end
$$;
