// HS256 tokens as GoTrue issues them: the anon and service-role keys, and users' access tokens.
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';

export interface Claims extends JWTPayload {
  role: 'anon' | 'authenticated' | 'service_role';
  sub?: string;
  email?: string;
  session_id?: string;
  /** Authenticator assurance level: 'aal1' after a password, 'aal2' after a TOTP code. */
  aal?: 'aal1' | 'aal2';
  /** How the session was authenticated, most recent first (GoTrue's amr claim). */
  amr?: { method: string; timestamp: number }[];
}

export class JwtKeys {
  private readonly key: Uint8Array;

  constructor(readonly secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async sign(claims: Claims, expiresInSeconds: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(now)
      .setExpirationTime(now + expiresInSeconds)
      .setIssuer('supabase-local')
      .sign(this.key);
  }

  /** Throws when the token is malformed, badly signed or expired. */
  async verify(token: string): Promise<Claims> {
    const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'] });
    const role = payload.role;
    if (role !== 'anon' && role !== 'authenticated' && role !== 'service_role') throw new Error('unknown role');
    return payload as Claims;
  }
}
