/**
 * The work a fault run puts a device through, and the final count. Each device writes without
 * pause (new policies with marker titles, marker lines appended to the bodies of its own
 * policies) while it syncs back to back; `converge` then syncs every device until the server
 * and every replica agree, and `account` counts each marker and mutation id against the ledger.
 */
import type { SyncStatus } from '../../../src-shared/api/sync';
import { CoreGone, type CoreProcess } from './core-process.ts';
import type { Device, FaultWorld } from './fault-world.ts';
import { replicaRows } from './fault-world.ts';
import { countMarkers, Ledger, type LedgerCheck } from './ledger.ts';

/** A device's own policies (acknowledged creates), so body edits never race another device's. */
export interface Writer {
  device: Device;
  ledger: Ledger;
  policies: string[];
  /** Mutation ids seen in the outbox after each kill: each must reach the server ledger once. */
  mutationIds: Set<string>;
  random: () => number;
}

export const newWriter = (device: Device, prefix: string, random: () => number): Writer => ({
  device,
  ledger: new Ledger(prefix),
  policies: [],
  mutationIds: new Set(),
  random,
});

/**
 * Writes until the core is gone (killed) or `stop()` says so, `pauseMs` apart (0: back to back,
 * as the kill runs want; a pause leaves the two cores' time to sync, as the fault runs want).
 */
export async function writeLoop(
  writer: Writer,
  core: CoreProcess,
  stop: () => boolean = () => false,
  pauseMs = 0,
): Promise<void> {
  try {
    while (!stop()) {
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      const editing = writer.policies.length > 0 && writer.random() < 0.5;
      if (editing) {
        const id = writer.policies[Math.floor(writer.random() * writer.policies.length)];
        const policy = await core.ok<{ body: string }>('policies', 'get', { id });
        const line = writer.ledger.begin('line');
        await core.ok('policies', 'update', { id, body: policy.body ? `${policy.body}\n${line}` : line });
        writer.ledger.ack(line, id);
      } else {
        const title = writer.ledger.begin('policy');
        const created = await core.ok<{ id: string }>('policies', 'create', { title });
        writer.ledger.ack(title, created.id);
        writer.policies.push(created.id);
      }
    }
  } catch (error) {
    if (!(error instanceof CoreGone)) throw error;
  }
}

/** Asks for a sync round again and again (the engine never runs two at once) until the core is gone. */
export async function syncLoop(core: CoreProcess, stop: () => boolean = () => false): Promise<number> {
  let rounds = 0;
  try {
    while (!stop()) {
      const answer = await core.call('sync', 'retryNow', {});
      rounds++;
      // Offline (the probe has not found the server yet): no round ran; ask again shortly, not in a spin.
      if (answer.ok && (answer.value as SyncStatus).state === 'offline') await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } catch (error) {
    if (!(error instanceof CoreGone)) throw error;
  }
  return rounds;
}

/** Notes the mutation ids waiting in the device's outbox (read beside the running core). */
export function noteOutbox(writer: Writer): void {
  for (const { mutation_id } of replicaRows<{ mutation_id: string }>(
    writer.device,
    writer.device.orgId(),
    'SELECT mutation_id FROM outbox',
  ))
    writer.mutationIds.add(mutation_id);
}

/** Notes the outbox every `everyMs` until `stop()`. */
export async function outboxLoop(writer: Writer, stop: () => boolean, everyMs = 250): Promise<void> {
  while (!stop()) {
    noteOutbox(writer);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export interface KillCounts {
  kills: number;
  /** Kills while a push or a pull was on the wire through the device's proxy. */
  duringPush: number;
  duringPull: number;
}

/**
 * One kill cycle for a writer: one acknowledged write (so every cycle has something to lose),
 * then writing and syncing back to back, SIGKILL after `5..150` ms, note what was on the wire,
 * read the dead replica's outbox, and start the core again.
 */
export async function killCycle(writer: Writer, counts: KillCounts, window = { minMs: 5, maxMs: 150 }): Promise<void> {
  const { device } = writer;
  const core = device.core;
  let asked = 0;
  await writeLoop(writer, core, () => asked++ > 0);
  const writing = writeLoop(writer, core);
  const syncing = syncLoop(core);
  await new Promise((resolve) => setTimeout(resolve, window.minMs + Math.floor(writer.random() * (window.maxMs - window.minMs))));
  const wire = device.proxy.inFlight();
  await core.kill9();
  await Promise.all([writing, syncing]);
  counts.kills++;
  if (wire.get('/rest/v1/rpc/push')) counts.duringPush++;
  if (wire.get('/rest/v1/rpc/pull')) counts.duringPull++;
  noteOutbox(writer);
  await device.restart();
}

const idleAndEmpty = (s: SyncStatus) => s.state === 'idle' && s.pending === 0 && s.attention === 0;

/** Markers in the server's live policies of the org (titles and bodies). */
export async function serverMarkers(world: FaultWorld, prefix: string): Promise<Map<string, number>> {
  const { rows } = await world.stack.admin.query<{ title: string; body: string }>(
    'select title, body from public.policies where org_id = $1 and deleted_at is null',
    [world.org.id],
  );
  return countMarkers(
    prefix,
    rows.flatMap((r) => [r.title, r.body]),
  );
}

export function replicaMarkers(device: Device, prefix: string): Map<string, number> {
  const rows = replicaRows<{ title: string; body: string }>(
    device,
    device.orgId(),
    'SELECT title, body FROM policies WHERE deleted_at IS NULL',
  );
  return countMarkers(
    prefix,
    rows.flatMap((r) => [r.title, r.body]),
  );
}

const same = (a: Map<string, number>, b: Map<string, number>) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

/**
 * Syncs every device until each has nothing waiting and holds exactly the server's markers.
 * Throws naming what still differs after `timeoutMs`.
 */
export async function converge(world: FaultWorld, writers: Writer[], timeoutMs = 90_000): Promise<void> {
  const prefixes = writers.map((w) => w.ledger.prefix);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const statuses: SyncStatus[] = [];
    for (const device of world.devices) statuses.push(await device.core.ok<SyncStatus>('sync', 'retryNow', {}));
    if (statuses.every(idleAndEmpty)) {
      let agreed = true;
      for (const prefix of prefixes) {
        const server = await serverMarkers(world, prefix);
        for (const device of world.devices) if (!same(server, replicaMarkers(device, prefix))) agreed = false;
      }
      if (agreed) return;
    }
    const last = JSON.stringify(
      statuses.map((s) => ({ state: s.state, pending: s.pending, attention: s.attention, message: s.message })),
    );
    if (Date.now() > deadline) throw new Error(`devices did not converge in ${timeoutMs} ms; last statuses ${last}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface Accounting {
  acknowledged: number;
  inFlightKept: number;
  server: LedgerCheck;
  replicas: Record<string, LedgerCheck>;
  /** Outbox mutation ids (seen after kills) missing from, or found more than once in, sync_mutations. */
  mutationsMissing: number;
  mutationsDuplicated: number;
  /** Policy records with more logged server changes than mutations sent for them (a resend applied twice). */
  recordsChangedTwice: number;
}

/** Counts every writer's markers on the server and in every replica, and its mutations on the server. */
export async function account(world: FaultWorld, writers: Writer[]): Promise<Accounting> {
  const result: Accounting = {
    acknowledged: 0,
    inFlightKept: 0,
    server: { lost: [], duplicated: [], unacknowledgedKept: 0, unknown: [] },
    replicas: {},
    mutationsMissing: 0,
    mutationsDuplicated: 0,
    recordsChangedTwice: 0,
  };
  const merge = (into: LedgerCheck, from: LedgerCheck) => {
    into.lost.push(...from.lost);
    into.duplicated.push(...from.duplicated);
    into.unknown.push(...from.unknown);
    into.unacknowledgedKept += from.unacknowledgedKept;
  };
  for (const writer of writers) {
    result.acknowledged += writer.ledger.acknowledged.size;
    const server = writer.ledger.check(await serverMarkers(world, writer.ledger.prefix));
    merge(result.server, server);
    result.inFlightKept += server.unacknowledgedKept;
    for (const device of world.devices) {
      result.replicas[device.name] ??= { lost: [], duplicated: [], unacknowledgedKept: 0, unknown: [] };
      merge(result.replicas[device.name], writer.ledger.check(replicaMarkers(device, writer.ledger.prefix)));
    }
    const ids = [...writer.mutationIds];
    const { rows } = await world.stack.admin.query<{ id: string; n: number }>(
      'select id::text, count(*)::int as n from public.sync_mutations where id = any($1::uuid[]) group by id',
      [ids],
    );
    const found = new Map(rows.map((r) => [r.id, r.n]));
    result.mutationsMissing += ids.filter((id) => !found.has(id)).length;
    result.mutationsDuplicated += rows.filter((r) => r.n > 1).length;
    const twice = await world.stack.admin.query<{ n: number }>(
      `select count(*)::int as n from unnest($1::uuid[]) as p(id)
        where (select count(*) from public.sync_changes c where c.table_name = 'policies' and c.record_id = p.id)
            > (select count(*) from public.sync_mutations m where m.table_name = 'policies' and m.record_id = p.id)`,
      [writer.policies],
    );
    result.recordsChangedTwice += twice.rows[0].n;
  }
  return result;
}
