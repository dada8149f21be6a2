/**
 * The browser host's port and token between runs: written readable by the user only, reused
 * when intact, and ignored when another user could read it or when it is not what we wrote.
 */
import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readHostSession, sessionFile, writeHostSession } from '../../../src-main/browser-host/host-session';
import { newToken } from '../../../src-main/browser-host/guard';
import { tempDir } from '../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

describe('host session file', () => {
  it('round-trips port and token with mode 0600, even over a looser file', () => {
    const session = { port: 43123, token: newToken() };
    writeFileSync(sessionFile(dir.path), '{}', { mode: 0o644 });
    writeHostSession(dir.path, session);
    expect(statSync(sessionFile(dir.path)).mode & 0o777).toBe(0o600);
    expect(readHostSession(dir.path)).toEqual(session);
  });

  it('ignores a file others can read, a malformed file, and values that are not ours', () => {
    writeHostSession(dir.path, { port: 43123, token: newToken() });
    chmodSync(sessionFile(dir.path), 0o644);
    expect(readHostSession(dir.path)).toBeNull();

    for (const text of ['not json', '{"port":80,"token":"x"}', `{"port":43123,"token":"${'a'.repeat(10)}"}`, '[]']) {
      writeFileSync(sessionFile(dir.path), text, { mode: 0o600 });
      chmodSync(sessionFile(dir.path), 0o600);
      expect(readHostSession(dir.path), text).toBeNull();
    }
  });

  it('answers null when there is no file yet', () => {
    expect(readHostSession(dir.path)).toBeNull();
  });
});
