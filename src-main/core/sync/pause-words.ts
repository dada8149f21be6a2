/**
 * What the status bar says when the server answers `update_required` (issue 8): below the
 * organization's minimum app version, the versions from the answer in the same words as this
 * computer's own policy minimum (mustUpdateMessage); below the server's sync protocol, the plain
 * sentence. Anything the server wrote is shown only as bounded plain text.
 */
import { isVersion } from '../updates/version';
import { mustUpdateMessage } from '../updates/decide';

export interface RequiredVersion {
  minimum: string;
  current: string;
}

/** The fields of an update_required answer this side reads (push keeps them; pull's stop has only words). */
export interface UpdateRequiredAnswer {
  message: string;
  minAppVersion?: string | null;
  minClientSchemaVersion?: number | null;
}

const TOO_OLD =
  'This version of ComplyFlow is too old to sync with your organization’s server. Update the app; your work here is kept.';

const SERVER_WORDS_MAX = 200;

/** The server's sentence as plain text: no markup, no control characters, one line, bounded. */
export function plainServerWords(text: string): string {
  const plain = text
    .replace(/<[^>]*>/g, ' ')
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, ' ')
    .replace(/[<>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > SERVER_WORDS_MAX ? `${plain.slice(0, SERVER_WORDS_MAX - 1).trimEnd()}…` : plain;
}

export function updateRequiredWords(
  answer: UpdateRequiredAnswer,
  appVersion: string,
): { message: string; requiredVersion: RequiredVersion | null } {
  const minimum = answer.minAppVersion?.trim() ?? '';
  if (minimum.length > 0 && minimum.length <= 64 && isVersion(minimum) && isVersion(appVersion)) {
    // The server judged the version this computer last reported, which it may have recorded
    // before this app was updated: the minimum is still the server's word.
    const words =
      mustUpdateMessage(appVersion, minimum) ??
      `Your organization requires ComplyFlow ${minimum} or newer, and the server did not accept this computer’s version (${appVersion}). Sync is paused; your work here is kept.`;
    return { message: words, requiredVersion: { minimum, current: appVersion } };
  }
  if (typeof answer.minClientSchemaVersion === 'number') return { message: TOO_OLD, requiredVersion: null };
  const said = plainServerWords(answer.message);
  return {
    message: said && said !== 'update_required' ? `${TOO_OLD} The server says: “${said}”.` : TOO_OLD,
    requiredVersion: null,
  };
}
