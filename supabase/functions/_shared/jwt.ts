// The user's access token, checked here with the project's JWT secret (jose, HS256): signature,
// `aud` 'authenticated' and `exp`. Supabase Auth issues these tokens; a function trusts none it
// has not verified, and says which of missing, invalid or expired it was.
import { errors, jwtVerify } from 'npm:jose@6';
import { GuardError } from './signed-request.ts';

export interface TokenUser {
  userId: string;
  email: string | null;
  token: string;
}

const BEARER = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

export function bearerToken(headers: Headers): string {
  const header = headers.get('authorization') ?? '';
  if (!header) throw new GuardError('missing_token', 'sign in first: this request carries no access token');
  const match = BEARER.exec(header);
  if (!match) throw new GuardError('invalid_token', 'the access token is not a well-formed bearer token');
  return match[1]!;
}

export async function verifyAccessToken(token: string, secret: string, nowSeconds?: number): Promise<TokenUser> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      currentDate: nowSeconds === undefined ? undefined : new Date(nowSeconds * 1000),
      requiredClaims: ['exp'],
    });
    // The project's anon key is a valid token of nobody: the caller has not signed in.
    if ((payload as { role?: unknown }).role === 'anon')
      throw new GuardError('missing_token', 'sign in first: this request carries the project key, not a session');
    const audience = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!audience.includes('authenticated'))
      throw new GuardError('invalid_token', 'the access token is not for a signed-in user');
    if (typeof payload.sub !== 'string' || payload.sub === '')
      throw new GuardError('invalid_token', 'the access token names no user');
    const email = (payload as { email?: unknown }).email;
    return { userId: payload.sub, email: typeof email === 'string' && email !== '' ? email : null, token };
  } catch (error) {
    if (error instanceof GuardError) throw error;
    if (error instanceof errors.JWTExpired)
      throw new GuardError('expired_token', 'the session has expired: sign in again (the app refreshes it by itself)');
    throw new GuardError('invalid_token', 'the access token is not valid for this project');
  }
}
