// TOTP codes for tests, computed with otpauth from the secret the server handed out at
// enrolment (never a hard-coded code): the code an authenticator app shows now, a code that is
// certainly wrong (none of the codes the server accepts around now), and a user's factor
// enrolled and verified through supabase-js.
import type { SupabaseClient } from '@supabase/supabase-js';
import { Secret, TOTP } from 'otpauth';

function totp(secret: string): TOTP {
  return new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

export function totpCode(secret: string): string {
  return totp(secret).generate();
}

export function wrongTotpCode(secret: string): string {
  const t = totp(secret);
  const now = Date.now();
  // The server allows one period of skew either side: steer clear of all of them.
  const accepted = new Set([-1, 0, 1, 2].map((step) => t.generate({ timestamp: now + step * 30_000 })));
  let candidate = Number(t.generate({ timestamp: now }));
  do candidate = (candidate + 1) % 1_000_000;
  while (accepted.has(String(candidate).padStart(6, '0')));
  return String(candidate).padStart(6, '0');
}

/**
 * Enrols a TOTP factor for the client's signed-in user and verifies it with a computed code:
 * the client's session is at aal2 afterwards (and, as in GoTrue, the user's other aal1
 * sessions end). Answers the factor id and the secret to compute later codes from.
 */
export async function enrolVerifiedTotp(
  client: SupabaseClient,
  friendlyName?: string,
): Promise<{ factorId: string; secret: string }> {
  const { data: factor, error } = await client.auth.mfa.enroll({ factorType: 'totp', friendlyName });
  if (error) throw new Error(`TOTP enrolment failed: ${error.message}`);
  const { data: challenge, error: challengeError } = await client.auth.mfa.challenge({ factorId: factor.id });
  if (challengeError) throw new Error(`TOTP challenge failed: ${challengeError.message}`);
  const verified = await client.auth.mfa.verify({
    factorId: factor.id,
    challengeId: challenge.id,
    code: totpCode(factor.totp.secret),
  });
  if (verified.error) throw new Error(`TOTP verification failed: ${verified.error.message}`);
  return { factorId: factor.id, secret: factor.totp.secret };
}
