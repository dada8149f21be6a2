/**
 * Decides whether an IPC message may be answered: it must come from the main frame of one of
 * our windows, showing a page of our own origin. Subframes, about:blank, file://, the browser
 * host's http://127.0.0.1 and look-alike origins are refused.
 */
import { APP_ORIGIN, isAppUrl } from './app-origin';

/** The parts of Electron's WebFrameMain this check reads. */
export interface SenderFrameLike {
  readonly url: string;
  readonly origin?: string;
  readonly parent: unknown;
}

/**
 * @param frame    `event.senderFrame` (null once the frame has navigated away or been destroyed)
 * @param mainFrame `event.sender.mainFrame`: the sender must be that very frame
 */
export function isTrustedSender(frame: SenderFrameLike | null | undefined, mainFrame: unknown): boolean {
  if (!frame || frame !== mainFrame || frame.parent !== null) return false;
  if (!isAppUrl(frame.url)) return false;
  // The frame's security origin, when Electron reports it, must agree with its URL: a frame
  // whose document was opened from elsewhere (about:blank, data:) inherits another origin.
  return frame.origin === undefined || frame.origin === APP_ORIGIN;
}
