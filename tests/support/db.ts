// One small query interface over a real Postgres connection (pg) and PGlite, and the way
// every server test acts as a caller: inside a transaction, `set local role` to the API role
// and the JWT claims in `request.jwt.claims`, exactly as PostgREST does for each request.
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Db {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  exec(sql: string): Promise<unknown>;
}

export function fromPg(client: pg.Client | pg.PoolClient): Db {
  return {
    async query<R>(sql: string, params: unknown[] = []) {
      const result = await client.query(sql, params);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
    exec: (sql) => client.query(sql),
  };
}

export function fromPglite(db: PGlite): Db {
  return {
    async query<R>(sql: string, params: unknown[] = []) {
      const result = await db.query<R>(sql, params);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    exec: (sql) => db.exec(sql),
  };
}

/** Who is calling: anon, or a signed-in user by id, at the assurance level their token says. */
export type Caller = { kind: 'anon' } | { kind: 'user'; id: string; email?: string; aal?: 'aal1' | 'aal2' };

export function claimsFor(caller: Caller): Record<string, unknown> {
  if (caller.kind === 'anon') return { role: 'anon' };
  return {
    sub: caller.id,
    role: 'authenticated',
    aud: 'authenticated',
    email: caller.email ?? null,
    ...(caller.aal ? { aal: caller.aal } : {}),
  };
}

/**
 * Runs fn as the caller in a transaction that is rolled back afterwards (unless commit),
 * so each access check starts from the same data.
 */
export async function asCaller<T>(
  db: Db,
  caller: Caller,
  fn: (db: Db) => Promise<T>,
  options: { commit?: boolean } = {},
): Promise<T> {
  await db.exec('begin');
  try {
    await db.query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [
      caller.kind === 'anon' ? 'anon' : 'authenticated',
      JSON.stringify(claimsFor(caller)),
    ]);
    const value = await fn(db);
    await db.exec(options.commit ? 'commit' : 'rollback');
    return value;
  } catch (error) {
    await db.exec('rollback');
    throw error;
  }
}

export async function createAuthUser(db: Db, id: string, email: string, passwordHash = ''): Promise<void> {
  await db.query(`insert into auth.users (id, email, encrypted_password) values ($1, $2, $3)`, [id, email, passwordHash]);
}
