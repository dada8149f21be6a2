-- Realtime nudges: every transaction that writes to the change log tells listeners on channel
-- `complyflow_sync` which orgs have something new to pull, as json {org_id, seq}. It is only a
-- nudge: clients still pull through RLS, so the payload names no record and carries no data.
--
-- One notification per org per transaction, whatever its size: the change log is written one
-- row at a time by private.log_change (each row its own INSERT statement), so a statement-level
-- trigger alone would still notify 5,000 times for a 5,000-row push. A transaction-local setting
-- remembers which orgs this transaction has already announced; it ends with the transaction
-- (and with a rolled-back savepoint, together with that savepoint's notifications).
-- `seq` is the transaction's first change-log entry for that org: for logs and for telling
-- nudges apart, not for skipping a pull (cursors order by transaction id first, and the two
-- orders can differ): clients pull on every nudge. Postgres delivers notifications at commit,
-- never for a rolled-back transaction.

create function private.notify_sync_changes()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  r record;
  flag text;
begin
  for r in select n.org_id, min(n.seq) as seq from new_rows n group by n.org_id loop
    flag := 'complyflow_nudged.o' || replace(r.org_id::text, '-', '');
    if coalesce(current_setting(flag, true), '') <> 'y' then
      perform set_config(flag, 'y', true);
      perform pg_notify('complyflow_sync', json_build_object('org_id', r.org_id, 'seq', r.seq)::text);
    end if;
  end loop;
  return null;
end
$$;

create trigger sync_changes_notify
  after insert on public.sync_changes
  referencing new table as new_rows
  for each statement execute function private.notify_sync_changes();
