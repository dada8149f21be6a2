/**
 * Across the top of every screen while sync is paused: the organization needs a newer app
 * (update_required), this computer was revoked, or the organization wants a second factor
 * (words in sync-words.ts, by the engine's reason code). Local work goes on either way, and
 * the banner says so.
 */
import { useSync } from './sync-store';
import { pausedBannerText } from './sync-words';

export function SyncBanner() {
  const text = useSync((s) => pausedBannerText(s.status));
  if (!text) return null;
  return (
    <p className="sync-banner" role="alert" data-testid="sync-banner">
      {text}
    </p>
  );
}
