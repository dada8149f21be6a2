/**
 * 1,000 faults injected by each device's proxy between the real core process and the gateway
 * (dropped and reset connections, delays, answers cut mid-body after the server did the work,
 * 500s after the server did the work, 429 with Retry-After) while two devices write and sync
 * back to back. Then the network heals: everything converges, nothing lost, nothing twice.
 * bench/sync-faults.ts runs the same with more faults and prints the counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevice, startFaultWorld, type FaultWorld } from '../../../support/core-process/fault-world';
import { account, converge, newWriter, outboxLoop, syncLoop, writeLoop } from '../../../support/core-process/workload';
import { emptyCounts, FAULT_KINDS, seededRandom } from '../../../support/fault-proxy/faults';

const FAULTS = 1000;
let world: FaultWorld;
beforeAll(async () => {
  world = await startFaultWorld();
});
afterAll(async () => world?.stop());

describe('a network that fails in every way HTTP can', () => {
  it(`converges after ${FAULTS} injected faults with 0 lost and 0 duplicated changes`, async () => {
    const seed = Number(process.env.FAULT_SEED ?? 11);
    const run = `net${Date.now().toString(36)}`;
    const writers = [
      newWriter(await startDevice(world, 'officer-laptop', world.org.users.compliance_officer), `${run}a`, seededRandom(seed)),
      newWriter(await startDevice(world, 'admin-laptop', world.org.users.admin), `${run}b`, seededRandom(seed + 1)),
    ];
    // Sign-in is done; from now on every API call to the project may fail.
    for (const [i, { device }] of writers.entries()) {
      device.proxy.setSchedule({ seed: seed * 100 + i, rate: 0.7, maxDelayMs: 120, retryAfterSeconds: 1 });
    }
    const injected = () => writers.reduce((n, w) => n + w.device.proxy.injected(), 0);
    const enough = () => injected() >= FAULTS;
    // Bounded: about 2 minutes on an idle 2-core machine; the deadline leaves room for a shared one.
    const deadline = Date.now() + 420_000;
    const stop = () => enough() || Date.now() > deadline;
    await Promise.all(
      writers.flatMap((w) => [writeLoop(w, w.device.core, stop, 100), syncLoop(w.device.core, stop), outboxLoop(w, stop)]),
    );
    expect(injected()).toBeGreaterThanOrEqual(FAULTS);

    for (const { device } of writers) device.proxy.setSchedule(null);
    await converge(world, writers);
    const result = await account(world, writers);

    const counts = emptyCounts();
    for (const { device } of writers)
      for (const [kind, n] of Object.entries(device.proxy.counts())) counts[kind as keyof typeof counts] += n;
    // Every kind was injected, so each failure path of the engine was walked.
    for (const kind of FAULT_KINDS) expect(counts[kind]).toBeGreaterThan(0);
    expect(result.acknowledged).toBeGreaterThan(0);
    expect(result.server).toEqual({ lost: [], duplicated: [], unknown: [], unacknowledgedKept: 0 });
    for (const check of Object.values(result.replicas)) expect(check).toMatchObject({ lost: [], duplicated: [], unknown: [] });
    expect(result).toMatchObject({ mutationsMissing: 0, mutationsDuplicated: 0, recordsChangedTwice: 0 });
    console.log(`faults ${JSON.stringify(counts)}; acknowledged ${result.acknowledged}`);
  }, 600_000);
});
