/**
 * The audit trail across devices, on real SQLite replicas: a device's own events become push
 * mutations in chain order with exactly the fields the hash needs, the pushed mark moves only
 * over an unbroken run, another device's events (as the server sends them back, keys reordered
 * as jsonb does) are stored once and verified per chain, and an edited, missing or reordered
 * event is named by its seq, also in trail.verify's answer.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_ORG_ID } from '../../../../../src-shared/domain/common';
import { createCore } from '../../../../../src-main/core/core';
import { openDatabase, type Db } from '../../../../../src-main/core/db/database';
import { recordChange } from '../../../../../src-main/core/sync/changes';
import {
  applyRemoteTrailEvent,
  markTrailPushed,
  pendingTrailMutations,
  trailChainSource,
  verifyChains,
  type TrailMutation,
} from '../../../../../src-main/core/sync/trail-chain';
import { tempDir } from '../../../../support/temp-dir';

const ORG = randomUUID();
const USER = randomUUID();
let dir: ReturnType<typeof tempDir>;
let laptop: Db;
let desktop: Db;

beforeEach(() => {
  dir = tempDir();
  laptop = openDatabase(path.join(dir.path, 'laptop.sqlite3'));
  desktop = openDatabase(path.join(dir.path, 'desktop.sqlite3'));
});
afterEach(() => {
  laptop.close();
  desktop.close();
  dir.remove();
});

/** Records n changes on a replica the way the services do (outbox entry and trail event). */
function recordChanges(db: Db, n: number, orgId = ORG): void {
  for (let i = 0; i < n; i++) {
    const at = new Date(Date.UTC(2026, 11, 1, 9, 0, i, 7)).toISOString();
    recordChange(db, {
      table: 'policies',
      recordId: randomUUID(),
      orgId,
      actor: USER,
      at,
      before: i % 2 ? { title: `Policy ${i - 1}`, body: 'old' } : null,
      after: { title: `Policy ${i}`, body: `text ${i}`, params: { 'ac-1_odp.01': 'all staff', nested: [1, { z: 1, a: 2 }] } },
      op: i % 2 ? 'update' : 'insert',
    });
  }
}

/** jsonb orders object keys by length, then bytewise: what pull gives back is in that order. */
function asJsonb(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asJsonb);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((k) => [k, asJsonb((value as Record<string, unknown>)[k])]));
}

/** The row the server stores for a pushed event and pull hands to other devices. */
function serverRow(m: TrailMutation, orgId = ORG): Record<string, unknown> {
  const claimed = new Date(m.patch.claimed_at);
  return asJsonb({
    id: m.record_id,
    org_id: orgId,
    created_at: '2026-12-01T22:00:00.123+00:00',
    updated_at: '2026-12-01T22:00:00.123+00:00',
    updated_by: USER,
    deleted_at: null,
    row_version: 1,
    ...m.patch,
    at: '2026-12-01T22:00:00.123+00:00',
    // Postgres renders a timestamptz with its offset.
    claimed_at: claimed.toISOString().replace('Z', '+00:00'),
    seq: m.patch.seq,
  }) as Record<string, unknown>;
}

const pushedFrom = (db: Db, device = randomUUID()) => pendingTrailMutations(db, { orgId: ORG, deviceId: device, limit: 1000 });

describe('pushing this device’s events', () => {
  it('makes one insert per event, in seq order, with the chain and the device’s time as claimed_at', () => {
    recordChanges(laptop, 3);
    const device = randomUUID();
    const mutations = pendingTrailMutations(laptop, { orgId: ORG, deviceId: device, limit: 100 });
    const events = laptop.prepare('SELECT * FROM audit_events ORDER BY seq').all() as Record<string, unknown>[];
    expect(mutations.map((m) => m.patch.seq)).toEqual([1, 2, 3]);
    expect(mutations[0]).toEqual({
      id: events[0]!.id,
      table: 'audit_events',
      record_id: events[0]!.id,
      op: 'insert',
      base: {},
      patch: {
        record_table: 'policies',
        record_id: events[0]!.record_id,
        action: 'create',
        actor: USER,
        claimed_at: events[0]!.at,
        before: null,
        after: JSON.parse(events[0]!.after as string),
        seq: 1,
        prev_hash: '0'.repeat(64),
        hash: events[0]!.hash,
        device_id: device,
      },
    });
    expect(mutations[1]!.patch.prev_hash).toBe(events[0]!.hash);
    expect(typeof mutations[1]!.patch.before).toBe('object');
  });

  it('moves the pushed mark only over an unbroken run, and honours the limit', () => {
    recordChanges(laptop, 5);
    const pending = () => pendingTrailMutations(laptop, { orgId: ORG, deviceId: randomUUID(), limit: 2 }).map((m) => m.patch.seq);
    expect(pending()).toEqual([1, 2]);
    expect(markTrailPushed(laptop, [2, 1])).toBe(2);
    expect(pending()).toEqual([3, 4]);
    // 4 applied but 3 not (yet): 3 and 4 are offered again, in order.
    expect(markTrailPushed(laptop, [4])).toBe(2);
    expect(pending()).toEqual([3, 4]);
    expect(markTrailPushed(laptop, [3, 4, 5])).toBe(5);
    expect(pending()).toEqual([]);
  });

  it('plugs into push as a mutation source: nothing before the device has an id, and only kept events move the mark', () => {
    recordChanges(laptop, 3);
    expect(trailChainSource.pending(laptop, { orgId: ORG, deviceId: null, limit: 10 })).toEqual([]);
    const sent = trailChainSource.pending(laptop, { orgId: ORG, deviceId: randomUUID(), limit: 10 });
    trailChainSource.answered(laptop, [
      { mutation: sent[0]!, answer: { id: sent[0]!.id, status: 'applied' } },
      { mutation: sent[1]!, answer: { id: sent[1]!.id, status: 'rejected', reason: 'error' } },
      { mutation: sent[2]!, answer: { id: sent[2]!.id, status: 'applied' } },
    ]);
    expect(pendingTrailMutations(laptop, { orgId: ORG, deviceId: randomUUID(), limit: 10 }).map((m) => m.patch.seq)).toEqual([
      2, 3,
    ]);
  });

  it('keeps the local workspace’s trail on the device', () => {
    recordChanges(laptop, 2, LOCAL_ORG_ID);
    expect(pendingTrailMutations(laptop, { orgId: LOCAL_ORG_ID, deviceId: randomUUID(), limit: 10 })).toEqual([]);
  });
});

describe('other devices’ chains', () => {
  it('stores each pulled event once and verifies the chain, whatever key order the server gave', () => {
    recordChanges(laptop, 6);
    const device = randomUUID();
    const rows = pushedFrom(laptop, device).map((m) => serverRow(m));
    expect(rows.map((r) => applyRemoteTrailEvent(desktop, r))).toEqual(Array(6).fill('stored'));
    expect(applyRemoteTrailEvent(desktop, rows[2])).toBe('already_stored');
    expect(verifyChains(desktop)).toEqual([{ deviceId: device, events: 6, ok: true, message: '6 events, chain intact' }]);
    const stored = desktop.prepare('SELECT at, claimed_at FROM remote_audit_events WHERE seq = 1').get();
    expect(stored).toEqual({ at: '2026-12-01T22:00:00.123Z', claimed_at: '2026-12-01T09:00:00.007Z' });
  });

  it('does not store this replica’s own events again', () => {
    recordChanges(laptop, 1);
    const [m] = pushedFrom(laptop);
    expect(applyRemoteTrailEvent(laptop, serverRow(m!))).toBe('own_event');
    expect(verifyChains(laptop)).toEqual([]);
  });

  it('names the first edited, missing or misplaced event of each chain', () => {
    const replicas = ['edited', 'gapped', 'intact'].map((name) => openDatabase(path.join(dir.path, `${name}.sqlite3`)));
    try {
      const [edited, gapped, intact] = replicas.map((db) => {
        recordChanges(db, 5);
        return { db, device: randomUUID() };
      });
      for (const m of pushedFrom(edited!.db, edited!.device)) applyRemoteTrailEvent(desktop, serverRow(m));
      for (const m of pushedFrom(intact!.db, intact!.device)) applyRemoteTrailEvent(desktop, serverRow(m));
      for (const m of pushedFrom(gapped!.db, gapped!.device).filter((m) => m.patch.seq !== 2 && m.patch.seq !== 3)) {
        applyRemoteTrailEvent(desktop, serverRow(m));
      }
      desktop
        .prepare(`UPDATE remote_audit_events SET after = '{"title":"Nothing to see"}' WHERE device_id = ? AND seq = 4`)
        .run(edited!.device);

      const byDevice = Object.fromEntries(verifyChains(desktop).map((r) => [r.deviceId, r]));
      expect(byDevice[edited!.device]).toEqual({
        deviceId: edited!.device,
        events: 5,
        ok: false,
        firstBadSeq: 4,
        message: "event 4's content does not match its hash (event was edited)",
      });
      expect(byDevice[gapped!.device]).toMatchObject({ events: 3, ok: false, firstBadSeq: 2, message: 'events 2–3 are missing' });
      expect(byDevice[intact!.device]).toMatchObject({ events: 5, ok: true });
    } finally {
      for (const db of replicas) db.close();
    }
  });

  it('names an event that does not follow the one before it (a fork or a reordering)', () => {
    recordChanges(laptop, 4);
    const device = randomUUID();
    for (const m of pushedFrom(laptop, device)) applyRemoteTrailEvent(desktop, serverRow(m));
    // Events 2 and 3 swap places: each keeps its own hash, but no longer follows its predecessor.
    desktop.exec(`UPDATE remote_audit_events SET seq = -seq WHERE seq IN (2, 3)`);
    desktop.exec(`UPDATE remote_audit_events SET seq = CASE seq WHEN -2 THEN 3 ELSE 2 END WHERE seq < 0`);
    expect(verifyChains(desktop)).toEqual([
      {
        deviceId: device,
        events: 4,
        ok: false,
        firstBadSeq: 2,
        message: 'event 2 does not follow the previous event (chain broken)',
      },
    ]);
  });

  it('keeps an event without a device (the operator’s) outside every chain', () => {
    recordChanges(laptop, 1);
    const row = { ...serverRow(pushedFrom(laptop)[0]!), device_id: null, seq: null, prev_hash: null, claimed_at: null };
    expect(applyRemoteTrailEvent(desktop, row)).toBe('stored');
    expect(verifyChains(desktop)).toEqual([]);
    expect(() => applyRemoteTrailEvent(desktop, { ...row, id: randomUUID(), device_id: randomUUID() })).toThrow(
      /without its place in it/,
    );
  });

  it('refuses a malformed server row with a clear error and stores nothing', () => {
    recordChanges(laptop, 1);
    const row = serverRow(pushedFrom(laptop)[0]!);
    expect(() => applyRemoteTrailEvent(desktop, { ...row, hash: 'not a hash' })).toThrow(/audit event that cannot be kept: hash/);
    expect(() => applyRemoteTrailEvent(desktop, { ...row, action: 'drop' })).toThrow(/action/);
    expect(desktop.prepare('SELECT count(*) AS n FROM remote_audit_events').get()).toEqual({ n: 0 });
  });
});

describe('Settings → Verify', () => {
  it('reports each other device’s chain beside the local trail', async () => {
    const core = createCore({ dataDir: path.join(dir.path, 'app'), log: { error: () => undefined } });
    try {
      const before = await core.router.call('trail', 'verify', {}, { actor: 'local' });
      expect(before).toMatchObject({ ok: true, value: { problems: [] } });
      expect((before as { value: object }).value).not.toHaveProperty('chains');

      recordChanges(laptop, 2);
      const device = randomUUID();
      for (const m of pushedFrom(laptop, device)) applyRemoteTrailEvent(core.db, serverRow(m));
      const after = await core.router.call('trail', 'verify', {}, { actor: 'local' });
      expect(after).toMatchObject({
        ok: true,
        value: { chains: [{ deviceId: device, events: 2, ok: true, message: '2 events, chain intact' }] },
      });
    } finally {
      core.close();
    }
  });
});
