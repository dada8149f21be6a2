import { describe, expect, it } from 'vitest';
import { EXTERNAL_HOSTS, toAllowedExternalUrl } from '../../../../src-main/electron/security/external-urls';

const allowlist = ['allowed.com', 'docs.complyflow.example'];

describe('links opened in the user browser', () => {
  it.each([
    ['https://allowed.com', 'https://allowed.com/'],
    ['https://allowed.com/path?q=1#frag', 'https://allowed.com/path?q=1#frag'],
    ['HTTPS://ALLOWED.COM/Path', 'https://allowed.com/Path'],
    ['https://allowed.com:443/x', 'https://allowed.com/x'],
    ['https://docs.complyflow.example/guide', 'https://docs.complyflow.example/guide'],
    // IDNA maps fullwidth letters to ASCII: this is the real host, and the canonical URL opens.
    ['https://ａllowed.com/', 'https://allowed.com/'],
  ])('opens %s as %s', (raw, opened) => {
    expect(toAllowedExternalUrl(raw, allowlist)).toBe(opened);
  });

  it.each([
    ['javascript:alert(1)'],
    ['JavaScript:alert(1)//https://allowed.com'],
    ['file:///etc/passwd'],
    ['file://allowed.com/etc/passwd'],
    ['http://allowed.com/'],
    ['data:text/html,<script>alert(1)</script>'],
    ['vbscript:msgbox'],
    ['smb://allowed.com/share'],
    ['ms-msdt:/id PCWDiagnostic'],
    ['app://complyflow/index.html'],
    ['//allowed.com/x'],
    ['allowed.com'],
    [''],
    // credentials: the real host is the one after the @
    ['https://allowed.com@evil.com/'],
    ['https://user:pass@allowed.com/'],
    ['https://allowed.com:x@evil.com/'],
    // host only named in the path, query or a subdomain of the attacker
    ['https://evil.com/allowed.com'],
    ['https://evil.com/?u=https://allowed.com'],
    ['https://allowed.com.evil.com/'],
    ['https://evilallowed.com/'],
    ['https://sub.allowed.com/'],
    // look-alikes: Cyrillic а, fullwidth, punycode of them, trailing dot
    ['https://аllowed.com/'],
    ['https://xn--llowed-3ve.com/'],
    ['https://allowed.com./'],
    // ports and address forms
    ['https://allowed.com:8443/'],
    ['https://allowed.com:0/'],
    ['https://127.0.0.1/'],
    ['https://[::1]/'],
    ['https://0x7f.1/'],
    // characters the URL parser would silently repair
    ['https://allowed.com\\@evil.com'],
    ['https://allowed.com\\.evil.com/'],
    [' https://allowed.com/'],
    ['https://allowed.com/\n'],
    ['https://allo\twed.com/'],
    ['java\nscript:alert(1)'],
    ['https://allowed.com/\u0000'],
  ])('refuses %j', (raw) => {
    expect(toAllowedExternalUrl(raw, allowlist)).toBeNull();
  });

  it('refuses an over-long URL', () => {
    expect(toAllowedExternalUrl(`https://allowed.com/${'a'.repeat(3000)}`, allowlist)).toBeNull();
  });

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 42, {}, ['https://allowed.com/'], new URL('https://allowed.com/')]) {
      expect(toAllowedExternalUrl(value, allowlist)).toBeNull();
    }
  });

  it('ships an allowlist of plain lower-case host names', () => {
    expect(EXTERNAL_HOSTS.length).toBeGreaterThan(0);
    for (const host of EXTERNAL_HOSTS) {
      expect(host).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
      expect(toAllowedExternalUrl(`https://${host}/`)).toBe(`https://${host}/`);
    }
  });
});
