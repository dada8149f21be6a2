/**
 * electron-updater's failures in words for Settings → Updates. Chosen by the error's code (the
 * messages carry stack traces and raw feed data, which are not for people); each says that
 * nothing was installed.
 */
const BY_CODE: Record<string, string> = {
  ERR_CHECKSUM_MISMATCH:
    'The downloaded update does not match the checksum (sha512) the feed publishes: it may be damaged or tampered with. It was discarded and nothing was installed.',
  ERR_UPDATER_INVALID_UPDATE_INFO:
    'The update feed’s description of the release (latest*.yml) is not valid YAML, so nothing was downloaded or installed. Ask IT to check the published files.',
  ERR_UPDATER_CHANNEL_FILE_NOT_FOUND:
    'The update feed has no release file for this channel (latest*.yml or beta*.yml), so there is nothing to install. Ask IT to check the published files.',
  ERR_UPDATER_NO_FILES_PROVIDED: 'The update feed’s release file lists no installer for this system; nothing was installed.',
  ERR_UPDATER_INVALID_VERSION: 'The update feed names a version that is not a version; nothing was installed.',
  ERR_UPDATER_LATEST_VERSION_NOT_FOUND: 'The update feed does not say which version is the latest; nothing was installed.',
  ERR_UPDATER_ASSET_NOT_FOUND: 'The update feed lists no installer for this system; nothing was installed.',
  ERR_UPDATER_OLD_FILE_NOT_FOUND:
    'This copy of ComplyFlow was not installed in a way that can update itself (no AppImage path); nothing was installed.',
};

const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'ENETUNREACH']);

export function updaterErrorWords(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && BY_CODE[code]) return BY_CODE[code];
  if (typeof code === 'string' && NETWORK.has(code))
    return 'The update feed cannot be reached (no network, or the address is wrong); nothing was installed. ComplyFlow tries again later.';
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number') return `The update feed answered HTTP ${status}; nothing was installed.`;
  const message = error instanceof Error ? error.message.split('\n')[0].slice(0, 300) : String(error).slice(0, 300);
  return `The update could not be checked or downloaded (${message}); nothing was installed.`;
}
