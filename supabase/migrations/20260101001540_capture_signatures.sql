-- Capture you can prove (issue 10): evidence captured in an audit carries the capturing device's
-- Ed25519 signature over complyflow-capture-v1 (src-main/core/evidence/capture-signature.ts in
-- the app: sha256, claimed_captured_at, audit_id, capture_controls, capture_device_id,
-- capture_public_key, capture_key_fingerprint, one per line). The server keeps what the device
-- sent as sent; its own received time is created_at (stamped by the server, 20260101001200).
-- Additive, nullable: evidence captured outside an audit has none. private.sync_columns reads the
-- table's columns, so push and pull carry them with no change there.
alter table public.evidence
  add column capture_controls text,
  add column capture_device_id uuid,
  add column capture_device_name text,
  add column capture_public_key text,
  add column capture_key_fingerprint text,
  add column capture_signature text,
  -- Bounded so a client cannot park megabytes in a signature field.
  add constraint evidence_capture_sizes check (
    coalesce(char_length(capture_controls), 0) <= 20000
    and coalesce(char_length(capture_device_name), 0) <= 200
    and coalesce(char_length(capture_public_key), 0) <= 200
    and coalesce(char_length(capture_key_fingerprint), 0) <= 200
    and coalesce(char_length(capture_signature), 0) <= 200
  );

comment on column public.evidence.capture_device_id is
  'The device that signed the capture: a registered device of the org, or a local workspace id (brought in), so no reference.';

-- The public key the server registered for a device of the org, so a member's app can tell a
-- capture signed with that device's key from one signed with another key under its id. Public
-- keys are not secret; members only, and only devices of that org (null otherwise).
create function public.capture_device_key(p_org_id uuid, p_device_id uuid)
returns text
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not private.is_org_member(p_org_id) then
    raise exception 'not a member of this organization' using errcode = '42501';
  end if;
  return (select d.public_key from public.devices d where d.id = p_device_id and d.org_id = p_org_id);
end
$$;
revoke execute on function public.capture_device_key(uuid, uuid) from public, anon;
grant execute on function public.capture_device_key(uuid, uuid) to authenticated;
