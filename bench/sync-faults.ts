// Faults injected by each device's proxy between the real core process and the gateway
// (dropped and reset connections, delays, answers cut mid-body and 500s after the server did
// the work, 429 with Retry-After) while devices write and sync back to back; then the network
// heals and every device syncs until the server and every replica agree. Prints the faults by
// kind, lost, duplicated, and the time it took.
// Run: npm run bench:sync-faults -- [faults=5000] [rate=0.7] [seed=1]
import { performance } from 'node:perf_hooks';
import { startDevice, startFaultWorld } from '../tests/support/core-process/fault-world.ts';
import { account, converge, newWriter, outboxLoop, syncLoop, writeLoop } from '../tests/support/core-process/workload.ts';
import { emptyCounts, seededRandom } from '../tests/support/fault-proxy/faults.ts';

async function main(): Promise<void> {
  const faults = Number(process.argv[2] ?? 5000);
  const rate = Number(process.argv[3] ?? 0.7);
  const seed = Number(process.argv[4] ?? 1);
  if (!Number.isInteger(faults) || faults < 1 || !(rate > 0 && rate <= 1))
    throw new Error('usage: sync-faults [faults ≥ 1] [rate 0..1] [seed]');
  const world = await startFaultWorld();
  try {
    const run = `bench${Date.now().toString(36)}`;
    const writers = [
      newWriter(await startDevice(world, 'officer-laptop', world.org.users.compliance_officer), `${run}a`, seededRandom(seed)),
      newWriter(await startDevice(world, 'admin-laptop', world.org.users.admin), `${run}b`, seededRandom(seed + 1)),
    ];
    for (const [i, { device }] of writers.entries()) device.proxy.setSchedule({ seed: seed * 100 + i, rate, maxDelayMs: 120 });
    const injected = () => writers.reduce((n, w) => n + w.device.proxy.injected(), 0);
    const started = performance.now();
    const stop = () => injected() >= faults;
    const progress = setInterval(
      () => console.log(`  ${injected()} faults, ${((performance.now() - started) / 1000).toFixed(0)} s`),
      10_000,
    );
    await Promise.all(
      writers.flatMap((w) => [writeLoop(w, w.device.core, stop, 100), syncLoop(w.device.core, stop), outboxLoop(w, stop)]),
    );
    clearInterval(progress);
    const faultMs = performance.now() - started;
    for (const { device } of writers) device.proxy.setSchedule(null);
    await converge(world, writers, 300_000);
    const convergeMs = performance.now() - started - faultMs;
    const result = await account(world, writers);
    const counts = emptyCounts();
    for (const { device } of writers)
      for (const [kind, n] of Object.entries(device.proxy.counts())) counts[kind as keyof typeof counts] += n;
    const replicas = Object.values(result.replicas);
    console.log(
      `faults injected          ${injected()}: ${Object.entries(counts)
        .filter(([k]) => k !== 'passed' && k !== 'upgrades')
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
    );
    console.log(`requests passed          ${counts.passed}`);
    console.log(`acknowledged changes     ${result.acknowledged}`);
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
      `time                     ${(faultMs / 1000).toFixed(1)} s under faults, ${(convergeMs / 1000).toFixed(1)} s to converge`,
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
