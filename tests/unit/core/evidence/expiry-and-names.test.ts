/** The pure rules: expiry (the cross-feature contract), sizes in words, names as display text, types from bytes. */
import { describe, expect, it } from 'vitest';
import { detectMimeType, displayFileName } from '../../../../src-main/core/evidence/file-checks';
import { expiryOf, formatBytes } from '../../../../src-shared/domain/evidence';

const TODAY = '2026-03-15';

describe('expiry', () => {
  it.each([
    [
      'no expiry and no cadence never expires',
      { asOfDate: '2020-01-01', expiresOn: null, renewalDays: null },
      { expired: false, effectiveExpiry: null, expiresInDays: null },
    ],
    [
      'expires today is not yet expired',
      { asOfDate: '2026-01-01', expiresOn: TODAY, renewalDays: null },
      { expired: false, effectiveExpiry: TODAY, expiresInDays: 0 },
    ],
    [
      'expired yesterday',
      { asOfDate: '2026-01-01', expiresOn: '2026-03-14', renewalDays: null },
      { expired: true, effectiveExpiry: '2026-03-14', expiresInDays: -1 },
    ],
    [
      'as-of + renewal in the future',
      { asOfDate: '2026-03-01', expiresOn: null, renewalDays: 30 },
      { expired: false, effectiveExpiry: '2026-03-31', expiresInDays: 16 },
    ],
    [
      'as-of + renewal in the past',
      { asOfDate: '2025-03-01', expiresOn: null, renewalDays: 365 },
      { expired: true, effectiveExpiry: '2026-03-01', expiresInDays: -14 },
    ],
    [
      'the earlier of the two wins',
      { asOfDate: '2026-03-01', expiresOn: '2027-01-01', renewalDays: 7 },
      { expired: true, effectiveExpiry: '2026-03-08', expiresInDays: -7 },
    ],
    [
      'renewal across a leap day',
      { asOfDate: '2028-02-28', expiresOn: null, renewalDays: 1 },
      { expired: false, effectiveExpiry: '2028-02-29', expiresInDays: 716 },
    ],
  ])('%s', (_name, evidence, expected) => {
    expect(expiryOf(evidence, TODAY)).toEqual(expected);
  });
});

describe('sizes in words', () => {
  it.each([
    [900, '900 bytes'],
    [1024, '1 KB'],
    [2048 + 900, '2.9 KB'],
    [50 * 1024 * 1024, '50 MB'],
    [Math.round(62.1 * 1024 * 1024), '62.1 MB'],
    [2 * 1024 * 1024 * 1024, '2 GB'],
  ])('%d bytes is "%s"', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('display names', () => {
  it('makes C0 controls visible and neutralizes direction overrides, keeping everything else', () => {
    expect(displayFileName('a\u0000b\u0007c\u007f')).toBe('a\u2400b\u2407c\u2421');
    expect(displayFileName('x\u0085y')).toBe('x\uFFFDy');
    expect(displayFileName('\u2066\u202aab\u202c\u2069')).toBe('\uFFFD\uFFFDab\uFFFD\uFFFD');
    expect(displayFileName('Überprüfung 2026 — 数据.pdf')).toBe('Überprüfung 2026 — 数据.pdf');
    expect(displayFileName('😀'.repeat(1001))).toHaveLength(2 * 999 + 1);
  });
});

describe('types from bytes', () => {
  const b = (...bytes: number[]) => Buffer.from(bytes);
  it.each([
    [b(0xff, 0xd8, 0xff, 0xe0, 0, 0), 'photo.bin', 'image/jpeg'],
    [Buffer.from('GIF89a\x01\x00'), 'x', 'image/gif'],
    [Buffer.concat([Buffer.from('RIFF'), b(0, 0, 0, 0), Buffer.from('WEBPVP8 ')]), 'x', 'image/webp'],
    [Buffer.from('{"a":1}'), 'data.json', 'application/json'],
    [Buffer.from('{"a":'), 'broken.json', 'text/plain'],
    [Buffer.from('plain words'), 'notes', 'text/plain'],
    [b(0xc3, 0x28), 'bad-utf8.txt', 'application/octet-stream'],
    [Buffer.from('text\u0000with nul'), 'x.txt', 'application/octet-stream'],
    [Buffer.from('<html><script>alert(1)</script></html>'), 'page.html', 'text/plain'],
  ])('%s named %s is %s', (bytes, name, type) => {
    expect(detectMimeType(bytes, name)).toBe(type);
  });
});
