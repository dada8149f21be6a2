/** Small display helpers shared by the evidence list, form and detail. */
import type { Evidence } from '../../../src-shared/domain/evidence';

/** Today as YYYY-MM-DD in the user's own time zone (what "as of today" means to them). */
export function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export const shortSha = (sha256: string) => sha256.slice(0, 12);

export function expiryBadge(
  e: Pick<Evidence, 'expired' | 'expiresInDays'>,
): { text: string; tone: 'expired' | 'soon' | 'ok' } | null {
  if (e.expired) return { text: 'Expired', tone: 'expired' };
  if (e.expiresInDays === null) return null;
  const n = e.expiresInDays;
  const text = n === 0 ? 'Expires today' : `Expires in ${n} ${n === 1 ? 'day' : 'days'}`;
  return { text, tone: n <= 30 ? 'soon' : 'ok' };
}

/** A title suggestion from a file name: no extension, separators as spaces. */
export function titleFromFileName(name: string): string {
  const base = name
    .replace(/\.[A-Za-z0-9]{1,8}$/, '')
    .replace(/[_]+/g, ' ')
    .trim();
  return (base || name || 'Evidence').slice(0, 300);
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export async function copyText(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
}
