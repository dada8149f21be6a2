/**
 * "Sent, no answer" survives a restart (issue 8): the server applied a change, the app was
 * closed before it took the answer, and the app that opens next on the same replica must not
 * discard the change as unsent while the server has it. The discard is refused in words until
 * Retry now takes the answer (the server's ledger answers the resend); then the replica shows
 * the server's row and nothing is left to discard. Real PostgreSQL, the stand-in gateway and a
 * gate on the device's link that holds the answer after the server did the work.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { call, closeDevice, eventually, ok, replicaRows, restart, signedInDevice, until, type Device } from './harness';
import { answerTo, stalledFinding } from './discard-steps';
import { openPushGate, type PushGate } from './push-gate';

let stack: Stack;
let org: SeededOrg;
let gate: PushGate;
let owner: Device;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Discard Restart Co');
  gate = await openPushGate(stack.supabaseUrl);
  owner = await signedInDevice(stack, org.users.owner, { link: gate });
});

afterAll(async () => {
  await closeDevice(owner);
  await stack?.stop();
});

const outboxCount = (mutationId: string) =>
  replicaRows(owner.dataDir, org.id, 'SELECT count(*) AS n FROM outbox WHERE mutation_id = ?', mutationId)[0] as { n: number };

it('a change the server applied before the app was closed cannot be discarded after restart until its answer is taken', async () => {
  const { findingId, auditId, mutationId } = await stalledFinding(owner, org.id);

  // The audit arrives; the next send applies the finding and the gate holds that answer.
  gate.rule = (c) => (answerTo(mutationId, c) === 'applied' ? 'hold' : 'pass');
  await stack.admin.query(`insert into audits (id, org_id, title) values ($1, $2, 'Arrived later')`, [auditId, org.id]);
  const round = call(owner.core, 'sync', 'retryNow');
  await gate.held();
  expect((await stack.admin.query(`select title from findings where id = $1`, [findingId])).rows).toHaveLength(1);

  // The app is closed before it takes the answer; the next one cannot reach the server with
  // this change (every send carrying it is dropped on the way) until the test allows.
  gate.rule = (c) => (answerTo(mutationId, c) === 'sending' ? 'drop' : 'pass');
  owner = await restart(stack, owner);
  gate.release();
  await round.catch(() => undefined);
  const attention = await ok<{ items: { mutationId: string; state: string }[] }>(owner.core, 'sync', 'outbox', {
    state: 'attention',
  });
  expect(attention.items).toContainEqual(expect.objectContaining({ mutationId, state: 'stalled' }));

  expect(await call(owner.core, 'sync', 'discard', { mutationId })).toMatchObject({
    ok: false,
    error: { code: 'CONFLICT', message: expect.stringMatching(/answer never arrived, so the server may have taken it/) },
  });
  expect(outboxCount(mutationId)).toEqual({ n: 1 });

  // Retry now reaches the server: the resend is answered from its ledger, and the answer taken.
  gate.rule = null;
  await until(
    async () => {
      await ok(owner.core, 'sync', 'retryNow');
      return outboxCount(mutationId);
    },
    (row) => row.n === 0,
    'the resend to be answered',
  );
  expect(await ok(owner.core, 'sync', 'discard', { mutationId })).toEqual({ discarded: false });
  await eventually<{ title: string }>(
    owner,
    'findings',
    'get',
    { id: findingId },
    (f) => f.title.startsWith('Found'),
    'the finding to show',
  );
});
