// The parts of GoTrue the app uses: password and refresh-token grants (refresh tokens rotate:
// each is good once, and reusing a spent one revokes the session), the current user with
// their factors, logout (scope global, local or others), and the MFA factor routes
// (mfa.ts). Tokens carry `aal` and `amr` from the session row (sessions.ts).
import { randomUUID, scryptSync, timingSafeEqual, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type pg from 'pg';
import { authError } from './auth-errors.ts';
import { bearer, readJson, sendJson } from './http.ts';
import type { Claims, JwtKeys } from './jwt.ts';
import { MfaRoutes, type MfaOptions } from './mfa.ts';
import { Sessions, type SessionRow } from './sessions.ts';
import type { Tamper } from './tamper.ts';
import { userById, userJson, type UserRow } from './users.ts';

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

/** Who is calling an endpoint that needs a signed-in user, as GoTrue's requireAuthentication finds them. */
export interface Authenticated {
  claims: Claims;
  user: UserRow;
  session: SessionRow;
}

const HEADERS = { 'x-supabase-api-version': '2024-01-01' };

export class AuthRoutes {
  private readonly sessions: Sessions;
  private readonly mfa: MfaRoutes;

  constructor(
    private readonly pool: pg.Pool,
    private readonly keys: JwtKeys,
    private readonly tamper: Tamper,
    mfaOptions: MfaOptions,
  ) {
    this.sessions = new Sessions(keys, tamper);
    this.mfa = new MfaRoutes(pool, this.sessions, mfaOptions);
  }

  async handle(req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> {
    if (req.method === 'POST' && path === '/token') {
      if (this.tamper.mode === 'token-500') {
        this.tamper.token500s++;
        return sendJson(res, 500, { code: 500, msg: 'Database error granting user' });
      }
      return this.token(req, res, url);
    }
    // GoTrue's public settings (no session needed): what the app probes to know it reached a Supabase project.
    if (req.method === 'GET' && path === '/settings') {
      return sendJson(
        res,
        200,
        {
          external: { anonymous_users: false, email: true, phone: false },
          disable_signup: true,
          mailer_autoconfirm: false,
          phone_autoconfirm: false,
          sms_provider: '',
          saml_enabled: false,
        },
        HEADERS,
      );
    }
    if (req.method === 'GET' && path === '/user') {
      const { user } = await this.authenticate(req);
      return sendJson(res, 200, await userJson(this.pool, user), HEADERS);
    }
    if (req.method === 'POST' && path === '/logout') return this.logout(req, res, url);
    if (path === '/factors' || path.startsWith('/factors/')) {
      const who = await this.authenticate(req);
      return this.mfa.handle(req, res, path, who, HEADERS);
    }
    throw authError(404, 'not_found', `no auth route ${req.method} ${path}`);
  }

  private async token(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
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
      const sessionId = randomUUID();
      await this.sessions.start(this.pool, user.id, sessionId);
      return sendJson(res, 200, await this.sessions.issue(this.pool, user, sessionId, null), HEADERS);
    }
    if (grant === 'refresh_token') {
      const token = typeof body.refresh_token === 'string' ? body.refresh_token : '';
      // Spend the token and issue its successor in one transaction, as GoTrue does: a database
      // that goes away in between leaves the token unspent, to be tried again.
      const db = await this.pool.connect();
      let issued: unknown;
      let failed = false;
      try {
        await db.query('begin');
        const spent = await db.query<{ user_id: string; session_id: string }>(
          `update auth.refresh_tokens set revoked = true, updated_at = now()
           where token = $1 and not revoked returning user_id, session_id`,
          [token],
        );
        if (spent.rows.length === 0) {
          const known = await db.query<{ session_id: string }>(`select session_id from auth.refresh_tokens where token = $1`, [
            token,
          ]);
          if (known.rows[0]) {
            // Reuse of a spent token: assume it leaked, end the whole session.
            await db.query(`update auth.refresh_tokens set revoked = true where session_id = $1`, [known.rows[0].session_id]);
            await db.query('commit');
            throw authError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
          }
          throw authError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
        }
        const user = await userById(db, spent.rows[0]!.user_id);
        if (!user) throw authError(400, 'user_not_found', 'User not found');
        // The new access token is minted from the session row: it keeps the session's aal.
        issued = await this.sessions.issue(db, user, spent.rows[0]!.session_id, token);
        await db.query('commit');
      } catch (error) {
        failed = true;
        await db.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        // A connection that failed mid-transaction (database restarted) is not handed out again.
        db.release(failed);
      }
      return sendJson(res, 200, issued, HEADERS);
    }
    throw authError(400, 'validation_failed', 'unsupported grant_type');
  }

  private async logout(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const { claims, user } = await this.authenticate(req);
    const scope = url.searchParams.get('scope') ?? 'global';
    // Deleting a session deletes its refresh tokens (foreign key), as in GoTrue.
    if (scope === 'local') {
      await this.pool.query(`delete from auth.sessions where id = $1`, [claims.session_id]);
    } else if (scope === 'others') {
      await this.pool.query(`delete from auth.sessions where user_id = $1 and id <> $2`, [user.id, claims.session_id]);
    } else if (scope === 'global') {
      await this.pool.query(`delete from auth.sessions where user_id = $1`, [user.id]);
    } else {
      throw authError(400, 'validation_failed', 'Unsupported logout scope, use global, local or others');
    }
    res.writeHead(204, HEADERS).end();
  }

  /** The caller's verified token, user and live session, or GoTrue's refusal. */
  private async authenticate(req: IncomingMessage): Promise<Authenticated> {
    const token = bearer(req);
    if (!token) throw authError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
    let claims: Claims;
    try {
      claims = await this.keys.verify(token);
    } catch (error) {
      throw authError(403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${(error as Error).message}`);
    }
    if (claims.role !== 'authenticated' || !claims.sub) throw authError(403, 'bad_jwt', 'invalid claim: missing sub claim');
    const user = await userById(this.pool, claims.sub);
    if (!user) throw authError(403, 'user_not_found', 'User from sub claim in JWT does not exist');
    const session = claims.session_id ? await this.sessions.find(this.pool, claims.session_id) : undefined;
    if (!session || session.user_id !== user.id) {
      throw authError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
    }
    return { claims, user, session };
  }
}
