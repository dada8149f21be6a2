// The server's line-based three-way merge of policy text (private.merge_text), in-process on
// PGlite: what merges cleanly, and what must become a conflict.
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPglite, type Db } from '../../support/db.ts';
import { applyMigrations } from '../../support/migrations.ts';

let pglite: PGlite;
let db: Db;

beforeAll(async () => {
  pglite = new PGlite();
  db = fromPglite(pglite);
  await applyMigrations(db);
});

afterAll(async () => {
  await pglite?.close();
});

async function merge(base: string, ours: string, theirs: string): Promise<{ clean: boolean; text?: string }> {
  const r = await db.query<{ m: { clean: boolean; text?: string } }>(`select private.merge_text($1, $2, $3) as m`, [
    base,
    ours,
    theirs,
  ]);
  return r.rows[0]!.m;
}

const lines = (...l: string[]) => l.join('\n');

describe('three-way merge of policy text', () => {
  const base = lines('# Access Control', 'Scope: all staff.', 'MFA is required.', 'Reviews are yearly.', 'Owner: CISO.');

  it.each([
    [
      'one side changed',
      base,
      lines('# Access Control', 'Scope: all staff.', 'MFA is required everywhere.', 'Reviews are yearly.', 'Owner: CISO.'),
      base,
      lines('# Access Control', 'Scope: all staff.', 'MFA is required everywhere.', 'Reviews are yearly.', 'Owner: CISO.'),
    ],
    [
      'different lines changed on each side',
      base,
      lines('# Access Control Policy', 'Scope: all staff.', 'MFA is required.', 'Reviews are yearly.', 'Owner: CISO.'),
      lines('# Access Control', 'Scope: all staff.', 'MFA is required.', 'Reviews are quarterly.', 'Owner: CISO.'),
      lines('# Access Control Policy', 'Scope: all staff.', 'MFA is required.', 'Reviews are quarterly.', 'Owner: CISO.'),
    ],
    [
      'a line added at the end on one side and removed at the top on the other',
      base,
      lines(...base.split('\n'), 'Exceptions need approval.'),
      lines('Scope: all staff.', 'MFA is required.', 'Reviews are yearly.', 'Owner: CISO.'),
      lines('Scope: all staff.', 'MFA is required.', 'Reviews are yearly.', 'Owner: CISO.', 'Exceptions need approval.'),
    ],
    [
      'the same change on both sides',
      base,
      lines('# Access Control', 'Scope: everyone.', 'MFA is required.', 'Reviews are yearly.', 'Owner: CISO.'),
      lines('# Access Control', 'Scope: everyone.', 'MFA is required.', 'Reviews are yearly.', 'Owner: CISO.'),
      lines('# Access Control', 'Scope: everyone.', 'MFA is required.', 'Reviews are yearly.', 'Owner: CISO.'),
    ],
    ['an empty base, text only on one side', '', 'New policy', '', 'New policy'],
  ])('merges cleanly: %s', async (_name, b, ours, theirs, expected) => {
    expect(await merge(b, ours, theirs)).toEqual({ clean: true, text: expected });
  });

  it.each([
    [
      'the same line changed differently',
      base,
      lines('# Access Control', 'Scope: all staff.', 'MFA is required for VPN.', 'Reviews are yearly.', 'Owner: CISO.'),
      lines('# Access Control', 'Scope: all staff.', 'MFA is required for email.', 'Reviews are yearly.', 'Owner: CISO.'),
    ],
    [
      'one side deletes a line the other edits',
      base,
      lines('# Access Control', 'Scope: all staff.', 'Reviews are yearly.', 'Owner: CISO.'),
      lines('# Access Control', 'Scope: all staff.', 'MFA is required (hardware keys).', 'Reviews are yearly.', 'Owner: CISO.'),
    ],
    ['both sides write a first draft', '', 'Draft A', 'Draft B'],
  ])('reports a conflict: %s', async (_name, b, ours, theirs) => {
    expect(await merge(b, ours, theirs)).toEqual({ clean: false });
  });
});
