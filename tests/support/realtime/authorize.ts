// Who may join which topic, decided as Supabase Realtime decides a private channel: the JWT is
// verified with the project's secret (the gateway's own JwtKeys), then the database is asked,
// as that user (role authenticated, request.jwt.claims set, exactly as PostgREST runs a
// request), whether they are a member: private.is_org_member, the same helper every RLS policy
// uses, so a second-factor requirement and a removed membership count here too.
// Refusals carry Realtime's own words ("Unauthorized: …", "InvalidJWTToken: …").
import type pg from 'pg';
import { asClaims } from '../gateway/caller.ts';
import type { Claims, JwtKeys } from '../gateway/jwt.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Verdict = { ok: true; claims: Claims; orgId: string } | { ok: false; reason: string };

export class Refusal extends Error {}

/** The claims of a token, or Realtime's refusal in words. */
export async function verifyToken(keys: JwtKeys, token: unknown): Promise<Claims> {
  if (typeof token !== 'string' || token.split('.').length !== 3) {
    throw new Refusal('MalformedJWT: The token provided is not a valid JWT');
  }
  try {
    const claims = await keys.verify(token);
    if (typeof claims.exp !== 'number') throw new Refusal('InvalidJWTToken: Fields `role` and `exp` are required in JWT');
    return claims;
  } catch (error) {
    if (error instanceof Refusal) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWT_EXPIRED') {
      const exp = (error as { payload?: { exp?: number } }).payload?.exp ?? Math.floor(Date.now() / 1000);
      const ago = Math.max(0, Math.floor(Date.now() / 1000) - exp);
      throw new Refusal(`InvalidJWTToken: Token has expired ${ago} seconds ago`);
    }
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
      throw new Refusal('JwtSignatureError: Failed to validate JWT signature');
    throw new Refusal('MalformedJWT: The token provided is not a valid JWT');
  }
}

/** `realtime:org:<uuid>` → the org id, or null for any other topic. */
export function orgOfTopic(topic: string): string | null {
  const match = /^realtime:org:(.+)$/.exec(topic);
  return match && UUID.test(match[1]) ? match[1].toLowerCase() : null;
}

export async function authorizeJoin(pool: pg.Pool, keys: JwtKeys, topic: string, token: unknown): Promise<Verdict> {
  const subTopic = topic.replace(/^realtime:/, '');
  const unauthorized = `Unauthorized: You do not have permissions to read from this Channel topic: ${subTopic}`;
  try {
    const claims = await verifyToken(keys, token);
    const orgId = orgOfTopic(topic);
    if (!orgId || claims.role !== 'authenticated' || typeof claims.sub !== 'string') return { ok: false, reason: unauthorized };
    const member = await asClaims(pool, claims, async (client) => {
      const { rows } = await client.query<{ member: boolean }>('select private.is_org_member($1::uuid) as member', [orgId]);
      return rows[0]?.member === true;
    });
    return member ? { ok: true, claims, orgId } : { ok: false, reason: unauthorized };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.message };
    return { ok: false, reason: 'UnableToConnectToProject: Realtime was unable to connect to the project database' };
  }
}
