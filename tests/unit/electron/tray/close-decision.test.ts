import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../../src-shared/api/sync';
import { hasChangesToSend, onLastWindowClosed, trayTooltip } from '../../../../src-main/electron/tray/close-decision';

const status = (state: SyncStatus['state'], pending: number) => ({ state, pending });

describe('closing the last window', () => {
  it('stays in the tray only when the user asked for it and changes wait', () => {
    expect(onLastWindowClosed(true, status('idle', 3))).toBe('tray');
    expect(onLastWindowClosed(false, status('idle', 3))).toBe('quit');
    expect(onLastWindowClosed(true, status('idle', 0))).toBe('quit');
  });

  it('keeps waiting while offline or after a failed round, since the engine retries', () => {
    expect(onLastWindowClosed(true, status('offline', 1))).toBe('tray');
    expect(onLastWindowClosed(true, status('error', 1))).toBe('tray');
    expect(onLastWindowClosed(true, status('syncing', 1))).toBe('tray');
  });

  it('quits when nothing could be sent anyway: paused, signed out, local workspace, or no status', () => {
    expect(onLastWindowClosed(true, status('paused', 5))).toBe('quit');
    expect(onLastWindowClosed(true, status('signed-out', 5))).toBe('quit');
    expect(onLastWindowClosed(true, status('local-only', 5))).toBe('quit');
    expect(onLastWindowClosed(true, null)).toBe('quit');
  });

  it('leaves the tray once the last change is sent or sending stops', () => {
    expect(hasChangesToSend(status('syncing', 1))).toBe(true);
    expect(hasChangesToSend(status('idle', 0))).toBe(false);
    expect(hasChangesToSend(status('paused', 1))).toBe(false);
  });

  it('says in the tooltip what it is still doing', () => {
    expect(trayTooltip(status('syncing', 1))).toBe('ComplyFlow: sending 1 change');
    expect(trayTooltip(status('offline', 4))).toBe('ComplyFlow: offline, 4 changes waiting to be sent');
  });
});
