/**
 * The update feed a build is made for: the company's update server (COMPLYFLOW_UPDATE_URL) and
 * the channel (COMPLYFLOW_UPDATE_CHANNEL, else taken from the version). electron-builder.yml
 * reads both from the environment; `npm run package` checks them here first, so a build never
 * ships an app that looks for updates over plain http, at a URL with credentials in it, or on a
 * channel its version does not belong to (a beta build on `latest` would reach every laptop).
 */

export const UPDATE_CHANNELS = ['latest', 'beta'] as const;
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number];

export interface UpdateFeed {
  url: string;
  channel: UpdateChannel;
}

export class UpdateFeedError extends Error {
  override name = 'UpdateFeedError';
}

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** The channel a version belongs to: no prerelease tag → latest; `-beta.N` → beta. */
export function channelOfVersion(version: string): UpdateChannel {
  const match = SEMVER.exec(version);
  if (!match) throw new UpdateFeedError(`The app version "${version}" is not a semantic version (like 1.4.0 or 1.4.0-beta.2).`);
  const prerelease = match[4];
  if (prerelease === undefined) return 'latest';
  const tag = prerelease.split('.')[0].toLowerCase();
  if (tag === 'beta') return 'beta';
  throw new UpdateFeedError(
    `The app version "${version}" has the prerelease tag "${tag}"; only beta prereleases are published (as 1.4.0-beta.2).`,
  );
}

/** The update server's base URL, checked: https, a host, no credentials, query or fragment. */
export function checkUpdateUrl(raw: string | undefined): string {
  if (!raw?.trim()) {
    throw new UpdateFeedError(
      'Set COMPLYFLOW_UPDATE_URL to the https address of your update server (for example https://updates.example.com/complyflow); the packaged app looks for updates there.',
    );
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UpdateFeedError(`COMPLYFLOW_UPDATE_URL "${raw}" is not a URL.`);
  }
  if (url.protocol !== 'https:') {
    throw new UpdateFeedError(
      `COMPLYFLOW_UPDATE_URL must start with https:// (got ${url.protocol}//): updates are only fetched over HTTPS.`,
    );
  }
  if (url.username || url.password) {
    throw new UpdateFeedError(
      'COMPLYFLOW_UPDATE_URL must not contain a user name or password: every installed app would carry them.',
    );
  }
  if (url.search || url.hash) {
    throw new UpdateFeedError(
      'COMPLYFLOW_UPDATE_URL must not have a query (?…) or fragment (#…): the update files are found by name under it.',
    );
  }
  // The feed files are resolved relative to this folder; without the slash the last segment would be dropped.
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/**
 * The feed for a build of `version`. A channel given in COMPLYFLOW_UPDATE_CHANNEL must be one we
 * publish and must match the version: a prerelease is never put on `latest`, and a release
 * version on `beta` is refused too (it belongs on latest, where beta installs see it as well).
 */
export function updateFeed(env: Readonly<Record<string, string | undefined>>, version: string): UpdateFeed {
  const url = checkUpdateUrl(env.COMPLYFLOW_UPDATE_URL);
  const fromVersion = channelOfVersion(version);
  const given = env.COMPLYFLOW_UPDATE_CHANNEL?.trim();
  if (!given) return { url, channel: fromVersion };
  if (!(UPDATE_CHANNELS as readonly string[]).includes(given)) {
    throw new UpdateFeedError(`COMPLYFLOW_UPDATE_CHANNEL must be one of ${UPDATE_CHANNELS.join(', ')} (got "${given}").`);
  }
  if (given !== fromVersion) {
    throw new UpdateFeedError(
      `Version ${version} belongs on the ${fromVersion} channel, not ${given}: change the version in package.json or the channel.`,
    );
  }
  return { url, channel: given as UpdateChannel };
}
