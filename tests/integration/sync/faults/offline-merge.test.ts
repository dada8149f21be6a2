/**
 * Two devices (two real core processes) edit the same policy while offline, then connect in
 * either order. Edits in different places merge cleanly; edits of the same lines become a
 * conflict that keeps both texts; and in every case each line either person typed is in the
 * policy or in the conflict, on the server and on both devices (a property over random line
 * edits, a bounded number of runs).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyConflict } from '../../../../src-shared/api/sync';
import { startDevice, startFaultWorld, type Device, type FaultWorld } from '../../../support/core-process/fault-world';
import { goOffline, goOnline, syncUntilIdle, until } from '../../../support/core-process/sync-steps';

let world: FaultWorld;
let a: Device;
let b: Device;
beforeAll(async () => {
  world = await startFaultWorld();
  a = await startDevice(world, 'officer-laptop', world.org.users.compliance_officer);
  b = await startDevice(world, 'admin-laptop', world.org.users.admin);
});
afterAll(async () => world?.stop());

type Edit = { kind: 'replace' | 'insert' | 'delete'; at: number };

/** Applies line edits to a text; each typed line is a unique marker. Answers the text and the typed lines. */
function edit(base: string[], edits: Edit[], who: string): { text: string; typed: string[] } {
  const lines = [...base];
  const typed: string[] = [];
  for (const [n, e] of edits.entries()) {
    const at = Math.min(e.at, Math.max(lines.length - 1, 0));
    const line = `${who} typed line ${n}`;
    if (e.kind === 'delete' && lines.length > 1) lines.splice(at, 1);
    else if (e.kind === 'insert' || lines.length === 0) {
      lines.splice(at, 0, line);
      typed.push(line);
    } else {
      lines[at] = line;
      typed.push(line);
    }
  }
  // A line the same person typed and then replaced or deleted is not theirs to keep.
  return { text: lines.join('\n'), typed: typed.filter((line) => lines.includes(line)) };
}

interface Outcome {
  server: string;
  bodies: string[];
  conflicts: PolicyConflict[];
}

let runs = 0;
/** One scenario: a shared policy, both edit it offline, `first` connects and syncs, then the other. */
async function scenario(baseLines: string[], editA: Edit[], editB: Edit[], aFirst: boolean) {
  const tag = `r${++runs}-${Date.now().toString(36)}`;
  const base = baseLines.map((l) => `${l} ${tag}`);
  const policy = await a.core.ok<{ id: string }>('policies', 'create', { title: `Shared ${tag}`, body: base.join('\n') });
  await syncUntilIdle(a);
  await until(
    async () => (await b.core.call('sync', 'retryNow', {}), await b.core.call('policies', 'get', { id: policy.id })),
    (r) => r.ok,
    'the policy reaching the second device',
  );

  goOffline(a);
  goOffline(b);
  const ours = { a: edit(base, editA, `A ${tag}`), b: edit(base, editB, `B ${tag}`) };
  await a.core.ok('policies', 'update', { id: policy.id, body: ours.a.text });
  await b.core.ok('policies', 'update', { id: policy.id, body: ours.b.text });

  const [first, second] = aFirst ? [a, b] : [b, a];
  goOnline(first);
  await syncUntilIdle(first);
  goOnline(second);
  await syncUntilIdle(second);
  await syncUntilIdle(first);
  await syncUntilIdle(second);

  const { rows } = await world.stack.admin.query<{ body: string }>('select body from public.policies where id = $1', [policy.id]);
  const outcome: Outcome = {
    server: rows[0].body,
    bodies: await Promise.all(
      [a, b].map(async (d) => (await d.core.ok<{ body: string }>('policies', 'get', { id: policy.id })).body),
    ),
    conflicts: await second.core.ok<PolicyConflict[]>('sync', 'conflicts', { policyId: policy.id }),
  };
  return { outcome, ours, baseText: base.join('\n') };
}

/** What must hold in every run: one text everywhere, and nobody's typed line lost. */
function expectNothingLost({ outcome, ours }: Awaited<ReturnType<typeof scenario>>) {
  expect(outcome.bodies).toEqual([outcome.server, outcome.server]);
  const kept = [outcome.server, ...outcome.conflicts.flatMap((c) => [c.theirs, c.ours])].join('\n').split('\n');
  for (const line of [...ours.a.typed, ...ours.b.typed]) expect(kept).toContain(line);
  if (outcome.conflicts.length > 0) {
    // Both texts kept whole, whichever side connected first.
    expect(outcome.conflicts).toHaveLength(1);
    expect(new Set([outcome.conflicts[0].theirs, outcome.conflicts[0].ours])).toEqual(new Set([ours.a.text, ours.b.text]));
  }
}

const BASE = Array.from({ length: 12 }, (_, i) => `Line ${i + 1} of the policy`);

describe('two devices editing one policy offline', () => {
  it.each([true, false])('merge edits far apart cleanly (A connects first: %s)', async (aFirst) => {
    const result = await scenario(BASE, [{ kind: 'replace', at: 1 }], [{ kind: 'replace', at: 9 }], aFirst);
    expect(result.outcome.conflicts).toEqual([]);
    expectNothingLost(result);
    expect(result.outcome.server.split('\n')).toHaveLength(12);
  });

  it.each([true, false])('keep both texts in a conflict when both change the same line (A first: %s)', async (aFirst) => {
    const result = await scenario(BASE, [{ kind: 'replace', at: 5 }], [{ kind: 'replace', at: 5 }], aFirst);
    expect(result.outcome.conflicts).toHaveLength(1);
    expect(result.outcome.conflicts[0].base).toBe(result.baseText);
    expectNothingLost(result);
  });

  it('lose no typed line over random line edits in either order', async () => {
    const edits = fc.array(
      fc.record({ kind: fc.constantFrom('replace' as const, 'insert' as const, 'delete' as const), at: fc.nat({ max: 13 }) }),
      { minLength: 1, maxLength: 4 },
    );
    await fc.assert(
      fc.asyncProperty(edits, edits, fc.boolean(), async (editA, editB, aFirst) => {
        expectNothingLost(await scenario(BASE, editA, editB, aFirst));
      }),
      { numRuns: 12, seed: Number(process.env.FAULT_SEED ?? 5), endOnFailure: true },
    );
  }, 240_000);
});
