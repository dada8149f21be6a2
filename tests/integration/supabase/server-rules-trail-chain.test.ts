// The audit trail across devices, end to end on PostgreSQL 15: a laptop's replica pushes its
// events through the real push RPC (the engine's pushBatch with trailChainSource, so the
// mutations pendingTrailMutations makes, beside the outbox's), another member
// pulls them, stores them with applyRemoteTrailEvent and verifies the chain; the server refuses
// an event that forks or skips a device's chain, and one sent for somebody else's device.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/core/db/database';
import { recordChange } from '../../../src-main/core/sync/changes';
import { pushBatch } from '../../../src-main/core/sync/push';
import {
  applyRemoteTrailEvent,
  markTrailPushed,
  pendingTrailMutations,
  trailChainSource,
  verifyChains,
  type TrailMutation,
} from '../../../src-main/core/sync/trail-chain';
import { seedOrg, type SeededOrg } from '../../support/seed.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { PROTOCOL, push, type Answer } from './server-rules-push.ts';

let stack: Stack;
let org: SeededOrg;
let co: SupabaseClient;
let viewer: SupabaseClient;
let dir: ReturnType<typeof tempDir>;
const replicas: Db[] = [];

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Chain Co');
  co = await stack.client(org.users.compliance_officer);
  viewer = await stack.client(org.users.viewer);
  dir = tempDir();
});

afterAll(async () => {
  for (const db of replicas) db.close();
  dir?.remove();
  await stack?.stop();
});

function replica(): Db {
  const db = openDatabase(path.join(dir.path, `${randomUUID()}.sqlite3`));
  replicas.push(db);
  return db;
}

/** The compliance officer's edits on a replica, recorded as the services record them. */
function edit(db: Db, n: number): void {
  for (let i = 0; i < n; i++) {
    recordChange(db, {
      table: 'policies',
      recordId: randomUUID(),
      orgId: org.id,
      actor: org.users.compliance_officer.id,
      at: new Date(Date.UTC(2026, 10, 30, 8, 0, i, 250)).toISOString(),
      before: null,
      after: { title: `Policy ${i}`, body: 'Ünïcode ✓ and "quotes"', owner: null, version_major: 0, version_minor: 1 },
      op: 'insert',
    });
  }
}

async function registerDevice(client: SupabaseClient, name: string): Promise<string> {
  const { data, error } = await client.rpc('register_device', { p_org_id: org.id, p_public_key: 'p'.repeat(43), p_name: name });
  if (error) throw new Error(error.message);
  return data as string;
}

const pending = (db: Db, deviceId: string) => pendingTrailMutations(db, { orgId: org.id, deviceId, limit: 500 });

async function pushTrail(db: Db, deviceId: string, mutations: TrailMutation[] = pending(db, deviceId)): Promise<Answer[]> {
  const answers = await push(co, org.id, mutations, deviceId);
  markTrailPushed(
    db,
    mutations.filter((_, i) => answers[i]!.status === 'applied').map((m) => m.patch.seq),
  );
  return answers;
}

describe('pushing a device chain and verifying it elsewhere', () => {
  it('is kept by the server with its chain, pulled by another member, stored and verified', async () => {
    const laptop = replica();
    const device = await registerDevice(co, 'Cora laptop');
    // What the engine does each round: the outbox and the trail chain's events in one batch.
    const round = () =>
      pushBatch({
        db: laptop,
        orgId: org.id,
        deviceId: device,
        now: () => new Date().toISOString(),
        sources: [trailChainSource],
        rpc: async (name, args) => {
          const { data, error } = await co.rpc(name, args);
          if (error) throw new Error(error.message);
          return data;
        },
      });
    edit(laptop, 4);
    expect(await round()).toMatchObject({ kind: 'sent', sent: 8 });
    expect(pending(laptop, device)).toEqual([]);
    const kept = await stack.admin.query(`select seq::int, claimed_at from audit_events where device_id = $1 order by seq`, [
      device,
    ]);
    expect(kept.rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect((kept.rows[0].claimed_at as Date).toISOString()).toBe('2026-11-30T08:00:00.250Z');
    edit(laptop, 2);
    expect(await round()).toMatchObject({ kind: 'sent', sent: 4 });
    expect(await round()).toMatchObject({ kind: 'sent', sent: 0 });

    const { data, error } = await viewer.rpc('pull', {
      p_org_id: org.id,
      p_cursor: null,
      p_limit: 5000,
      p_schema_version: PROTOCOL,
    });
    expect(error).toBeNull();
    const events = (data as { changes: { table: string; row: unknown }[] }).changes.filter((c) => c.table === 'audit_events');
    const desktop = replica();
    desktop.transaction(() => {
      for (const e of events) applyRemoteTrailEvent(desktop, e.row);
    })();
    expect(verifyChains(desktop)).toEqual([{ deviceId: device, events: 6, ok: true, message: '6 events, chain intact' }]);
  });

  it('answers a resent event from the ledger and stores it once', async () => {
    const laptop = replica();
    const device = await registerDevice(co, 'Cora tablet');
    edit(laptop, 2);
    const mutations = pending(laptop, device);
    const first = await push(co, org.id, mutations, device);
    const again = await push(co, org.id, mutations, device);
    expect(again).toEqual(first);
    const r = await stack.admin.query(`select count(*)::int as n from audit_events where device_id = $1`, [device]);
    expect(r.rows[0]).toEqual({ n: 2 });
  });
});

describe('the server refuses what does not extend a chain', () => {
  it('refuses a fork: a second replica starting the same device chain again', async () => {
    const device = await registerDevice(co, 'Cora desktop');
    const laptop = replica();
    edit(laptop, 2);
    expect((await pushTrail(laptop, device)).map((a) => a.status)).toEqual(['applied', 'applied']);
    const impostor = replica();
    edit(impostor, 1);
    const [answer] = await push(co, org.id, pending(impostor, device), device);
    expect(answer).toMatchObject({ status: 'rejected', reason: 'invalid' });
    expect(answer!.message).toContain("does not extend this device's chain");
  });

  it('holds an event after a gap back as a missing reference, and takes it once the gap is filled', async () => {
    const device = await registerDevice(co, 'Cora phone');
    const laptop = replica();
    edit(laptop, 3);
    const [one, two, three] = pending(laptop, device);
    const answers = await push(co, org.id, [one!, three!], device);
    expect(answers.map((a) => [a.status, a.reason])).toEqual([
      ['applied', undefined],
      ['rejected', 'missing_reference'],
    ]);
    expect(answers[1]!.message).toContain("does not extend this device's chain yet: expected seq 2 first");
    expect((await push(co, org.id, [two!], device))[0]!.status).toBe('applied');
    // A missing reference is not a final answer (sync contract): the event is sent again.
    const resent = { ...three!, id: randomUUID() };
    expect((await push(co, org.id, [resent], device))[0]!.status).toBe('applied');
  });

  it('refuses for good an event whose prev_hash is not the last hash (an edited history)', async () => {
    const device = await registerDevice(co, 'Cora spare');
    const laptop = replica();
    edit(laptop, 2);
    const [one, two] = pending(laptop, device);
    expect((await push(co, org.id, [one!], device))[0]!.status).toBe('applied');
    const forged = { ...two!, patch: { ...two!.patch, prev_hash: 'f'.repeat(64) } };
    const [answer] = await push(co, org.id, [forged], device);
    expect(answer).toMatchObject({ status: 'rejected', reason: 'invalid' });
    expect(answer!.message).toContain("does not extend this device's chain: expected seq 2 after hash");
  });

  it("refuses an event sent for another member's device, and one whose device is missing", async () => {
    const theirs = await registerDevice(viewer, 'Vera laptop');
    const laptop = replica();
    edit(laptop, 1);
    const [m] = pending(laptop, theirs);
    expect((await push(co, org.id, [m!]))[0]).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    const { device_id: _dropped, ...patch } = m!.patch;
    const unchained = { ...m!, id: randomUUID(), patch };
    expect((await push(co, org.id, [unchained]))[0]).toMatchObject({ status: 'rejected', reason: 'invalid' });
  });
});
