-- Device reports follow the second-factor rule of every other table (20260101000700): in an org
-- that requires a second factor, a caller at aal1 is no member at all, so not even their own
-- device's report is readable or writable until they verify a code. private.is_org_member
-- carries that rule; the policies of 20260101001750 checked the user alone for their own rows.
drop policy device_reports_select on public.device_reports;
drop policy device_reports_insert on public.device_reports;
drop policy device_reports_update on public.device_reports;

create policy device_reports_select on public.device_reports for select to authenticated
  using (
    (select private.is_org_member(org_id))
    and (user_id = (select auth.uid()) or (select private.has_org_role(org_id, '{owner,admin}')))
  );
create policy device_reports_insert on public.device_reports for insert to authenticated
  with check (
    (select private.is_org_member(org_id)) and user_id = (select auth.uid()) and (select private.owns_device(id, org_id))
  );
create policy device_reports_update on public.device_reports for update to authenticated
  using (
    (select private.is_org_member(org_id)) and user_id = (select auth.uid()) and (select private.owns_device(id, org_id))
  )
  with check (
    (select private.is_org_member(org_id)) and user_id = (select auth.uid()) and (select private.owns_device(id, org_id))
  );
