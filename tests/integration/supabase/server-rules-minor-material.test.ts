// One definition of "minor fix" for the app and the server: every case of the shared table
// goes through the app's rule (policy-diff.ts changedSpan, MINOR_FIX_MAX_CHARS, title unchanged)
// and through the server's SQL (private.changed_span, private.is_minor_fix) on PostgreSQL 15,
// and both must give the span and the verdict the table states.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINOR_FIX_MAX_CHARS } from '../../../src-main/core/policies/policies-service';
import { changedSpan } from '../../../src-main/core/policies/policy-diff';
import { fromPg } from '../../support/db.ts';
import { applyMigrations, repoRoot } from '../../support/migrations.ts';
import { startPostgres, type PostgresServer } from '../../support/postgres.ts';

interface Case {
  name: string;
  oldTitle: string;
  newTitle: string;
  oldBody: string;
  newBody: string;
  span: number;
  minor: boolean;
}

const { cases } = JSON.parse(readFileSync(join(repoRoot, 'tests', 'fixtures', 'minor-material-cases.json'), 'utf8')) as {
  cases: Case[];
};

/** The app's rule, as policies-service.ts applies it to a minor fix. */
const appSaysMinor = (c: Case) => c.newTitle === c.oldTitle && changedSpan(c.oldBody, c.newBody) <= MINOR_FIX_MAX_CHARS;

let server: PostgresServer;
let client: pg.Client;

beforeAll(async () => {
  server = await startPostgres();
  client = new pg.Client({ connectionString: server.url });
  await client.connect();
  await applyMigrations(fromPg(client));
});

afterAll(async () => {
  await client?.end();
  await server?.stop();
});

describe('minor versus material: app and server agree', () => {
  it('has cases on both sides of the limit', () => {
    expect(cases.some((c) => c.minor)).toBe(true);
    expect(cases.some((c) => !c.minor)).toBe(true);
    expect(cases.some((c) => c.span === MINOR_FIX_MAX_CHARS)).toBe(true);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const r = await client.query<{ span: number; minor: boolean }>(
      `select private.changed_span($1, $2) as span, private.is_minor_fix($3, $4, $1, $2) as minor`,
      [c.oldBody, c.newBody, c.oldTitle, c.newTitle],
    );
    const sql = r.rows[0]!;
    expect({ span: changedSpan(c.oldBody, c.newBody), minor: appSaysMinor(c) }).toEqual({ span: c.span, minor: c.minor });
    expect(sql).toEqual({ span: c.span, minor: c.minor });
  });
});
