/**
 * A discard that meets a push already out (issue 8): the user discards a stalled change while
 * a push carrying it is with the server. The discard waits for that push's answer; if the server
 * took the change, nothing is discarded and the user is told it is part of the record now (the
 * replica shows the server's row); if the server refused it again, the discard goes ahead; if the
 * answer was lost, the discard is refused until an answer is taken. Real PostgreSQL, the stand-in
 * gateway and a gate on the device's link that holds or cuts the push answer after the server
 * did the work.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { call, closeDevice, eventually, ok, replicaRows, signedInDevice, until, type Device } from './harness';
import { answerTo, sentIds, stalledFinding } from './discard-steps';
import { openPushGate, type PushGate } from './push-gate';

let stack: Stack;
let org: SeededOrg;
let gate: PushGate;
let owner: Device;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Discard Race Co');
  gate = await openPushGate(stack.supabaseUrl);
  owner = await signedInDevice(stack, org.users.owner, { link: gate });
});

afterAll(async () => {
  await closeDevice(owner);
  await stack?.stop();
});

const discardEvents = async (findingId: string) =>
  (
    await ok<{ events: { changes: { field: string; after: unknown }[] }[] }>(owner.core, 'trail', 'forRecord', {
      table: 'findings',
      id: findingId,
    })
  ).events
    .flatMap((e) => e.changes)
    .filter((c) => c.field === 'discarded_mutation_id');

const onServer = async (findingId: string) =>
  (await stack.admin.query(`select title from findings where id = $1`, [findingId])).rows;

it('a discard while the server applies the change waits, discards nothing and says the change is in the record', async () => {
  const { findingId, auditId, mutationId } = await stalledFinding(owner, org.id);
  // The next send applies (the audit is there now); the gate holds that answer.
  gate.rule = (c) => (answerTo(mutationId, c) === 'applied' ? 'hold' : 'pass');
  await stack.admin.query(`insert into audits (id, org_id, title) values ($1, $2, 'Arrived later')`, [auditId, org.id]);
  const round = ok(owner.core, 'sync', 'retryNow');
  await gate.held();
  expect(await onServer(findingId)).toHaveLength(1);

  const discard = call(owner.core, 'sync', 'discard', { mutationId });
  gate.rule = null;
  gate.release();
  expect(await discard).toMatchObject({
    ok: false,
    error: { code: 'CONFLICT', message: expect.stringMatching(/server took this change .* part of the record now/) },
  });
  await round;
  // No silent disagreement: the trail records no discard, the replica shows what the server has.
  expect(await discardEvents(findingId)).toEqual([]);
  expect(replicaRows(owner.dataDir, org.id, 'SELECT count(*) AS n FROM outbox WHERE mutation_id = ?', mutationId)).toEqual([
    { n: 0 },
  ]);
  await eventually<{ title: string }>(
    owner,
    'findings',
    'get',
    { id: findingId },
    (f) => f.title.startsWith('Found'),
    'the finding to show',
  );
  expect(await onServer(findingId)).toHaveLength(1);
});

it('a discard while the server refuses the change again waits for the refusal, then discards', async () => {
  const { findingId, mutationId } = await stalledFinding(owner, org.id);
  gate.rule = (c) => (answerTo(mutationId, c) === 'rejected' ? 'hold' : 'pass');
  const round = ok(owner.core, 'sync', 'retryNow');
  await gate.held();

  // Asked twice (a double click): one discard, and the second finds nothing left.
  const discard = call(owner.core, 'sync', 'discard', { mutationId });
  const again = call(owner.core, 'sync', 'discard', { mutationId });
  gate.rule = null;
  gate.release();
  expect(await discard).toEqual({ ok: true, value: { discarded: true } });
  expect(await again).toEqual({ ok: true, value: { discarded: false } });
  await round;
  expect(await discardEvents(findingId)).toEqual([{ field: 'discarded_mutation_id', before: null, after: mutationId }]);
  // Discarded for good: never sent again.
  let sentAgain = false;
  gate.rule = (c) => {
    // By its id (the discard's own trail event names it too, and is pushed).
    if (sentIds(c.request).includes(mutationId)) sentAgain = true;
    return 'pass';
  };
  await ok(owner.core, 'sync', 'retryNow');
  await ok(owner.core, 'sync', 'retryNow');
  gate.rule = null;
  expect(sentAgain).toBe(false);
  expect(await onServer(findingId)).toEqual([]);
});

it('a discard after the answer was lost is refused until an answer is taken, and the change is not lost', async () => {
  const { findingId, auditId, mutationId } = await stalledFinding(owner, org.id);
  // The server applies it and the answer never arrives; until the test allows, every resend is
  // dropped on the way (the device cannot learn what happened).
  let cut = false;
  gate.rule = (c) => {
    const status = answerTo(mutationId, c);
    if (status === 'applied' && !cut) {
      cut = true;
      return 'cut';
    }
    return cut && status === 'sending' ? 'drop' : 'pass';
  };
  await stack.admin.query(`insert into audits (id, org_id, title) values ($1, $2, 'Arrived later')`, [auditId, org.id]);
  await until(
    async () => {
      await ok(owner.core, 'sync', 'retryNow');
      return cut;
    },
    (done) => done,
    'the answer to be cut',
  );
  expect(await onServer(findingId)).toHaveLength(1);

  expect(await call(owner.core, 'sync', 'discard', { mutationId })).toMatchObject({
    ok: false,
    error: { code: 'CONFLICT', message: expect.stringMatching(/may have taken it/) },
  });
  expect(await discardEvents(findingId)).toEqual([]);

  // The network heals: the resend is answered from the server's ledger; nothing is left to discard.
  gate.rule = null;
  await until(
    async () => {
      await ok(owner.core, 'sync', 'retryNow');
      return replicaRows(owner.dataDir, org.id, 'SELECT count(*) AS n FROM outbox WHERE mutation_id = ?', mutationId)[0];
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
