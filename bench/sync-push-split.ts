/**
 * Where the server's push time goes (issue 8, push of 10,000 in ≤ 5 s), without the client: a
 * throwaway PostgreSQL 15 with the migrations, one org, one enrolled device, and `--batches`
 * (default 5) pushes of 1,000 policy inserts and 1,000 trail events each (what the app sends
 * for 1,000 new policies), called as the compliance officer the way PostgREST calls them.
 * Prints server-side figures only, which stay meaningful on a loaded machine:
 *   - push's own time per batch from clock_timestamp() deltas inside the transaction;
 *   - pg_stat_user_functions (track_functions = all): calls and self time per function, which
 *     names each trigger's cost;
 *   - then the pull that follows, with and without the device (20260101001800 leaves out the
 *     rows push answered to that device): rows handed out and time, server side.
 * Run: npx tsx bench/sync-push-split.ts [--batches 5]
 */
import { createHash, randomUUID } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { asCaller, fromPg, type Caller } from '../tests/support/db';
import { seedOrg } from '../tests/support/seed';
import { startStack } from '../tests/support/stack';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const fmt = (v: number) => (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));

async function main() {
  const batches = Number(arg('batches', '5'));
  const stack = await startStack();
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  const db = fromPg(client);
  try {
    const org = await seedOrg(stack, 'Push Split Co');
    const co: Caller = { kind: 'user', id: org.users.compliance_officer.id };
    const deviceId = await asCaller(
      db,
      co,
      async (tx) =>
        (
          await tx.query<{ id: string }>(`select public.register_device($1, $2, 'bench laptop') as id`, [
            org.id,
            'MCowBQYDK2VwAyEA'.padEnd(60, 'A'),
          ])
        ).rows[0]!.id,
      { commit: true },
    );
    await stack.admin.query(`alter system set track_functions = 'all'`);
    await stack.admin.query(`select pg_reload_conf()`);
    await stack.admin.query(`select pg_stat_reset()`);

    let seq = 0;
    let prev = '0'.repeat(64);
    const pushMs: number[] = [];
    const [{ start }] = (await stack.admin.query<{ start: string }>(`select pg_current_xact_id()::text as start`)).rows as [
      { start: string },
    ];
    for (let b = 0; b < batches; b++) {
      const mutations: unknown[] = [];
      const events: unknown[] = [];
      for (let i = 0; i < 1000; i++) {
        const id = randomUUID();
        mutations.push({
          id: randomUUID(),
          table: 'policies',
          record_id: id,
          op: 'insert',
          patch: { title: `Pushed policy ${b}.${i}`, body: `Body of pushed policy ${b}.${i}`, status: 'draft', deleted_at: null },
          base: {},
        });
        seq += 1;
        const hash = createHash('sha256').update(`${prev}${seq}`).digest('hex');
        const eventId = randomUUID();
        events.push({
          id: eventId,
          table: 'audit_events',
          record_id: eventId,
          op: 'insert',
          patch: {
            record_table: 'policies',
            record_id: id,
            action: 'create',
            actor: org.users.compliance_officer.id,
            claimed_at: new Date().toISOString(),
            before: null,
            after: { title: `Pushed policy ${b}.${i}` },
            seq,
            prev_hash: prev,
            hash,
            device_id: deviceId,
          },
          base: {},
        });
        prev = hash;
      }
      let ms = 0;
      // --explain: the plans (with each trigger's time) of the statements inside the first batch.
      const explain = process.argv.includes('--explain') && b === 0;
      if (explain) {
        await client.query(`load 'auto_explain'`);
        await client.query(`set auto_explain.log_min_duration = 20`);
        await client.query(`set auto_explain.log_analyze = on`);
        await client.query(`set auto_explain.log_triggers = on`);
        await client.query(`set auto_explain.log_nested_statements = on`);
        await client.query(`set auto_explain.log_level = 'notice'`);
        client.on('notice', (n) => console.log(n.message));
      }
      for (const sent of [mutations, events]) {
        ms += await asCaller(
          db,
          co,
          async (tx) => {
            const { rows } = await tx.query<{ ms: number; answer: { status: string; results: { status: string }[] } }>(
              `with t0 as materialized (select clock_timestamp() as at),
                    a as materialized (select public.push($1, $2::jsonb, 2, $3) as answer from t0)
               select extract(epoch from clock_timestamp() - (select at from t0)) * 1000 as ms, answer from a`,
              [org.id, JSON.stringify(sent), deviceId],
            );
            const answer = rows[0]!.answer;
            const refused = answer.results.filter((r) => r.status !== 'applied').length;
            if (answer.status !== 'ok' || refused > 0)
              throw new Error(`push refused ${refused}: ${JSON.stringify(answer).slice(0, 300)}`);
            return Number(rows[0]!.ms);
          },
          { commit: true },
        );
      }
      pushMs.push(ms);
      if (explain) {
        await client.query(`set auto_explain.log_min_duration = -1`);
        client.removeAllListeners('notice');
      }
    }

    // The pull that follows the pushes, from the cursor before them: with the device, without.
    const pullOnce = async (withDevice: boolean) =>
      asCaller(db, co, async (tx) => {
        let cursor: string | null = `v1:${start}:0`;
        let rows = 0;
        let ms = 0;
        for (;;) {
          const page: { rows: { ms: number; n: number; cursor: string; more: boolean }[] } = await tx.query<{
            ms: number;
            n: number;
            cursor: string;
            more: boolean;
          }>(
            `with t0 as materialized (select clock_timestamp() as at),
                  a as materialized (select public.pull($1, $2, 1000, 2, $3) as answer from t0)
             select extract(epoch from clock_timestamp() - (select at from t0)) * 1000 as ms,
               jsonb_array_length(answer -> 'changes') as n, answer ->> 'cursor' as cursor, (answer ->> 'has_more')::boolean as more from a`,
            [org.id, cursor, withDevice ? deviceId : null],
          );
          const r = page.rows;
          rows += r[0]!.n;
          ms += Number(r[0]!.ms);
          cursor = r[0]!.cursor;
          if (!r[0]!.more) break;
        }
        return { rows, ms };
      });
    const withDevice = await pullOnce(true);
    const without = await pullOnce(false);

    await new Promise((resolve) => setTimeout(resolve, 11_000)); // function counters flush within 10 s
    const { rows: functions } = await stack.admin.query<{ name: string; calls: string; total: number; self: number }>(
      `select schemaname || '.' || funcname as name, calls, total_time as total, self_time as self
       from pg_stat_user_functions order by self_time desc limit 18`,
    );
    const total = pushMs.reduce((a, b) => a + b, 0);
    console.log(
      `push split — ${batches} × (1,000 policies + 1,000 trail events), node ${process.version}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log(`  push, server side: ${fmt(total)} ms in all; per batch ${pushMs.map(fmt).join(', ')} ms`);
    console.log(`  pull after, with the device:    ${withDevice.rows} rows, ${fmt(withDevice.ms)} ms (server side)`);
    console.log(`  pull after, without a device:   ${without.rows} rows, ${fmt(without.ms)} ms (server side)`);
    console.log('  functions (ms; total includes callees, self does not):');
    for (const f of functions)
      console.log(
        `    ${f.name.padEnd(44)} calls ${String(f.calls).padStart(7)}  total ${fmt(f.total).padStart(8)}  self ${fmt(f.self).padStart(8)}`,
      );
  } finally {
    await client.end();
    await stack.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
