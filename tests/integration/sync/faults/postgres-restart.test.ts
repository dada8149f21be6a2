/**
 * PostgreSQL restarted (running transactions aborted, every connection cut) three times while
 * two real core processes write and sync back to back: afterwards they converge, with nothing
 * lost and nothing applied twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevice, startFaultWorld, type FaultWorld } from '../../../support/core-process/fault-world';
import { account, converge, newWriter, outboxLoop, syncLoop, writeLoop } from '../../../support/core-process/workload';
import { seededRandom } from '../../../support/fault-proxy/faults';

let world: FaultWorld;
beforeAll(async () => {
  world = await startFaultWorld();
});
afterAll(async () => world?.stop());

describe('Postgres restarted mid-sync', () => {
  it('converges with 0 lost and 0 duplicated changes', async () => {
    const random = seededRandom(Number(process.env.FAULT_SEED ?? 3));
    const run = `pg${Date.now().toString(36)}`;
    const writers = [
      newWriter(await startDevice(world, 'officer-laptop', world.org.users.compliance_officer), `${run}a`, seededRandom(1)),
      newWriter(await startDevice(world, 'admin-laptop', world.org.users.admin), `${run}b`, seededRandom(2)),
    ];
    let done = false;
    const stop = () => done;
    const busy = Promise.all(
      writers.flatMap((w) => [writeLoop(w, w.device.core, stop, 50), syncLoop(w.device.core, stop), outboxLoop(w, stop)]),
    );
    let pushesCut = 0;
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 300 + random() * 700));
      // Whether a push was on the wire when the server went down (it usually is: sync runs back to back).
      if (writers.some((w) => w.device.proxy.inFlight().get('/rest/v1/rpc/push'))) pushesCut++;
      await world.stack.restartPostgres({ downMs: Math.round(100 + random() * 400) });
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    done = true;
    await busy;
    // A refresh answered 500 while Postgres was down keeps the session: nobody signs in again.
    for (const { device } of writers) {
      expect(await device.core.ok<{ session: string }>('account', 'status')).toMatchObject({ session: 'signed-in' });
    }
    await converge(world, writers);
    const result = await account(world, writers);

    expect(result.acknowledged).toBeGreaterThan(0);
    expect(result.server).toEqual({ lost: [], duplicated: [], unknown: [], unacknowledgedKept: 0 });
    for (const check of Object.values(result.replicas)) expect(check).toMatchObject({ lost: [], duplicated: [], unknown: [] });
    expect(result).toMatchObject({ mutationsMissing: 0, mutationsDuplicated: 0, recordsChangedTwice: 0 });
    console.log(`postgres restarts 3 (${pushesCut} with a push on the wire); acknowledged ${result.acknowledged}`);
  }, 180_000);
});
