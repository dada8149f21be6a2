/** The fleet CSV: one row per device, RFC 4180 quoting, and no cell that a spreadsheet runs as a formula. */
import { describe, expect, it } from 'vitest';
import { fleetCsv } from '../../../../src-main/core/fleet/fleet-csv';
import { filterFleet, type FleetDevice } from '../../../../src-shared/domain/fleet';

const device = (over: Partial<FleetDevice>): FleetDevice => ({
  id: '11111111-1111-4111-8111-111111111111',
  userId: '22222222-2222-4222-8222-222222222222',
  userName: 'Cora Compliance',
  name: 'cora-laptop',
  os: 'Linux 6.8.0 (x64)',
  appVersion: '1.4.2',
  channel: 'latest',
  lastSyncAt: '2026-12-01T10:00:00.000Z',
  lastSeenAt: '2026-12-01T10:00:01.000Z',
  changesWaiting: 3,
  revokedAt: null,
  thisComputer: false,
  ...over,
});

describe('fleetCsv', () => {
  it('writes a header and one row per device', () => {
    const lines = fleetCsv([device({})]).split('\r\n');
    expect(lines[0]).toBe('user,device,os,app_version,channel,last_sync,last_seen,changes_waiting,revoked,device_id');
    expect(lines[1]).toBe(
      'Cora Compliance,cora-laptop,Linux 6.8.0 (x64),1.4.2,latest,2026-12-01T10:00:00.000Z,2026-12-01T10:00:01.000Z,3,,11111111-1111-4111-8111-111111111111',
    );
    expect(lines[2]).toBe('');
  });

  it.each([
    ['=cmd|" /C calc"!A0', `"'=cmd|"" /C calc""!A0"`],
    ['+SUM(A1)', `'+SUM(A1)`],
    ['-2+3', `'-2+3`],
    ['@HYPERLINK("x")', `"'@HYPERLINK(""x"")"`],
    ['\tTAB', `'\tTAB`],
    ['a,b', '"a,b"'],
    ['line\nbreak', '"line\nbreak"'],
  ])('escapes a device name %j as %j', (name, cell) => {
    const row = fleetCsv([device({ name, userName: 'U' })])
      .split('\r\n')
      .slice(1)
      .join('\r\n');
    expect(row.startsWith(`U,${cell},`)).toBe(true);
  });

  it('names the user by id when the server has no name', () => {
    expect(fleetCsv([device({ userName: null })]).split('\r\n')[1]).toMatch(/^22222222-2222-4222-8222-222222222222,/);
  });
});

describe('filterFleet', () => {
  const devices = [
    device({ id: 'a0000000-0000-4000-8000-000000000001', name: 'mac-1', appVersion: '1.4.2', channel: 'beta' }),
    device({ id: 'a0000000-0000-4000-8000-000000000002', name: 'win-2', appVersion: '1.10.0', os: 'Windows_NT 10.0' }),
    device({
      id: 'a0000000-0000-4000-8000-000000000003',
      name: 'old',
      appVersion: null,
      channel: null,
      revokedAt: '2026-01-01T00:00:00.000Z',
    }),
  ];
  const names = (f: Parameters<typeof filterFleet>[1]) => filterFleet(devices, f).map((d) => d.name);

  it('filters by text, channel, version and revoked', () => {
    expect(names({})).toEqual(['mac-1', 'win-2', 'old']);
    expect(names({ text: 'WINDOWS' })).toEqual(['win-2']);
    expect(names({ channel: 'beta' })).toEqual(['mac-1']);
    expect(names({ channel: 'none' })).toEqual(['old']);
    expect(names({ version: '1.4.2' })).toEqual(['mac-1']);
    // Below 1.5.0: 1.4.2 and the device whose version is unknown; 1.10.0 is above (not text order).
    expect(names({ version: '1.5.0', versionMatch: 'below' })).toEqual(['mac-1', 'old']);
    expect(names({ version: 'nonsense', versionMatch: 'below' })).toEqual([]);
    expect(names({ revoked: 'revoked' })).toEqual(['old']);
    expect(names({ revoked: 'active', channel: 'latest' })).toEqual(['win-2']);
  });
});
