// The session-info function's logic, apart from Deno.serve so tests can call it with fetch stubbed:
// the signed-in user and their organizations and roles, as the server sees them.
import { requireUser } from '../_shared/auth.ts';
import { requireEnv } from '../_shared/env.ts';
import { corsHeaders, HttpError, json } from '../_shared/http.ts';

export async function handle(req: Request, fetchFn: typeof fetch = fetch): Promise<Response> {
  if (req.method === 'OPTIONS') return new Response(null, { status: 204, headers: corsHeaders });
  if (req.method !== 'GET' && req.method !== 'POST') return json(405, { message: 'use GET or POST' });
  try {
    const supabaseUrl = requireEnv('SUPABASE_URL');
    const anonKey = requireEnv('SUPABASE_ANON_KEY');
    const user = await requireUser(req, supabaseUrl, anonKey, fetchFn);
    const answer = await fetchFn(`${supabaseUrl}/rest/v1/rpc/my_memberships`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, apikey: anonKey, 'content-type': 'application/json' },
      body: '{}',
    });
    if (!answer.ok) throw new HttpError(502, `database answered ${answer.status}`);
    return json(200, { user_id: user.id, email: user.email, memberships: await answer.json() });
  } catch (error) {
    if (error instanceof HttpError) return json(error.status, { message: error.message });
    return json(500, { message: 'internal error' });
  }
}
