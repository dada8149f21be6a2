// The parts of GoTrue the app uses: password and refresh-token grants (refresh tokens rotate:
// each is good once, and reusing a spent one revokes the session), the current user, logout.
import { randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type pg from 'pg';
import { HttpError, bearer, readJson, sendJson } from './http.ts';
import type { JwtKeys } from './jwt.ts';

const ACCESS_TOKEN_SECONDS = 3600;

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64')}$${scryptSync(password, salt, 32).toString('base64')}`;
}

function passwordMatches(password: string, stored: string | null): boolean {
  const [scheme, salt, hash] = (stored ?? '').split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(expected, actual);
}

interface UserRow {
  id: string;
  email: string;
  encrypted_password: string | null;
  raw_app_meta_data: Record<string, unknown>;
  raw_user_meta_data: Record<string, unknown>;
  created_at: Date;
  last_sign_in_at: Date | null;
}

function userJson(u: UserRow) {
  return {
    id: u.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: u.email,
    email_confirmed_at: u.created_at,
    app_metadata: { provider: 'email', providers: ['email'], ...u.raw_app_meta_data },
    user_metadata: u.raw_user_meta_data,
    identities: [],
    created_at: u.created_at,
    updated_at: u.created_at,
    last_sign_in_at: u.last_sign_in_at,
  };
}

function authError(status: number, errorCode: string, msg: string): HttpError {
  return new HttpError(status, { code: status, error_code: errorCode, msg, error: errorCode, error_description: msg });
}

export class AuthRoutes {
  constructor(
    private readonly pool: pg.Pool,
    private readonly keys: JwtKeys,
  ) {}

  private async session(user: UserRow, sessionId: string, parent: string | null) {
    const refresh = randomBytes(24).toString('base64url');
    await this.pool.query(`insert into auth.refresh_tokens (token, user_id, parent, session_id) values ($1, $2, $3, $4)`, [
      refresh,
      user.id,
      parent,
      sessionId,
    ]);
    const accessToken = await this.keys.sign(
      {
        role: 'authenticated',
        aud: 'authenticated',
        sub: user.id,
        email: user.email,
        session_id: sessionId,
        app_metadata: { provider: 'email' },
        user_metadata: user.raw_user_meta_data,
      },
      ACCESS_TOKEN_SECONDS,
    );
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: ACCESS_TOKEN_SECONDS,
      expires_at: Math.floor(Date.now() / 1000) + ACCESS_TOKEN_SECONDS,
      refresh_token: refresh,
      user: userJson(user),
    };
  }

  private async userById(id: string): Promise<UserRow | undefined> {
    const r = await this.pool.query<UserRow>(`select * from auth.users where id = $1`, [id]);
    return r.rows[0];
  }

  async handle(req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> {
    const headers = { 'x-supabase-api-version': '2024-01-01' };
    if (req.method === 'POST' && path === '/token') {
      const body = (await readJson(req)) as Record<string, unknown>;
      const grant = url.searchParams.get('grant_type');
      if (grant === 'password') {
        const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
        const password = typeof body.password === 'string' ? body.password : '';
        const r = await this.pool.query<UserRow>(`select * from auth.users where lower(email) = $1`, [email]);
        const user = r.rows[0];
        if (!user || !passwordMatches(password, user.encrypted_password)) {
          throw authError(400, 'invalid_credentials', 'Invalid login credentials');
        }
        await this.pool.query(`update auth.users set last_sign_in_at = now() where id = $1`, [user.id]);
        return sendJson(res, 200, await this.session(user, randomUUID(), null), headers);
      }
      if (grant === 'refresh_token') {
        const token = typeof body.refresh_token === 'string' ? body.refresh_token : '';
        // Spend the token atomically: two concurrent refreshes with the same token cannot both win.
        const spent = await this.pool.query<{ user_id: string; session_id: string }>(
          `update auth.refresh_tokens set revoked = true, updated_at = now()
           where token = $1 and not revoked returning user_id, session_id`,
          [token],
        );
        if (spent.rows.length === 0) {
          const known = await this.pool.query<{ session_id: string }>(
            `select session_id from auth.refresh_tokens where token = $1`,
            [token],
          );
          if (known.rows[0]) {
            // Reuse of a spent token: assume it leaked, end the whole session.
            await this.pool.query(`update auth.refresh_tokens set revoked = true where session_id = $1`, [
              known.rows[0].session_id,
            ]);
            throw authError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
          }
          throw authError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
        }
        const user = await this.userById(spent.rows[0]!.user_id);
        if (!user) throw authError(400, 'user_not_found', 'User not found');
        return sendJson(res, 200, await this.session(user, spent.rows[0]!.session_id, token), headers);
      }
      throw authError(400, 'validation_failed', 'unsupported grant_type');
    }
    if (req.method === 'GET' && path === '/user') {
      const claims = await this.claims(req);
      const user = claims?.sub ? await this.userById(claims.sub) : undefined;
      if (!user) throw authError(401, 'bad_jwt', 'invalid JWT');
      return sendJson(res, 200, userJson(user), headers);
    }
    if (req.method === 'POST' && path === '/logout') {
      const claims = await this.claims(req);
      if (!claims?.session_id) throw authError(401, 'bad_jwt', 'invalid JWT');
      await this.pool.query(`update auth.refresh_tokens set revoked = true where session_id = $1`, [claims.session_id]);
      res.writeHead(204, headers).end();
      return;
    }
    throw authError(404, 'not_found', `no auth route ${req.method} ${path}`);
  }

  private async claims(req: IncomingMessage) {
    const token = bearer(req);
    if (!token) return null;
    try {
      const claims = await this.keys.verify(token);
      return claims.role === 'authenticated' ? claims : null;
    } catch {
      return null;
    }
  }
}
