// Server-side sync figures on this machine, through supabase-js and the local stand-in over
// PostgreSQL 15: push of 10k mutations in batches of 1000, a resend of the same 10k (all
// answered from the mutation ledger), and a full pull of the org's history from an empty cursor.
// Run: npx tsx bench/sync-server.ts [count]
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { seedOrg } from '../tests/support/seed.ts';
import { startStack } from '../tests/support/stack.ts';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 10_000);
  const batch = 1000;
  const stack = await startStack();
  try {
    const org = await seedOrg(stack, 'Bench Co');
    const officer = await stack.client(org.users.compliance_officer);
    const viewer = await stack.client(org.users.viewer);
    const frameworkId = randomUUID();
    await stack.admin.query(`insert into frameworks (id, org_id, title) values ($1, $2, 'NIST')`, [frameworkId, org.id]);
    const mutations = Array.from({ length: count }, (_, i) => ({
      id: randomUUID(),
      table: 'controls',
      record_id: randomUUID(),
      op: 'insert',
      patch: { framework_id: frameworkId, control_key: `c-${i}`, title: `Control ${i}`, statement: 'x'.repeat(200) },
    }));
    const pushAll = async () => {
      const started = performance.now();
      for (let i = 0; i < mutations.length; i += batch) {
        const { data, error } = await officer.rpc('push', {
          p_org_id: org.id,
          p_mutations: mutations.slice(i, i + batch),
          p_schema_version: 2,
        });
        if (error || (data as { status: string }).status !== 'ok') throw new Error(`push failed: ${error?.message}`);
      }
      return performance.now() - started;
    };
    const pushMs = await pushAll();
    const resendMs = await pushAll();

    const started = performance.now();
    let cursor: string | null = null;
    let pulled = 0;
    for (;;) {
      const { data, error } = await viewer.rpc('pull', {
        p_org_id: org.id,
        p_cursor: cursor,
        p_limit: 5000,
        p_schema_version: 2,
      });
      if (error) throw error;
      const page = data as { changes: unknown[]; cursor: string; has_more: boolean };
      pulled += page.changes.length;
      cursor = page.cursor;
      if (!page.has_more) break;
    }
    const pullMs = performance.now() - started;
    const figures = {
      mutations: count,
      push_ms: Math.round(pushMs),
      push_per_s: Math.round(count / (pushMs / 1000)),
      resend_ms: Math.round(resendMs),
      pulled_changes: pulled,
      pull_ms: Math.round(pullMs),
      pull_per_s: Math.round(pulled / (pullMs / 1000)),
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
