// SIGKILL of the real core process (the browser host, as its own Node process) at random
// moments while it writes and syncs back to back, restarted on the same folder each time; then
// every device syncs until the server and every replica agree, and each acknowledged change is
// counted on the server and in every replica. Prints kills (and how many hit a push or a pull
// on the wire), lost, duplicated, and the time it took.
// Run: npm run bench:sync-kills -- [kills=1000] [devices=4] [seed=1]
import { performance } from 'node:perf_hooks';
import { startDevice, startFaultWorld } from '../tests/support/core-process/fault-world.ts';
import { account, converge, killCycle, newWriter, type KillCounts } from '../tests/support/core-process/workload.ts';
import { seededRandom } from '../tests/support/fault-proxy/faults.ts';

async function main(): Promise<void> {
  const kills = Number(process.argv[2] ?? 1000);
  const devices = Number(process.argv[3] ?? 4);
  const seed = Number(process.argv[4] ?? 1);
  if (!Number.isInteger(kills) || kills < 1 || !Number.isInteger(devices) || devices < 1 || devices > 4)
    throw new Error('usage: sync-kills [kills ≥ 1] [devices 1..4] [seed]');
  const world = await startFaultWorld();
  try {
    const { users } = world.org;
    const people = [users.compliance_officer, users.admin, users.owner, users.compliance_officer];
    const run = `bench${Date.now().toString(36)}`;
    const writers = [];
    for (let i = 0; i < devices; i++)
      writers.push(newWriter(await startDevice(world, `device-${i + 1}`, people[i]), `${run}${i}`, seededRandom(seed + i)));
    const counts: KillCounts = { kills: 0, duringPush: 0, duringPull: 0 };
    const started = performance.now();
    while (counts.kills < kills) {
      await Promise.all(writers.slice(0, Math.min(devices, kills - counts.kills)).map((w) => killCycle(w, counts)));
      if (counts.kills % 20 < devices)
        console.log(`  ${counts.kills} kills, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    const killMs = performance.now() - started;
    await converge(world, writers, 300_000);
    const convergeMs = performance.now() - started - killMs;
    const result = await account(world, writers);
    const replicas = Object.values(result.replicas);
    console.log(
      `kills                    ${counts.kills} (${devices} devices; ${counts.duringPush} with a push on the wire, ${counts.duringPull} with a pull)`,
    );
    console.log(`acknowledged changes     ${result.acknowledged} (+${result.inFlightKept} in flight at a kill, kept once)`);
    console.log(
      `lost                     server ${result.server.lost.length}, replicas ${replicas.reduce((n, r) => n + r.lost.length, 0)}`,
    );
    console.log(
      `duplicated               server ${result.server.duplicated.length}, replicas ${replicas.reduce((n, r) => n + r.duplicated.length, 0)}`,
    );
    console.log(
      `mutations                ${result.mutationsMissing} missing, ${result.mutationsDuplicated} twice in the ledger; ${result.recordsChangedTwice} records changed more than sent`,
    );
    console.log(
      `time                     ${(killMs / 1000).toFixed(1)} s killing (${(killMs / counts.kills).toFixed(0)} ms a kill), ${(convergeMs / 1000).toFixed(1)} s to converge`,
    );
    const bad =
      result.server.lost.length +
      result.server.duplicated.length +
      replicas.reduce((n, r) => n + r.lost.length + r.duplicated.length, 0);
    if (bad + result.mutationsMissing + result.mutationsDuplicated + result.recordsChangedTwice > 0) process.exitCode = 1;
  } finally {
    await world.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
