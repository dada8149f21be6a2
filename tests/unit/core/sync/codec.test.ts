/**
 * Replica ⇄ server representation (issue 8, items 1, 2, 3, 7) on a real replica's columns:
 * what a push sends and what a pull writes.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../src-main/core/db/database';
import { decodeRow, DecodeError, encodePatch, normalizeTime, sameInstant } from '../../../../src-main/core/sync/codec';
import { toMutation } from '../../../../src-main/core/sync/push';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let db: Db;
beforeEach(() => {
  dir = tempDir();
  db = openDatabase(`${dir.path}/replica.sqlite`);
});
afterEach(() => {
  db.close();
  dir.remove();
});

describe('to the server', () => {
  it('an insert goes with base {} and its JSON columns as JSON values, empty ids as null, no bookkeeping', () => {
    const mutation = toMutation({
      mutation_id: 'm1',
      table_name: 'evidence',
      record_id: 'r1',
      op: 'insert',
      patch: JSON.stringify({
        id: 'r1',
        org_id: 'o',
        title: 'Export',
        device_id: '',
        audit_id: null,
        created_at: 'x',
        updated_at: 'y',
        updated_by: 'u',
        row_version: 0,
      }),
      base: null,
    });
    expect(mutation).toEqual({
      id: 'm1',
      table: 'evidence',
      record_id: 'r1',
      op: 'insert',
      patch: { title: 'Export', device_id: null, audit_id: null },
      base: {},
    });
    expect(encodePatch('controls', { params: '[{"id":"p"}]', notes: 'n' })).toEqual({ params: [{ id: 'p' }], notes: 'n' });
    expect(encodePatch('audits', { auditors: '["Ana"]' })).toEqual({ auditors: ['Ana'] });
  });

  it('an update keeps its base in the same representation, and times as ISO with milliseconds', () => {
    const mutation = toMutation({
      mutation_id: 'm2',
      table_name: 'policies',
      record_id: 'r',
      op: 'delete',
      patch: JSON.stringify({ deleted_at: '2026-12-01T10:00:00Z' }),
      base: JSON.stringify({ deleted_at: null }),
    });
    expect(mutation.patch).toEqual({ deleted_at: '2026-12-01T10:00:00.000Z' });
    expect(mutation.base).toEqual({ deleted_at: null });
  });
});

describe('from the server', () => {
  it('JSON values become text, nulls where the replica is NOT NULL become its default, times are normalized', () => {
    const id = randomUUID();
    const row = decodeRow(db, 'controls', {
      id,
      org_id: 'o',
      framework_id: 'f',
      control_key: 'ac-1',
      params: [{ id: 'p', values: ['a'] }],
      statement: null,
      guidance: null,
      sort_key: null,
      created_at: '2026-11-30T09:00:00.103625+00:00',
      updated_at: '2026-11-30T10:00:00+01:00',
      updated_by: null,
      deleted_at: null,
      row_version: 4,
      only_on_server: 'dropped',
    });
    expect(row).toMatchObject({
      params: '[{"id":"p","values":["a"]}]',
      statement: '',
      guidance: '',
      sort_key: '',
      status: 'not_started',
      created_at: '2026-11-30T09:00:00.103Z',
      updated_at: '2026-11-30T09:00:00.000Z',
      updated_by: '',
      row_version: 4,
    });
    expect(row).not.toHaveProperty('only_on_server');
    expect(decodeRow(db, 'evidence', { id, device_id: null, size_bytes: null, sha256: null })).toMatchObject({
      device_id: '',
      size_bytes: 0,
      sha256: '0'.repeat(64),
    });
  });

  it('a replica-only column keeps the local value; a bad value is a DecodeError', () => {
    expect(decodeRow(db, 'policies', { id: 'p', title: 't' }, { approval_comment: 'kept' }).approval_comment).toBe('kept');
    expect(() => decodeRow(db, 'policies', { id: 'p', version_major: 1.5 })).toThrow(DecodeError);
    expect(() => decodeRow(db, 'policies', { id: 'p', title: { nested: true } })).toThrow(DecodeError);
    expect(() => decodeRow(db, 'policies', { title: 'no id' })).toThrow(DecodeError);
    expect(() => decodeRow(db, 'policies', { id: 'p', updated_at: 'not a time' })).toThrow(DecodeError);
  });

  it('times compare as instants, whatever their format', () => {
    expect(normalizeTime('2026-11-30T09:00:00.103625+00:00')).toBe('2026-11-30T09:00:00.103Z');
    expect(sameInstant('2026-11-30T09:00:00.100Z', '2026-11-30T10:00:00.1+01:00')).toBe(true);
    expect(sameInstant('2026-11-30T09:00:00.100Z', '2026-11-30T09:00:00.101Z')).toBe(false);
  });
});
