import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { toFtsQuery } from '../../../../src-main/core/search/fts-query';

describe('toFtsQuery', () => {
  it('quotes every word as a prefix term', () => {
    expect(toFtsQuery('least privilege')).toBe('"least"* "privilege"*');
  });

  it('returns null when nothing searchable is left', () => {
    expect(toFtsQuery('  "*" -- ')).toBeNull();
  });

  it.each([
    '"unbalanced',
    'a OR b NOT c',
    'title:secret',
    'NEAR(a b)',
    '^start',
    'x AND',
    '*',
    "'; DROP TABLE policies; --",
    'a"b',
  ])('makes %j a valid MATCH expression that treats operators as words', (input) => {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE t USING fts5(title, body); INSERT INTO t VALUES ('a OR b', 'secret text')");
    const query = toFtsQuery(input);
    if (query !== null) expect(() => db.prepare('SELECT * FROM t WHERE t MATCH ?').all(query)).not.toThrow();
    db.close();
  });
});
