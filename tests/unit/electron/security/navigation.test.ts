import { describe, expect, it } from 'vitest';
import { decideFrameNavigation, decideNavigation, decideWindowOpen } from '../../../../src-main/electron/security/navigation';

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

  it.each([
    'https://evil.com/',
    'http://docs.complyflow.example/',
    'file:///etc/passwd',
    'app://complyflow.evil/',
    'javascript:1',
    'about:blank',
  ])('goes nowhere for %s', (url) => {
    expect(decideNavigation(url, allowlist)).toEqual({ action: 'deny' });
  });

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

describe('decideFrameNavigation', () => {
  it('allows a blob: URL made by our own page', () => {
    expect(decideFrameNavigation('blob:app://complyflow/6b1a2c3d-1111-4222-8333-444455556666')).toEqual({ action: 'allow' });
  });

  it.each([
    'app://complyflow/index.html',
    'blob:app://complyflow.evil/6b1a2c3d',
    'blob:app://evil/6b1a2c3d',
    'blob:https://evil.example/6b1a2c3d',
    'blob:null/6b1a2c3d',
    'blob:file:///etc/passwd',
    'https://example.com/x.pdf',
    'file:///tmp/x.pdf',
    'data:application/pdf;base64,JVBERi0=',
    'javascript:alert(1)',
    '',
    undefined,
  ])('denies %s', (url) => {
    expect(decideFrameNavigation(url)).toEqual({ action: 'deny' });
  });
});
