/**
 * The kill harness itself: the real core as its own process, killed with SIGKILL while it is
 * writing, restarted on the same folder. Every write it acknowledged is in the replica exactly
 * once, with exactly one outbox entry, and the session resumes without signing in again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreGone } from '../../../support/core-process/core-process';
import { countMarkers, Ledger } from '../../../support/core-process/ledger';
import { seededRandom } from '../../../support/fault-proxy/faults';
import { replicaRows, sleep, startDevice, startFaultWorld, type FaultWorld } from '../../../support/core-process/fault-world';

let world: FaultWorld;
beforeAll(async () => {
  world = await startFaultWorld();
});
afterAll(async () => world?.stop());

describe('a core process killed with SIGKILL while writing', () => {
  it('keeps every acknowledged write exactly once and resumes the session after a restart', async () => {
    const device = await startDevice(world, 'laptop', world.org.users.compliance_officer);
    const ledger = new Ledger(`harness${Date.now()}`);
    const random = seededRandom(2026);
    const kills = 8;
    for (let k = 0; k < kills; k++) {
      const core = device.core;
      const write = async () => {
        const title = ledger.begin('policy');
        const policy = await core.ok<{ id: string }>('policies', 'create', { title });
        ledger.ack(title, policy.id);
      };
      // One acknowledged write per cycle, so each kill has something to lose.
      await write();
      const writing = (async () => {
        try {
          for (;;) await write();
        } catch (error) {
          if (!(error instanceof CoreGone)) throw error;
        }
      })();
      await sleep(5 + Math.floor(random() * 145));
      await core.kill9();
      await writing;
      const next = await device.restart();
      expect(await next.ok('account', 'status')).toMatchObject({ session: 'signed-in', activeOrgId: world.org.id });
    }
    await device.core.stop();

    expect(ledger.acknowledged.size).toBeGreaterThanOrEqual(kills);
    const titles = replicaRows<{ title: string }>(device, world.org.id, 'SELECT title FROM policies');
    const check = ledger.check(
      countMarkers(
        ledger.prefix,
        titles.map((t) => t.title),
      ),
    );
    expect(check).toMatchObject({ lost: [], duplicated: [], unknown: [] });
    // One insert waiting per policy row: no write lost its outbox entry or got two.
    const outbox = replicaRows<{ n: number }>(
      device,
      world.org.id,
      `SELECT count(*) AS n FROM policies p WHERE (SELECT count(*) FROM outbox o WHERE o.record_id = p.id AND o.op = 'insert') <> 1`,
    );
    expect(outbox).toEqual([{ n: 0 }]);
  }, 180_000);
});
