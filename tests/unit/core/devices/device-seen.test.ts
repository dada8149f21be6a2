// The "last seen" note sync sends: once per device per ten minutes, and a failure never reaches sync.
import { describe, expect, it } from 'vitest';
import { deviceSeenNotifier } from '../../../../src-main/core/devices/device-seen';

describe('deviceSeenNotifier', () => {
  it('notes a device at most every ten minutes, again for another device, and swallows failures', async () => {
    const calls: unknown[] = [];
    let now = 1_000_000;
    const note = deviceSeenNotifier(
      async (name, args) => {
        calls.push([name, args]);
        throw new Error('no such function on an older server');
      },
      '1.2.3',
      () => now,
    );
    note('d1');
    note('d1');
    now += 9 * 60_000;
    note('d1');
    expect(calls).toEqual([['note_device_seen', { p_device_id: 'd1', p_app_version: '1.2.3' }]]);
    now += 60_000;
    note('d1');
    note('d2');
    expect(calls.map((c) => (c as [string, { p_device_id: string }])[1].p_device_id)).toEqual(['d1', 'd1', 'd2']);
    await new Promise((resolve) => setImmediate(resolve));
  });
});
