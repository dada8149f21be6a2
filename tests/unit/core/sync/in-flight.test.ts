/**
 * What a discard learns about a change out with the server: out until its batch settles; in
 * doubt from before the request leaves until an answer is committed (kept in the replica, so it
 * survives closing and reopening it); a request refused whole puts back what was known before
 * it; a resend's mark is not cleared by an older batch. The answer's own commit clears the
 * doubt in push.ts (tests/integration/sync/discard-*.test.ts).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { inDoubt, markSent, whenSettled, type SentEntry } from '../../../../src-main/core/sync/in-flight';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let core: Core;
const at = '2026-12-02T10:00:00.000Z';

beforeEach(() => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, log: { error: () => undefined } });
});
afterEach(() => {
  core.close();
  dir.remove();
});

/** A waiting outbox entry, as push chooses it. */
const entry = (): SentEntry => {
  const mutationId = randomUUID();
  const { seq } = core.db
    .prepare(
      `INSERT INTO outbox (mutation_id, org_id, table_name, record_id, op, patch, base, created_at)
       VALUES (?, 'local', 'policies', ?, 'insert', '{}', NULL, ?) RETURNING seq`,
    )
    .get(mutationId, randomUUID(), at) as { seq: number };
  return { seq, mutation_id: mutationId, sent_at: null };
};
const sentAt = (e: SentEntry) =>
  (core.db.prepare('SELECT sent_at FROM outbox WHERE seq = ?').get(e.seq) as { sent_at: string | null }).sent_at;

describe('changes out with the server', () => {
  it('is out until its batch settles, and in doubt from before the request leaves', async () => {
    const [a, b, c] = [entry(), entry(), entry()];
    const batch = markSent(core.db, [a, b], at);
    expect(inDoubt(core.db, a.mutation_id)).toBe(true);
    expect(inDoubt(core.db, c.mutation_id)).toBe(false);
    const out = whenSettled(core.db, a.mutation_id);
    expect(out).not.toBeNull();
    expect(whenSettled(core.db, c.mutation_id)).toBeNull();
    batch.answered();
    await out;
    expect(whenSettled(core.db, a.mutation_id)).toBeNull();
  });

  it('keeps the doubt in the replica: a lost answer is still in doubt after reopening it', () => {
    const a = entry();
    markSent(core.db, [a], at).abandoned();
    core.close();
    core = createCore({ dataDir: dir.path, log: { error: () => undefined } });
    expect(whenSettled(core.db, a.mutation_id)).toBeNull();
    expect(inDoubt(core.db, a.mutation_id)).toBe(true);
    expect(inDoubt(core.db, 'no-such-mutation')).toBe(false);
  });

  it('puts back what was known before a request refused whole (it applied nothing of itself)', () => {
    const [fresh, doubted] = [entry(), entry()];
    markSent(core.db, [doubted], at).abandoned();
    markSent(core.db, [fresh, { ...doubted, sent_at: sentAt(doubted) }], at).refusedWhole();
    expect(inDoubt(core.db, fresh.mutation_id)).toBe(false);
    expect(inDoubt(core.db, doubted.mutation_id)).toBe(true);
  });

  it('keeps a resend out when the older batch settles, and settles each batch once', () => {
    const a = entry();
    const first = markSent(core.db, [a], at);
    const second = markSent(core.db, [{ ...a, sent_at: at }], at);
    first.abandoned();
    expect(whenSettled(core.db, a.mutation_id)).not.toBeNull();
    second.answered();
    first.refusedWhole();
    expect(whenSettled(core.db, a.mutation_id)).toBeNull();
    expect(inDoubt(core.db, a.mutation_id)).toBe(true);
  });
});
