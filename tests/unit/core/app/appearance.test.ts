/** The appearance is an app setting in the replica: kept across restarts, refused when unknown. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let core: Core;
const ctx = { actor: 'local' };
beforeEach(() => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, log: { error: () => undefined } });
});
afterEach(() => {
  core.close();
  dir.remove();
});

describe('app.appearance', () => {
  it('follows the system until chosen, then keeps the choice across a restart', async () => {
    expect(await core.router.call('app', 'appearance', {}, ctx)).toEqual({ ok: true, value: { theme: 'system' } });
    expect(await core.router.call('app', 'setAppearance', { theme: 'dark' }, ctx)).toEqual({
      ok: true,
      value: { theme: 'dark' },
    });
    core.close();
    core = createCore({ dataDir: dir.path, log: { error: () => undefined } });
    expect(await core.router.call('app', 'appearance', {}, ctx)).toEqual({ ok: true, value: { theme: 'dark' } });
  });

  it('refuses an unknown theme in words and keeps the choice', async () => {
    await core.router.call('app', 'setAppearance', { theme: 'light' }, ctx);
    const answer = await core.router.call('app', 'setAppearance', { theme: 'neon' }, ctx);
    expect(answer).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'Theme must be one of: system, light, dark.' },
    });
    expect(await core.router.call('app', 'appearance', {}, ctx)).toEqual({ ok: true, value: { theme: 'light' } });
  });
});
