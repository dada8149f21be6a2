import { describe, expect, it } from 'vitest';
import { channelOfVersion, checkUpdateUrl, updateFeed } from '../../../../scripts/packaging/update-feed';

const url = 'https://updates.example.com/complyflow';

describe('the update feed a build is made for', () => {
  it('puts a release on latest and a beta prerelease on beta', () => {
    expect(updateFeed({ COMPLYFLOW_UPDATE_URL: url }, '1.4.0')).toEqual({ url: `${url}/`, channel: 'latest' });
    expect(updateFeed({ COMPLYFLOW_UPDATE_URL: url }, '1.4.0-beta.2')).toEqual({ url: `${url}/`, channel: 'beta' });
    expect(channelOfVersion('2.0.0-BETA.1+build.7')).toBe('beta');
    expect(channelOfVersion('2.0.0+build.7')).toBe('latest');
  });

  it('accepts a channel that matches the version', () => {
    expect(updateFeed({ COMPLYFLOW_UPDATE_URL: url, COMPLYFLOW_UPDATE_CHANNEL: 'beta' }, '1.4.0-beta.2').channel).toBe('beta');
    expect(updateFeed({ COMPLYFLOW_UPDATE_URL: url, COMPLYFLOW_UPDATE_CHANNEL: 'latest' }, '1.4.0').channel).toBe('latest');
  });

  it('never puts a prerelease on latest, nor a release on beta only', () => {
    expect(() => updateFeed({ COMPLYFLOW_UPDATE_URL: url, COMPLYFLOW_UPDATE_CHANNEL: 'latest' }, '1.4.0-beta.2')).toThrow(
      'Version 1.4.0-beta.2 belongs on the beta channel, not latest',
    );
    expect(() => updateFeed({ COMPLYFLOW_UPDATE_URL: url, COMPLYFLOW_UPDATE_CHANNEL: 'beta' }, '1.4.0')).toThrow(
      'Version 1.4.0 belongs on the latest channel, not beta',
    );
  });

  it('refuses channels and versions it does not publish', () => {
    expect(() => updateFeed({ COMPLYFLOW_UPDATE_URL: url, COMPLYFLOW_UPDATE_CHANNEL: 'nightly' }, '1.4.0')).toThrow(
      'COMPLYFLOW_UPDATE_CHANNEL must be one of latest, beta (got "nightly")',
    );
    expect(() => channelOfVersion('1.4.0-alpha.1')).toThrow('prerelease tag "alpha"');
    expect(() => channelOfVersion('1.4')).toThrow('not a semantic version');
    expect(() => channelOfVersion('v1.4.0')).toThrow('not a semantic version');
  });

  it('needs an update server', () => {
    expect(() => updateFeed({}, '1.4.0')).toThrow(/Set COMPLYFLOW_UPDATE_URL/);
    expect(() => updateFeed({ COMPLYFLOW_UPDATE_URL: '  ' }, '1.4.0')).toThrow(/Set COMPLYFLOW_UPDATE_URL/);
  });

  it.each([
    ['http://updates.example.com/complyflow', /must start with https:\/\//],
    ['ftp://updates.example.com/', /must start with https:\/\//],
    ['file:///srv/updates', /must start with https:\/\//],
    ['https://it:secret@updates.example.com/', /user name or password/],
    ['https://updates.example.com/?token=x', /query/],
    ['https://updates.example.com/#x', /fragment/],
    ['updates.example.com/complyflow', /is not a URL/],
  ])('refuses %s', (raw, message) => {
    expect(() => checkUpdateUrl(raw)).toThrow(message);
  });

  it('keeps a folder URL a folder, so the feed files resolve inside it', () => {
    expect(checkUpdateUrl('https://x.supabase.co/storage/v1/object/public/desktop-updates')).toBe(
      'https://x.supabase.co/storage/v1/object/public/desktop-updates/',
    );
    expect(checkUpdateUrl('https://updates.example.com/')).toBe('https://updates.example.com/');
    expect(checkUpdateUrl(' https://UPDATES.example.com/a ')).toBe('https://updates.example.com/a/');
  });
});
