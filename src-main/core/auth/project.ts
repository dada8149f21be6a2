/**
 * Which Supabase project the app may connect to, checked before anything is saved or sent: an
 * https URL (plain http only to this computer, for a local stack), and a key that is an anon or
 * publishable key, never a service-role or secret key (which would bypass row-level security).
 */
import { AppError, ErrorCode } from '../../../src-shared/errors';

export interface Project {
  url: string;
  anonKey: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const invalid = (message: string) => new AppError(ErrorCode.InvalidInput, message);

export function checkProjectUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalid(`“${raw.trim().slice(0, 200)}” is not a web address. It looks like https://<project>.supabase.co.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw invalid('The project URL must start with https:// (plain http is allowed only for a stack on this computer).');
  }
  if (url.username || url.password) throw invalid('The project URL must not contain a user name or password.');
  if (url.search || url.hash) throw invalid('The project URL must not have a query (?…) or a fragment (#…).');
  const path = url.pathname.replace(/\/+$/, '');
  if (path !== '')
    throw invalid('The project URL is the address of the project itself, without a path (no /rest/v1 or /auth/v1).');
  return `${url.protocol}//${url.host}`;
}

function jwtRole(key: string): string | null | undefined {
  const parts = key.split('.');
  if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p))) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (!payload || typeof payload !== 'object') return undefined;
    const role = (payload as { role?: unknown }).role;
    return typeof role === 'string' ? role : null;
  } catch {
    return undefined;
  }
}

export function checkAnonKey(raw: string): string {
  const key = raw.trim();
  if (/^sb_publishable_[A-Za-z0-9_-]{10,}$/.test(key)) return key;
  if (/^sb_secret_/.test(key)) {
    throw invalid('This is a secret key, which must never be put in an app. Use the project’s publishable (anon) key.');
  }
  const role = jwtRole(key);
  if (role === undefined) {
    throw invalid('The anon key is not a JWT or a publishable key. Copy it whole from the project’s API settings.');
  }
  if (role === 'service_role') {
    throw invalid(
      'This is the service-role key, which bypasses all access rules and must never be put in an app. Use the anon key.',
    );
  }
  if (role !== 'anon')
    throw invalid(`This key is for the role “${role ?? 'none'}”, not an anon key. Use the project’s anon key.`);
  return key;
}

export const checkProject = (url: string, anonKey: string): Project => ({
  url: checkProjectUrl(url),
  anonKey: checkAnonKey(anonKey),
});

/** Words for a request that never got an answer (DNS, refused, reset, timeout). */
export function unreachable(url: string, error: unknown): AppError {
  const cause = (error as { cause?: { code?: string } })?.cause?.code ?? (error as { name?: string })?.name;
  const why =
    cause === 'ECONNREFUSED'
      ? 'nothing is listening there'
      : cause === 'ENOTFOUND' || cause === 'EAI_AGAIN'
        ? 'the name does not resolve'
        : cause === 'TimeoutError' || cause === 'AbortError'
          ? 'it did not answer in time'
          : 'the connection failed';
  return new AppError(ErrorCode.Offline, `Cannot reach ${new URL(url).host}: ${why}. Check the address and your network.`);
}

/**
 * Asks the project's Auth service for its public settings, as GoTrue serves them at
 * /auth/v1/settings. Any other answer means the URL is some other server.
 */
export async function probeProject(project: Project, fetchImpl: typeof fetch = fetch, timeoutMs = 10_000): Promise<void> {
  let response: Response;
  try {
    response = await fetchImpl(`${project.url}/auth/v1/settings`, {
      headers: { apikey: project.anonKey, accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    throw unreachable(project.url, error);
  }
  if (response.status === 401 || response.status === 403) {
    throw invalid('The project refused this anon key. Check that it is the key of this project, copied whole.');
  }
  let body: unknown;
  try {
    body = response.ok ? await response.json() : null;
  } catch {
    body = null;
  }
  if (!body || typeof body !== 'object' || !('external' in body)) {
    throw invalid(`${project.url} answered, but it is not a Supabase project (it has no Auth service at /auth/v1).`);
  }
}
