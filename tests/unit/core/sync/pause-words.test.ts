/**
 * Issue 8: below the organization's minimum app version the server's update_required answer
 * names the version; push keeps those fields, and the pause says "requires ComplyFlow 2.0.0 or
 * newer; this is 1.9.3" in the words of this computer's own policy minimum. Whatever else the
 * server wrote is shown only as bounded plain text.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { plainServerWords, updateRequiredWords } from '../../../../src-main/core/sync/pause-words';
import { pushBatch } from '../../../../src-main/core/sync/push';
import { mustUpdateMessage } from '../../../../src-main/core/updates/decide';
import { tempDir } from '../../../support/temp-dir';

const ORG_MINIMUM = {
  status: 'update_required',
  min_app_version: '2.0.0',
  app_version: '1.9.3',
  message: 'update required: your organization requires ComplyFlow 2.0.0 or later (this computer runs 1.9.3)',
};

describe('the words of an update_required pause', () => {
  it('names the organization’s minimum and this version, as the machine policy’s minimum does', () => {
    const { message, requiredVersion } = updateRequiredWords(
      { message: ORG_MINIMUM.message, minAppVersion: ORG_MINIMUM.min_app_version },
      '1.9.3',
    );
    expect(message).toBe(mustUpdateMessage('1.9.3', '2.0.0'));
    expect(message).toContain('requires ComplyFlow 2.0.0 or newer; this is 1.9.3');
    expect(requiredVersion).toEqual({ minimum: '2.0.0', current: '1.9.3' });
  });

  it('keeps the server’s minimum when this app does not know itself to be below it', () => {
    const { message, requiredVersion } = updateRequiredWords({ message: 'x', minAppVersion: '2.0.0' }, '2.1.0');
    expect(message).toMatch(
      /^Your organization requires ComplyFlow 2\.0\.0 or newer, and the server did not accept .*\(2\.1\.0\)/,
    );
    expect(requiredVersion).toEqual({ minimum: '2.0.0', current: '2.1.0' });
  });

  it('says the plain sentence below the sync protocol, and for a minimum that is not a version', () => {
    const protocol = updateRequiredWords({ message: 'update required: too old', minClientSchemaVersion: 3 }, '1.9.3');
    expect(protocol).toEqual({
      message: expect.stringMatching(/^This version of ComplyFlow is too old to sync/),
      requiredVersion: null,
    });
    expect(protocol.message).not.toContain('server says');
    for (const bad of ['<b>2.0</b>', '2.0.0; drop table', 'x'.repeat(80), '']) {
      expect(updateRequiredWords({ message: 'm', minAppVersion: bad }, '1.9.3').requiredVersion).toBeNull();
    }
  });

  it('shows other server words as bounded plain text, never markup', () => {
    const hostile = `<img src=x onerror=alert(1)>update\u0000 required:\u202e ${'very '.repeat(100)}old`;
    const { message } = updateRequiredWords({ message: hostile }, '1.9.3');
    expect(message).toMatch(/^This version of ComplyFlow is too old .* The server says: “update required: very /);
    for (const gone of ['<', '>', '\u0000', '\u202e']) expect(message).not.toContain(gone);
    const said = plainServerWords(hostile);
    expect(said.length).toBeLessThanOrEqual(200);
    expect(said.endsWith('…')).toBe(true);
    expect(plainServerWords('  a\n\tb  ')).toBe('a b');
  });
});

describe('push keeps the version fields of a whole update_required answer', () => {
  let dir: ReturnType<typeof tempDir>;
  let core: Core;
  beforeEach(() => {
    dir = tempDir();
    core = createCore({ dataDir: dir.path, log: { error: () => undefined } });
  });
  afterEach(() => {
    core.close();
    dir.remove();
  });

  it('answers stop with the minimum the server named, and takes nothing', async () => {
    const created = await core.router.call('policies', 'create', { title: 'Waiting policy' }, { actor: 'local' });
    expect(created.ok).toBe(true);
    const { org_id: orgId } = core.db.prepare('SELECT org_id FROM outbox LIMIT 1').get() as { org_id: string };
    const calls: string[] = [];
    const outcome = await pushBatch({
      db: core.db,
      orgId,
      deviceId: null,
      now: () => new Date().toISOString(),
      rpc: (name) => {
        calls.push(name);
        return Promise.resolve(ORG_MINIMUM);
      },
    });
    expect(calls).toEqual(['push']);
    expect(outcome).toEqual({
      kind: 'stop',
      status: 'update_required',
      message: ORG_MINIMUM.message,
      minAppVersion: '2.0.0',
      minClientSchemaVersion: undefined,
    });
    // Nothing was taken: the change still waits.
    expect((core.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n).toBeGreaterThan(0);
  });
});
