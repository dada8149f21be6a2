// Sessions as GoTrue keeps them: one row per sign-in with its assurance level and the ways it
// was authenticated (amr), refresh tokens that rotate within it, and the access token minted
// from that row, so a refreshed token keeps the aal it had. The test-only tamper modes that
// touch tokens are applied here, at the one place tokens are signed.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { JwtKeys, type Claims } from './jwt.ts';
import type { Tamper } from './tamper.ts';
import { userJson, type UserRow } from './users.ts';

export const ACCESS_TOKEN_SECONDS = 3600;

type Queryable = pg.Pool | pg.PoolClient;

export interface SessionRow {
  id: string;
  user_id: string;
  aal: 'aal1' | 'aal2';
  factor_id: string | null;
}

export class Sessions {
  /** Signs tokens nobody can verify, for the 'forged-tokens' tamper mode. */
  private readonly forger = new JwtKeys(randomBytes(32).toString('base64url'));

  constructor(
    private readonly keys: JwtKeys,
    private readonly tamper: Tamper,
  ) {}

  /** A new aal1 session after a password sign-in. */
  async start(db: Queryable, userId: string, sessionId: string): Promise<void> {
    await db.query(`insert into auth.sessions (id, user_id, aal) values ($1, $2, 'aal1')`, [sessionId, userId]);
    await this.addMethod(db, sessionId, 'password');
  }

  async find(db: Queryable, sessionId: string): Promise<SessionRow | undefined> {
    const r = await db.query<SessionRow>(`select id, user_id, aal, factor_id from auth.sessions where id = $1`, [sessionId]);
    return r.rows[0];
  }

  /** Records (or renews) an authentication method of the session. */
  async addMethod(db: Queryable, sessionId: string, method: 'password' | 'totp'): Promise<void> {
    await db.query(
      `insert into auth.mfa_amr_claims (session_id, authentication_method) values ($1, $2)
       on conflict (session_id, authentication_method) do update set updated_at = now()`,
      [sessionId, method],
    );
  }

  /** GoTrue's token answer: a new refresh token in the session and an access token from its row. */
  async issue(db: Queryable, user: UserRow, sessionId: string, parent: string | null) {
    const session = await this.find(db, sessionId);
    if (!session) throw new Error(`session ${sessionId} vanished while issuing a token`);
    const refresh = randomBytes(24).toString('base64url');
    await db.query(`insert into auth.refresh_tokens (token, user_id, parent, session_id) values ($1, $2, $3, $4)`, [
      refresh,
      user.id,
      parent,
      sessionId,
    ]);
    await db.query(`update auth.sessions set refreshed_at = now(), updated_at = now() where id = $1`, [sessionId]);
    const amr = await db.query<{ method: string; timestamp: number }>(
      `select authentication_method as method, extract(epoch from updated_at)::bigint::int as timestamp
       from auth.mfa_amr_claims where session_id = $1 order by updated_at desc, authentication_method`,
      [sessionId],
    );
    const claims: Claims = {
      role: 'authenticated',
      aud: 'authenticated',
      sub: user.id,
      email: user.email,
      session_id: sessionId,
      aal: session.aal,
      amr: amr.rows,
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: user.raw_user_meta_data,
      is_anonymous: false,
    };
    return {
      access_token: await this.sign(claims),
      token_type: 'bearer',
      expires_in: ACCESS_TOKEN_SECONDS,
      expires_at: Math.floor(Date.now() / 1000) + ACCESS_TOKEN_SECONDS,
      refresh_token: refresh,
      user: await userJson(db, user),
    };
  }

  private sign(claims: Claims): Promise<string> {
    if (this.tamper.mode === 'forged-tokens') return this.forger.sign(claims, ACCESS_TOKEN_SECONDS);
    if (this.tamper.mode === 'expired-tokens') return this.keys.sign(claims, -60);
    return this.keys.sign(claims, ACCESS_TOKEN_SECONDS);
  }
}
