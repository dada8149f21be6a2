/**
 * Settings → Verify in an organization's replica that holds other devices' pulled trail
 * events: each device's chain is listed, intact or with where it breaks. The chains are made
 * the way they reach a replica (another replica's push mutations, stored by
 * applyRemoteTrailEvent), then one event is edited in the file while the app is stopped.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src-main/core/db/database';
import { recordChange } from '../../src-main/core/sync/changes';
import { applyRemoteTrailEvent, pendingTrailMutations } from '../../src-main/core/sync/trail-chain';
import { expect, test } from './fixtures';

const ORG = randomUUID();

/** A device's chain of n events, as pull would deliver them. */
function chainOf(n: number, deviceId: string): Record<string, unknown>[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'complyflow-chain-'));
  const db = openDatabase(path.join(dir, 'replica.sqlite3'));
  try {
    for (let i = 0; i < n; i++) {
      const at = new Date(Date.UTC(2026, 10, 30, 8, i)).toISOString();
      recordChange(db, {
        table: 'policies',
        recordId: randomUUID(),
        orgId: ORG,
        actor: 'someone',
        at,
        before: null,
        after: { title: `P${i}` },
        op: 'insert',
      });
    }
    return pendingTrailMutations(db, { orgId: ORG, deviceId, limit: 100 }).map((m) => ({
      id: m.record_id,
      org_id: ORG,
      ...m.patch,
      at: '2026-12-01T10:00:00.000+00:00',
    }));
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test("Settings → Verify lists each other device's chain and names where one breaks", async ({ app, host }) => {
  const [intact, edited] = ['aaaaaaaa-0000-4000-8000-000000000001', 'bbbbbbbb-0000-4000-8000-000000000002'];
  await host.stop();
  const db = openDatabase(path.join(host.dataDir, 'workspaces/local/replica.sqlite3'));
  for (const row of [...chainOf(3, intact), ...chainOf(4, edited)]) applyRemoteTrailEvent(db, row);
  db.prepare(`UPDATE remote_audit_events SET after = '{"title":"Forged"}' WHERE device_id = ? AND seq = 2`).run(edited);
  db.close();
  await host.restart();
  await app.goto(host.url);

  await app.getByRole('link', { name: 'Settings' }).click();
  const section = app.getByRole('group', { name: 'Audit trail' });
  await section.getByRole('button', { name: 'Verify audit trail' }).click();
  await expect(section.getByText('Other devices: 2 chains, 1 broken.')).toBeVisible();
  const chains = section.getByRole('list', { name: "Other devices' audit trail chains" }).getByRole('listitem');
  await expect(chains).toHaveCount(2);
  await expect(chains.nth(0)).toHaveText('Device aaaaaaaa: 3 events, chain intact');
  await expect(chains.nth(1)).toHaveText("Device bbbbbbbb: event 2's content does not match its hash (event was edited)");
});
