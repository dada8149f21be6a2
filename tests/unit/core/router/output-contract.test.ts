/**
 * Answers against their method's output schema, through the real router on a real SQLite file:
 * an answer that breaks its contract (here a row written around the app, as a damaged replica
 * holds it) is refused with INTERNAL, in words, and logged; the answers the router takes as the
 * core built them (evidence.list) are checked here instead: exactly their schema, no more.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { EvidenceListOutput } from '../../../../src-shared/domain/evidence';
import { ErrorCode } from '../../../../src-shared/errors';
import { stagedId } from '../../../support/staged-file';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let core: Core;
let logged: string[];
const ctx = { actor: 'local' };

beforeEach(() => {
  dir = tempDir();
  logged = [];
  core = createCore({ dataDir: dir.path, log: { error: (message) => logged.push(message) } });
});
afterEach(() => {
  core.close();
  dir.remove();
});

describe('output contracts', () => {
  it('an answer that breaks its schema is refused with INTERNAL in words, and logged', async () => {
    const created = await core.router.call('policies', 'create', { title: 'Access Control Policy' }, ctx);
    expect(created.ok).toBe(true);
    core.db.prepare(`UPDATE policies SET next_review_date = 'next spring'`).run();

    const answer = await core.router.call('policies', 'list', {}, ctx);
    expect(answer).toEqual({
      ok: false,
      error: { code: ErrorCode.Internal, message: 'policies.list failed inside the app. The details are in the log.' },
    });
    expect(logged).toEqual(['policies.list produced output that breaks its contract']);
  });

  it('evidence.list answers exactly its schema: every field valid, nothing beside them', async () => {
    for (const [i, title] of ['Okta export', 'Access review'].entries()) {
      const added = await core.router.call(
        'evidence',
        'add',
        { title, stagedFileId: await stagedId(core, `file ${i}`, `f-${i}.txt`), asOfDate: '2026-03-01', renewalDays: 30 },
        ctx,
      );
      expect(added.ok).toBe(true);
    }
    const answer = await core.router.call('evidence', 'list', {}, ctx);
    if (!answer.ok) throw new Error(answer.error.message);
    // parse drops keys the schema does not name: equal means there were none.
    expect(EvidenceListOutput.parse(answer.value)).toEqual(answer.value);
    expect((answer.value as { items: unknown[] }).items).toHaveLength(2);
  });
});
