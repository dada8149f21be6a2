/**
 * What a discard learns about a change out with the server: settled once its batch's answers
 * are committed (no doubt left), lost (in doubt: the server may have applied it), or refused
 * whole (what was known before stands); a resend's mark is not cleared by an older batch.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../../src-main/core/db/database';
import { inDoubt, markSent, whenSettled } from '../../../../src-main/core/sync/in-flight';

const db = () => new Database(':memory:') as unknown as Db;

describe('changes out with the server', () => {
  it('is out until its batch is answered, then neither out nor in doubt', async () => {
    const d = db();
    const batch = markSent(d, ['a', 'b']);
    const out = whenSettled(d, 'a');
    expect(out).not.toBeNull();
    expect(whenSettled(d, 'c')).toBeNull();
    batch.answered();
    await out;
    expect(whenSettled(d, 'a')).toBeNull();
    expect(inDoubt(d, 'a')).toBe(false);
  });

  it('is in doubt when the answer was lost, until a later batch carrying it is answered', () => {
    const d = db();
    markSent(d, ['a']).abandoned();
    expect(inDoubt(d, 'a')).toBe(true);
    // A request refused whole (update_required) applied nothing of itself, and teaches nothing either.
    markSent(d, ['a']).refusedWhole();
    expect(inDoubt(d, 'a')).toBe(true);
    markSent(d, ['a']).answered();
    expect(inDoubt(d, 'a')).toBe(false);
  });

  it('keeps a resend out when the older batch settles, and settles each batch once', () => {
    const d = db();
    const first = markSent(d, ['a']);
    const second = markSent(d, ['a']);
    first.abandoned();
    expect(whenSettled(d, 'a')).not.toBeNull();
    second.answered();
    first.abandoned();
    expect(whenSettled(d, 'a')).toBeNull();
    expect(inDoubt(d, 'a')).toBe(false);
  });
});
