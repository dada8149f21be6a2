import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { toFtsQuery } from '../../../../src-main/core/search/fts-query';

describe('toFtsQuery', () => {
  it('matches finished words whole and only the word being typed as a prefix', () => {
    expect(toFtsQuery('least privilege')).toBe('"least" "privilege"*');
    expect(toFtsQuery('least privilege ')).toBe('"least" "privilege"');
    expect(toFtsQuery('access')).toBe('"access"*');
    expect(toFtsQuery('access, ')).toBe('"access"');
    expect(toFtsQuery('AC-2')).toBe('"AC" "2"*');
  });

  it('keeps at most 16 words; a cut-off last word is not a prefix', () => {
    const words = Array.from({ length: 20 }, (_, i) => `w${i}`).join(' ');
    expect(toFtsQuery(words)).toBe(Array.from({ length: 16 }, (_, i) => `"w${i}"`).join(' '));
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
