import { describe, expect, it } from 'vitest';
import { decideNavigation, decideWindowOpen } from '../../../../src-main/electron/security/navigation';

const allowlist = ['docs.complyflow.example'];

describe('where a window may go', () => {
  it('lets our own pages reload and route', () => {
    expect(decideNavigation('app://complyflow/index.html', allowlist)).toEqual({ action: 'allow' });
    expect(decideNavigation('app://complyflow/index.html#/audits', allowlist)).toEqual({ action: 'allow' });
  });

  it('sends an allowed https link to the browser instead of navigating', () => {
    expect(decideNavigation('https://docs.complyflow.example/a', allowlist)).toEqual({
      action: 'open-external',
      url: 'https://docs.complyflow.example/a',
    });
  });

  it.each(['https://evil.com/', 'http://docs.complyflow.example/', 'file:///etc/passwd', 'app://complyflow.evil/', 'javascript:1', 'about:blank'])(
    'goes nowhere for %s',
    (url) => {
      expect(decideNavigation(url, allowlist)).toEqual({ action: 'deny' });
    },
  );

  it('never opens a window, not even one of ours', () => {
    expect(decideWindowOpen('app://complyflow/index.html', allowlist)).toEqual({ action: 'deny' });
    expect(decideWindowOpen('about:blank', allowlist)).toEqual({ action: 'deny' });
    expect(decideWindowOpen('https://evil.com/', allowlist)).toEqual({ action: 'deny' });
    expect(decideWindowOpen('https://docs.complyflow.example/x', allowlist)).toEqual({
      action: 'open-external',
      url: 'https://docs.complyflow.example/x',
    });
  });
});
