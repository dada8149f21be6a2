// GoTrue's TOTP factor endpoints (supabase/auth internal/api/mfa.go), as supabase-js v2's
// `auth.mfa.*` calls them:
//   POST   /factors                 enroll: { id, type: 'totp', friendly_name, totp: { qr_code (SVG), secret, uri } }
//   POST   /factors/{id}/challenge  { id, type, expires_at }
//   POST   /factors/{id}/verify     { challenge_id, code } -> a new session token at aal2, amr totp + password
//   DELETE /factors/{id}            { id }; a verified factor needs an aal2 session
// As GoTrue: a verified challenge cannot be used again; a challenge expires after 300 s; two
// factors cannot share a friendly name (two unnamed ones share ''), at most 10 factors;
// enrolling another factor once one is verified needs aal2; a successful verify upgrades
// the session, rotates its refresh token, ends the user's other aal1 sessions and drops
// their other unverified TOTP factors; unenrolling downgrades the sessions that factor raised.
// Stand-in's own: 10 wrong codes in a row on a factor lock its verify for a cool-down
// (MfaOptions.cooldownMs, default 5 minutes) with GoTrue's 429 over_request_rate_limit.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Secret, TOTP } from 'otpauth';
import type pg from 'pg';
import QRCode from 'qrcode';
import type { Authenticated } from './auth.ts';
import { authError } from './auth-errors.ts';
import { readJson, sendJson } from './http.ts';
import type { Sessions } from './sessions.ts';
import { userById } from './users.ts';

export interface MfaOptions {
  /** How long verify stays refused after too many wrong codes (default 5 minutes). */
  cooldownMs?: number;
  /** Shown in the authenticator app when the client names none (GoTrue: the site URL's host). */
  issuer: string;
}

export const MAX_FAILED_VERIFIES = 10;
const CHALLENGE_SECONDS = 300;
const UNVERIFIED_FACTOR_SECONDS = 300;
const MAX_FACTORS = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface FactorRow {
  id: string;
  user_id: string;
  friendly_name: string | null;
  factor_type: string;
  status: 'verified' | 'unverified';
  secret: string;
  failed_verify_attempts: number;
  verify_locked_until: Date | null;
}

function totpFor(secret: string, issuer: string, label: string): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

export class MfaRoutes {
  private readonly cooldownMs: number;

  constructor(
    private readonly pool: pg.Pool,
    private readonly sessions: Sessions,
    private readonly options: MfaOptions,
  ) {
    this.cooldownMs = options.cooldownMs ?? 5 * 60_000;
  }

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    who: Authenticated,
    headers: Record<string, string>,
  ): Promise<void> {
    const parts = path.split('/').filter((p) => p.length > 0); // ['factors', id?, action?]
    if (req.method === 'POST' && parts.length === 1) return sendJson(res, 200, await this.enroll(req, who), headers);
    if (parts.length < 2 || parts.length > 3) throw authError(404, 'not_found', `no auth route ${req.method} ${path}`);
    const factorId = parts[1]!;
    if (!UUID.test(factorId)) throw authError(404, 'validation_failed', 'factor_id must be an UUID');
    const action = parts[2];
    if (req.method === 'POST' && action === 'challenge') {
      return sendJson(res, 200, await this.challenge(req, who, factorId), headers);
    }
    if (req.method === 'POST' && action === 'verify') return sendJson(res, 200, await this.verify(req, who, factorId), headers);
    if (req.method === 'DELETE' && action === undefined) return sendJson(res, 200, await this.unenroll(who, factorId), headers);
    throw authError(404, 'not_found', `no auth route ${req.method} ${path}`);
  }

  private async ownedFactor(db: pg.Pool | pg.PoolClient, who: Authenticated, factorId: string, lock = false) {
    const r = await db.query<FactorRow>(
      `select * from auth.mfa_factors where id = $1 and user_id = $2 ${lock ? 'for update' : ''}`,
      [factorId, who.user.id],
    );
    if (!r.rows[0]) throw authError(404, 'mfa_factor_not_found', 'Factor not found');
    return r.rows[0];
  }

  private async enroll(req: IncomingMessage, who: Authenticated) {
    const body = (await readJson(req)) as Record<string, unknown>;
    const factorType = body.factor_type;
    if (factorType === 'phone') throw authError(422, 'mfa_phone_enroll_not_enabled', 'MFA enroll is disabled for Phone');
    if (factorType === 'webauthn') throw authError(422, 'mfa_webauthn_enroll_not_enabled', 'MFA enroll is disabled for WebAuthn');
    if (factorType !== 'totp') throw authError(400, 'validation_failed', 'factor_type needs to be totp, phone, or webauthn');
    const friendlyName = typeof body.friendly_name === 'string' ? body.friendly_name : '';
    const issuer = typeof body.issuer === 'string' && body.issuer !== '' ? body.issuer : this.options.issuer;

    await this.pool.query(
      `delete from auth.mfa_factors where user_id = $1 and status = 'unverified'
       and created_at < now() - make_interval(secs => $2)`,
      [who.user.id, UNVERIFIED_FACTOR_SECONDS],
    );
    const existing = await this.pool.query<{ friendly_name: string | null; status: string }>(
      `select friendly_name, status from auth.mfa_factors where user_id = $1`,
      [who.user.id],
    );
    if (existing.rows.some((f) => (f.friendly_name ?? '') === friendlyName)) {
      throw authError(
        422,
        'mfa_factor_name_conflict',
        `A factor with the friendly name ${JSON.stringify(friendlyName)} for this user already exists`,
      );
    }
    const verified = existing.rows.filter((f) => f.status === 'verified').length;
    if (existing.rows.length >= MAX_FACTORS || verified >= MAX_FACTORS) {
      throw authError(422, 'too_many_enrolled_mfa_factors', 'Maximum number of verified factors reached, unenroll to continue');
    }
    if (verified > 0 && who.session.aal !== 'aal2') {
      throw authError(403, 'insufficient_aal', 'AAL2 required to enroll a new factor');
    }

    const secret = new Secret({ size: 20 }).base32;
    const uri = totpFor(secret, issuer, who.user.email).toString();
    const qrCode = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'H' });
    const id = randomUUID();
    await this.pool.query(
      `insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, secret)
       values ($1, $2, $3, 'totp', 'unverified', $4)`,
      [id, who.user.id, friendlyName, secret],
    );
    return { id, type: 'totp', friendly_name: friendlyName, totp: { qr_code: qrCode, secret, uri } };
  }

  private async challenge(req: IncomingMessage, who: Authenticated, factorId: string) {
    await readJson(req);
    const factor = await this.ownedFactor(this.pool, who, factorId);
    if (factor.factor_type !== 'totp')
      throw authError(400, 'validation_failed', 'factor_type needs to be totp, phone, or webauthn');
    const id = randomUUID();
    const r = await this.pool.query<{ created_at: Date }>(
      `insert into auth.mfa_challenges (id, factor_id, ip_address) values ($1, $2, $3) returning created_at`,
      [id, factorId, req.socket.remoteAddress ?? ''],
    );
    await this.pool.query(`update auth.mfa_factors set last_challenged_at = now() where id = $1`, [factorId]);
    return { id, type: 'totp', expires_at: Math.floor(r.rows[0]!.created_at.getTime() / 1000) + CHALLENGE_SECONDS };
  }

  private async verify(req: IncomingMessage, who: Authenticated, factorId: string) {
    const body = (await readJson(req)) as Record<string, unknown>;
    const code = body.code;
    if (typeof code !== 'string' || code === '') throw authError(400, 'validation_failed', 'Code needs to be non-empty');
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      // The factor row is locked for the whole attempt: concurrent guesses are counted one by one.
      const factor = await this.ownedFactor(client, who, factorId, true);
      const now = Date.now();
      if (factor.verify_locked_until && factor.verify_locked_until.getTime() > now) {
        throw authError(429, 'over_request_rate_limit', 'Request rate limit reached');
      }
      const failedSoFar = factor.verify_locked_until ? 0 : factor.failed_verify_attempts;

      const challengeId = typeof body.challenge_id === 'string' && UUID.test(body.challenge_id) ? body.challenge_id : null;
      const challenge = challengeId
        ? (
            await client.query<{ id: string; verified_at: Date | null; ip_address: string; expired: boolean }>(
              `select id, verified_at, ip_address, created_at < now() - make_interval(secs => $3) as expired
               from auth.mfa_challenges where id = $1 and factor_id = $2`,
              [challengeId, factorId, CHALLENGE_SECONDS],
            )
          ).rows[0]
        : undefined;
      if (!challenge) {
        throw authError(422, 'mfa_factor_not_found', 'MFA factor with the provided challenge ID not found');
      }
      if (challenge.verified_at !== null || challenge.ip_address !== (req.socket.remoteAddress ?? '')) {
        throw authError(422, 'mfa_ip_address_mismatch', 'Challenge and verify IP addresses mismatch.');
      }
      if (challenge.expired) {
        await client.query(`delete from auth.mfa_challenges where id = $1`, [challenge.id]);
        await client.query('commit');
        throw authError(
          422,
          'mfa_challenge_expired',
          `MFA challenge ${challenge.id} has expired, verify against another challenge or create a new challenge.`,
        );
      }

      const valid = totpFor(factor.secret, this.options.issuer, who.user.email).validate({ token: code, window: 1 }) !== null;
      if (!valid) {
        const failed = failedSoFar + 1;
        const lockedUntil = failed >= MAX_FAILED_VERIFIES ? new Date(now + this.cooldownMs) : null;
        await client.query(`update auth.mfa_factors set failed_verify_attempts = $2, verify_locked_until = $3 where id = $1`, [
          factorId,
          failed,
          lockedUntil,
        ]);
        await client.query('commit');
        throw authError(422, 'mfa_verification_failed', 'Invalid TOTP code entered');
      }

      await client.query(
        `update auth.mfa_factors set status = 'verified', failed_verify_attempts = 0, verify_locked_until = null,
         updated_at = now() where id = $1`,
        [factorId],
      );
      await client.query(`update auth.mfa_challenges set verified_at = now() where id = $1`, [challenge.id]);
      const sessionId = who.session.id;
      await client.query(`update auth.sessions set aal = 'aal2', factor_id = $2, updated_at = now() where id = $1`, [
        sessionId,
        factorId,
      ]);
      await this.sessions.addMethod(client, sessionId, 'totp');
      // GoTrue: InvalidateSessionsWithAALLessThan(aal2) and DeleteUnverifiedFactors(totp).
      await client.query(`delete from auth.sessions where user_id = $1 and aal = 'aal1' and id <> $2`, [who.user.id, sessionId]);
      await client.query(`delete from auth.mfa_factors where user_id = $1 and factor_type = 'totp' and status = 'unverified'`, [
        who.user.id,
      ]);
      // The session's refresh token is swapped for a new one (GrantRefreshTokenSwap).
      const current = await client.query<{ token: string }>(
        `update auth.refresh_tokens set revoked = true, updated_at = now()
         where session_id = $1 and not revoked returning token`,
        [sessionId],
      );
      const user = (await userById(client, who.user.id))!;
      const answer = await this.sessions.issue(client, user, sessionId, current.rows.at(-1)?.token ?? null);
      await client.query('commit');
      return answer;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async unenroll(who: Authenticated, factorId: string) {
    const factor = await this.ownedFactor(this.pool, who, factorId);
    if (factor.status === 'verified' && who.session.aal !== 'aal2') {
      throw authError(422, 'insufficient_aal', 'AAL2 required to unenroll verified factor');
    }
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      // The sessions this factor raised go back to aal1 (GoTrue's DowngradeSessionsToAAL1).
      const raised = await client.query<{ id: string }>(
        `update auth.sessions set aal = 'aal1', factor_id = null, updated_at = now() where factor_id = $1 returning id`,
        [factorId],
      );
      await client.query(`delete from auth.mfa_amr_claims where session_id = any ($1) and authentication_method = 'totp'`, [
        raised.rows.map((r) => r.id),
      ]);
      await client.query(`delete from auth.mfa_factors where id = $1`, [factorId]);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    return { id: factorId };
  }
}
