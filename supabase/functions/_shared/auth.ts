// Who is calling: the user's access token is checked by Supabase Auth itself (GET /auth/v1/user),
// so a function never trusts a token it has not had verified.
import { HttpError } from './http.ts';

export interface CallerUser {
  id: string;
  email: string | null;
  token: string;
}

export async function requireUser(
  req: Request,
  supabaseUrl: string,
  anonKey: string,
  fetchFn: typeof fetch = fetch,
): Promise<CallerUser> {
  const header = req.headers.get('authorization') ?? '';
  const match = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(header);
  if (!match) throw new HttpError(401, 'sign in first: missing bearer token');
  const token = match[1]!;
  const answer = await fetchFn(`${supabaseUrl}/auth/v1/user`, {
    headers: { authorization: `Bearer ${token}`, apikey: anonKey },
  });
  if (answer.status === 401 || answer.status === 403) throw new HttpError(401, 'invalid or expired session');
  if (!answer.ok) throw new HttpError(502, `auth service answered ${answer.status}`);
  const user = (await answer.json()) as { id?: unknown; email?: unknown };
  if (typeof user.id !== 'string') throw new HttpError(502, 'auth service answered without a user');
  return { id: user.id, email: typeof user.email === 'string' ? user.email : null, token };
}
