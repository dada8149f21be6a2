import { describe, expect, it } from 'vitest';
import { isTrustedSender, type SenderFrameLike } from '../../../../src-main/electron/security/sender';

const frame = (url: string, extra: Partial<SenderFrameLike> = {}): SenderFrameLike => ({
  url,
  origin: 'app://complyflow',
  parent: null,
  ...extra,
});

describe('who may ask main for a port to the core', () => {
  it('answers the main frame of our page, with or without a reported origin', () => {
    for (const sender of [
      frame('app://complyflow/index.html'),
      frame('app://complyflow/index.html#/policies/1'),
      frame('app://complyflow/'),
      frame('app://complyflow/index.html', { origin: undefined }),
    ]) {
      expect(isTrustedSender(sender, sender)).toBe(true);
    }
  });

  it.each([
    'app://complyflow.evil/index.html',
    'app://complyflow.evil.com/',
    'app://evil.complyflow/',
    'app://evil/index.html',
    'app://COMPLYFLOW/index.html',
    'app://complyflow:8080/index.html',
    'app://user@complyflow/index.html',
    'app://complyflow@evil/index.html',
    'apps://complyflow/index.html',
    'file:///opt/ComplyFlow/resources/app.asar/dist/renderer/index.html',
    'file://complyflow/index.html',
    'http://127.0.0.1:5173/',
    'http://localhost/',
    'https://complyflow/',
    'about:blank',
    'data:text/html,hi',
    'blob:app://complyflow/0b6f2a6e',
    'devtools://devtools/bundled/inspector.html',
    'chrome-extension://abc/index.html',
    '',
  ])('refuses a main frame showing %j', (url) => {
    const sender = frame(url);
    expect(isTrustedSender(sender, sender)).toBe(false);
  });

  it('refuses a frame whose origin disagrees with its URL', () => {
    for (const origin of ['null', 'http://127.0.0.1:5173', 'app://complyflow.evil', '']) {
      const sender = frame('app://complyflow/index.html', { origin });
      expect(isTrustedSender(sender, sender)).toBe(false);
    }
  });

  it('refuses a missing or destroyed frame', () => {
    expect(isTrustedSender(null, null)).toBe(false);
    expect(isTrustedSender(undefined, undefined)).toBe(false);
    expect(isTrustedSender(null, frame('app://complyflow/index.html'))).toBe(false);
  });

  it('refuses a subframe, even one of our own origin', () => {
    const top = frame('app://complyflow/index.html');
    const child = frame('app://complyflow/index.html', { parent: top });
    expect(isTrustedSender(child, top)).toBe(false);
    // A frame claiming no parent but not being the window's main frame.
    const stray = frame('app://complyflow/index.html');
    expect(isTrustedSender(stray, top)).toBe(false);
  });
});
