import { describe, expect, it } from 'vitest';
import { APP_CONTENT_SECURITY_POLICY } from '../../../../src-main/electron/security/csp';

const directives = new Map(
  APP_CONTENT_SECURITY_POLICY.split(';').map((part) => {
    const [name, ...values] = part.trim().split(/\s+/);
    return [name, values] as const;
  }),
);

describe('the content security policy of app:// pages', () => {
  it('denies by default and names every directive once', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.size).toBe(APP_CONTENT_SECURITY_POLICY.split(';').length);
  });

  it('runs only our own script files', () => {
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(APP_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|wasm-unsafe-eval|strict-dynamic|\*/);
  });

  it('reaches no network and embeds nothing', () => {
    for (const name of ['connect-src', 'object-src', 'worker-src', 'base-uri', 'form-action', 'frame-ancestors']) {
      expect(directives.get(name), name).toEqual(["'none'"]);
    }
    // Frames only for blob: URLs the page made itself (evidence PDF previews).
    expect(directives.get('frame-src')).toEqual(['blob:']);
    expect(APP_CONTENT_SECURITY_POLICY).not.toMatch(/https?:|wss?:|file:/);
  });

  it('allows inline styles only, never inline script', () => {
    const inline = [...directives].filter(([, values]) => values.includes("'unsafe-inline'")).map(([name]) => name);
    expect(inline).toEqual(['style-src']);
  });
});
