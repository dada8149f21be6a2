/**
 * Malformed calls through the real router, against a real SQLite file: each gets a clear error
 * code and the database is exactly as it was.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { ErrorCode } from '../../../../src-shared/errors';
import { snapshot } from '../../../support/db-snapshot';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let core: Core;
const logged: unknown[] = [];
const ctx = { actor: 'local' };

beforeEach(async () => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, log: { error: (m, d) => logged.push([m, d]) } });
  await core.router.call('policies', 'create', { title: 'Access Control Policy', body: 'Existing text' }, ctx);
});
afterEach(() => {
  core.close();
  dir.remove();
});

const existingId = () => (snapshot(core.db).policies[0] as { id: string }).id;

describe('router boundary', () => {
  const cases: [string, unknown, string][] = [
    ['not an object', 'hello', 'no-answer'],
    ['null', null, 'no-answer'],
    ['string id', { kind: 'call', id: 'x', ns: 'policies', method: 'list', input: {} }, 'no-answer'],
    ['bad kind with id', { kind: 'exec', id: 16, ns: 'policies', method: 'list', input: {} }, ErrorCode.InvalidInput],
    ['missing id', { kind: 'call', ns: 'policies', method: 'list', input: {} }, 'no-answer'],
    [
      'extra envelope field',
      { kind: 'call', id: 1, ns: 'policies', method: 'list', input: {}, admin: true },
      ErrorCode.InvalidInput,
    ],
    ['unknown namespace', { kind: 'call', id: 2, ns: 'nope', method: 'list', input: {} }, ErrorCode.UnknownMethod],
    [
      'prototype key as namespace',
      { kind: 'call', id: 3, ns: '__proto__', method: 'toString', input: {} },
      ErrorCode.UnknownMethod,
    ],
    [
      'prototype key as method',
      { kind: 'call', id: 4, ns: 'policies', method: 'constructor', input: {} },
      ErrorCode.UnknownMethod,
    ],
    ['wrong type', { kind: 'call', id: 5, ns: 'policies', method: 'create', input: { title: 42 } }, ErrorCode.InvalidInput],
    ['missing field', { kind: 'call', id: 6, ns: 'policies', method: 'create', input: {} }, ErrorCode.InvalidInput],
    ['empty title', { kind: 'call', id: 7, ns: 'policies', method: 'create', input: { title: '   ' } }, ErrorCode.InvalidInput],
    [
      'extra field',
      { kind: 'call', id: 8, ns: 'policies', method: 'create', input: { title: 'x', org_id: 'someone-else' } },
      ErrorCode.InvalidInput,
    ],
    [
      '10 MB body',
      { kind: 'call', id: 9, ns: 'policies', method: 'create', input: { title: 'Big', body: 'x'.repeat(10 * 1024 * 1024) } },
      ErrorCode.InvalidInput,
    ],
    [
      'non-UUID id',
      { kind: 'call', id: 10, ns: 'policies', method: 'update', input: { id: "1' OR '1'='1", title: 'x' } },
      ErrorCode.InvalidInput,
    ],
    [
      'bad status',
      {
        kind: 'call',
        id: 11,
        ns: 'policies',
        method: 'update',
        input: { id: '6f1c1f55-2a7a-4a43-9a55-0d2b8b8b0c11', status: 'done' },
      },
      ErrorCode.InvalidInput,
    ],
    [
      'bad date',
      { kind: 'call', id: 12, ns: 'policies', method: 'create', input: { title: 'x', nextReviewDate: '2026-02-30' } },
      ErrorCode.InvalidInput,
    ],
    [
      'unknown record',
      {
        kind: 'call',
        id: 13,
        ns: 'policies',
        method: 'update',
        input: { id: '6f1c1f55-2a7a-4a43-9a55-0d2b8b8b0c11', title: 'x' },
      },
      ErrorCode.NotFound,
    ],
    ['negative page', { kind: 'call', id: 14, ns: 'policies', method: 'list', input: { offset: -1 } }, ErrorCode.InvalidInput],
    ['huge page', { kind: 'call', id: 15, ns: 'policies', method: 'list', input: { limit: 1_000_000 } }, ErrorCode.InvalidInput],
  ];

  it.each(cases.map(([name, message, expected]) => ({ name, message, expected })))(
    '$name: answers $expected and changes nothing',
    async ({ message, expected }) => {
      const before = snapshot(core.db);
      const answer = await core.router.dispatch(message, ctx);
      if (expected === 'no-answer') expect(answer).toBeNull();
      else {
        expect(answer?.result.ok).toBe(false);
        if (answer && !answer.result.ok) {
          expect(answer.result.error.code).toBe(expected);
          expect(answer.result.error.message.length).toBeGreaterThan(10);
        }
      }
      expect(snapshot(core.db)).toEqual(before);
    },
  );

  it('names the field that is wrong', async () => {
    const answer = await core.router.call('policies', 'create', { title: 'ok', nextReviewDate: 'tomorrow' }, ctx);
    expect(answer).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidInput } });
    expect(!answer.ok && answer.error.message).toBe('Next review date must be a date (YYYY-MM-DD).');
  });

  it('turns a handler exception into INTERNAL without leaking it, and rolls the change back', async () => {
    const before = snapshot(core.db);
    core.db.exec("CREATE TRIGGER explode BEFORE UPDATE ON policies BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;");
    const answer = await core.router.call('policies', 'update', { id: existingId(), title: 'Renamed' }, ctx);
    expect(answer).toMatchObject({ ok: false, error: { code: ErrorCode.Internal } });
    expect(!answer.ok && answer.error.message).not.toMatch(/disk on fire/);
    core.db.exec('DROP TRIGGER explode');
    expect(snapshot(core.db)).toEqual(before);
  });

  it('a valid call still works after all of that', async () => {
    const answer = await core.router.call('policies', 'update', { id: existingId(), title: 'Renamed' }, ctx);
    expect(answer).toMatchObject({ ok: true, value: { title: 'Renamed' } });
  });
});
