// TOTP codes for tests, computed with otpauth from the secret the server handed out at
// enrolment (never a hard-coded code): the code an authenticator app shows now, and a code
// that is certainly wrong (none of the codes the server accepts around now).
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
