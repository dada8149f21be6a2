// The session-info function's logic, apart from Deno.serve so tests can call it with a caller of
// their own: the signed-in user, the device that signed the request, and the user's
// organizations and roles, as the server sees them (read as the caller, so RLS decides).
import type { Caller } from '../_shared/guard.ts';
import { json } from '../_shared/http.ts';

export async function sessionInfo(req: Request, caller: Caller): Promise<Response> {
  if (req.method !== 'GET' && req.method !== 'POST') return json(405, { code: 'method_not_allowed', message: 'use GET or POST' });
  const { data, error } = await caller.db.rpc('my_memberships', {});
  if (error) return json(502, { code: 'database_unavailable', message: 'the database did not answer the memberships' });
  return json(200, {
    user_id: caller.userId,
    email: caller.email,
    device_id: caller.deviceId,
    org_id: caller.orgId,
    memberships: data,
  });
}
