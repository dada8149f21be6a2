// The damaged-file reports (20260101001850) over every caller of the access-matrix world, on
// PGlite: members report and list, only those who may overwrite evidence files mark one
// repaired (owner, admin, compliance officer: the app's own list, so this is the parity check),
// bad input is refused in words, and another org's members see nothing.
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asCaller, fromPglite, type Db } from '../../support/db.ts';
import { applyMigrations } from '../../support/migrations.ts';
import { REPAIRERS as CLIENT_REPAIRERS } from '../../../src-main/core/transfers/repair.ts';
import { ACTORS, callerOf, seedWorld, type Actor, type World } from './access-fixture.ts';

let pglite: PGlite;
let db: Db;
let world: World;

beforeAll(async () => {
  pglite = new PGlite();
  db = fromPglite(pglite);
  await applyMigrations(db);
  world = await seedWorld(db);
});
afterAll(async () => {
  await pglite?.close();
});

type Answer = { rows: Record<string, unknown>[] } | { code: string; message: string };

async function as(actor: Actor, sql: string, params: unknown[] = []): Promise<Answer> {
  try {
    const rows = await asCaller(
      db,
      callerOf(world, actor),
      async (tx) => (await tx.query<Record<string, unknown>>(sql, params)).rows,
      {
        commit: true,
      },
    );
    return { rows };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (!e.code) throw error;
    return { code: e.code, message: e.message ?? '' };
  }
}

const SHA = 'a'.repeat(64);
const MEMBERS: Actor[] = ['owner', 'admin', 'compliance_officer', 'auditor', 'viewer'];
// Parity: the app queues a repair only for these roles (src-main/core/transfers/repair.ts).
const REPAIRERS: Actor[] = [...CLIENT_REPAIRERS];

describe('damaged files', () => {
  it('members report and list; anyone else is refused in words', async () => {
    for (const actor of ACTORS) {
      const answer = await as(actor, 'select public.report_damaged_file($1, $2)', [world.orgA, SHA]);
      if (MEMBERS.includes(actor)) expect(answer).toMatchObject({ rows: [expect.anything()] });
      // anon may not call it at all; a signed-in outsider hears why.
      else if (actor === 'anon') expect(answer).toMatchObject({ code: '42501' });
      else expect(answer).toMatchObject({ code: '42501', message: 'not a member of this organization' });
    }
    for (const actor of ACTORS) {
      const answer = await as(actor, 'select sha256 from public.damaged_files($1)', [world.orgA]);
      if (MEMBERS.includes(actor)) expect(answer).toEqual({ rows: [{ sha256: SHA }] });
      else expect(answer).toMatchObject({ code: '42501' });
    }
    // Another organization's list does not show it.
    expect(await as('outsider', 'select sha256 from public.damaged_files($1)', [world.orgB])).toMatchObject({ rows: [] });
  });

  it('refuses a name that is not a SHA-256, and the table is not reachable directly', async () => {
    expect(await as('owner', 'select public.report_damaged_file($1, $2)', [world.orgA, '../../etc/passwd'])).toMatchObject({
      code: '22023',
      message: 'a file is named by a SHA-256 of 64 lowercase hex characters',
    });
    expect(await as('owner', 'select * from private.damaged_files')).toMatchObject({ code: '42501' });
  });

  it('only an owner, admin or compliance officer marks a file repaired; the report then closes', async () => {
    for (const actor of ACTORS.filter((a) => !REPAIRERS.includes(a))) {
      expect(await as(actor, 'select public.file_repaired($1, $2) as v', [world.orgA, SHA])).toMatchObject({ code: '42501' });
    }
    expect(await as('compliance_officer', 'select public.file_repaired($1, $2) as v', [world.orgA, SHA])).toEqual({
      rows: [{ v: true }],
    });
    expect(await as('viewer', 'select sha256 from public.damaged_files($1)', [world.orgA])).toEqual({ rows: [] });
    expect(await as('admin', 'select public.file_repaired($1, $2) as v', [world.orgA, SHA])).toEqual({ rows: [{ v: false }] });
    // Reported again (damaged again): open again.
    await as('viewer', 'select public.report_damaged_file($1, $2)', [world.orgA, SHA]);
    expect(await as('owner', 'select sha256 from public.damaged_files($1)', [world.orgA])).toEqual({ rows: [{ sha256: SHA }] });
  });
});
