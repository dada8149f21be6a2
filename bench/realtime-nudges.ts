// How fast a push on laptop A reaches laptop B as a Realtime nudge, on this machine, through
// supabase-js and the local stand-in over PostgreSQL 15: A pushes one change at a time (as the
// compliance officer), B listens with subscribeNudges (as the viewer); each sample is the time
// from A's push call to B's onNudge for that change. It is the nudge only: B's pull after it is
// the engine's figure. Run: npx tsx bench/realtime-nudges.ts [count]
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { subscribeNudges } from '../src-main/core/sync/realtime/nudges.ts';
import { seedOrg } from '../tests/support/seed.ts';
import { startStack } from '../tests/support/stack.ts';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 100);
  if (!Number.isInteger(count) || count < 1) throw new Error(`count must be a positive integer, got ${process.argv[2]}`);
  const stack = await startStack();
  try {
    const org = await seedOrg(stack, 'Nudge Bench Co');
    const laptopA = await stack.client(org.users.compliance_officer);
    const laptopB = await stack.client(org.users.viewer);
    const { data: info } = await laptopA.rpc('sync_info');
    const version = (info as { min_client_schema_version: number }).min_client_schema_version;

    // When each announced seq reached B (a nudge can arrive before A's push call returns).
    const arrivals: { seq: number; at: number }[] = [];
    let heard: (() => void) | null = null;
    let live!: () => void;
    const isLive = new Promise<void>((resolve) => (live = resolve));
    const subscription = subscribeNudges({
      client: laptopB,
      orgId: org.id,
      // A window of 0 ms: every nudge passes at once, so each sample is one change's path.
      coalesceMs: 0,
      onNudge: (nudge) => {
        arrivals.push({ seq: nudge.seq, at: performance.now() });
        heard?.();
      },
      onLive: (value) => value && live(),
    });
    await isLive;

    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const recordId = randomUUID();
      const started = performance.now();
      const { error } = await laptopA.rpc('push', {
        p_org_id: org.id,
        p_mutations: [
          { id: randomUUID(), table: 'frameworks', record_id: recordId, op: 'insert', patch: { title: `F ${i}` }, base: {} },
        ],
        p_schema_version: version,
      });
      if (error) throw new Error(`push failed: ${error.message}`);
      const { rows } = await stack.admin.query<{ seq: string }>(`select seq from public.sync_changes where record_id = $1`, [
        recordId,
      ]);
      const seq = Number(rows[0]!.seq);
      const arrival = () => arrivals.find((a) => a.seq >= seq);
      while (!arrival()) await new Promise<void>((resolve) => (heard = resolve));
      samples.push(arrival()!.at - started);
    }
    await subscription.close();
    samples.sort((a, b) => a - b);
    const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
    console.log(`Realtime nudge, push on A → onNudge on B, ${count} changes one at a time:`);
    console.log(`  p50 ${fmt(percentile(samples, 50))}  p95 ${fmt(percentile(samples, 95))}  max ${fmt(samples.at(-1)!)}`);
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
