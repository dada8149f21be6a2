// Runs a piece of work the way PostgREST does for each request: one transaction, the API role
// from the JWT set with `set local role`, the claims in `request.jwt.claims`.
import type { IncomingMessage } from 'node:http';
import type pg from 'pg';
import { HttpError, bearer } from './http.ts';
import type { Claims, JwtKeys } from './jwt.ts';

export async function claimsOf(req: IncomingMessage, keys: JwtKeys): Promise<Claims> {
  const token = bearer(req);
  if (!token) throw new HttpError(401, { code: 'PGRST301', message: 'No API key found in request', details: null, hint: null });
  try {
    return await keys.verify(token);
  } catch (error) {
    const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
    throw new HttpError(401, {
      code: expired ? 'PGRST303' : 'PGRST301',
      message: expired ? 'JWT expired' : 'JWT invalid',
      details: null,
      hint: null,
    });
  }
}

export async function asClaims<T>(
  pool: pg.Pool,
  claims: Claims,
  work: (client: pg.PoolClient) => Promise<T>,
  afterCommit?: () => void,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [
      claims.role,
      JSON.stringify(claims),
    ]);
    const value = await work(client);
    await client.query('commit');
    afterCommit?.();
    return value;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** PostgREST's answer for a database error: its JSON shape and HTTP status. */
export function postgrestError(error: unknown, role: string): HttpError {
  if (error instanceof HttpError) return error;
  const e = error as { code?: string; message?: string; detail?: string; hint?: string };
  const code = e.code ?? '';
  let status = 500;
  if (code === '42501') status = role === 'anon' ? 401 : 403;
  else if (code === 'P0001' || code.startsWith('22') || code === '23502' || code === '23514') status = 400;
  else if (code === '23503' || code === '23505') status = 409;
  else if (code === '42883' || code === '42P01') status = 404;
  else if (code.startsWith('40')) status = 409;
  return new HttpError(status, { code, message: e.message ?? 'error', details: e.detail ?? null, hint: e.hint ?? null });
}
