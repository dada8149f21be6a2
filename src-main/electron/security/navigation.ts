/**
 * What happens when a page tries to go somewhere: our own pages may reload themselves; an
 * allowed https link opens in the user's browser; everything else goes nowhere.
 */
import { isAppUrl } from './app-origin';
import { toAllowedExternalUrl } from './external-urls';

export type NavigationDecision = { action: 'allow' } | { action: 'open-external'; url: string } | { action: 'deny' };

export function decideNavigation(url: unknown, allowlist?: readonly string[]): NavigationDecision {
  if (isAppUrl(url)) return { action: 'allow' };
  const external = toAllowedExternalUrl(url, allowlist);
  return external ? { action: 'open-external', url: external } : { action: 'deny' };
}

/** New windows are never created; an allowed link opens in the user's browser instead. */
export function decideWindowOpen(url: unknown, allowlist?: readonly string[]): NavigationDecision {
  const external = toAllowedExternalUrl(url, allowlist);
  return external ? { action: 'open-external', url: external } : { action: 'deny' };
}

/**
 * Subframes may show only a blob: URL our own page made (an evidence PDF preview); they never
 * navigate to the app's pages, a file, or the network.
 */
export function decideFrameNavigation(url: unknown): NavigationDecision {
  if (typeof url !== 'string' || !url.startsWith('blob:')) return { action: 'deny' };
  const inner = url.slice('blob:'.length);
  const slash = inner.indexOf('/', `${'app://complyflow'}`.length);
  const origin = slash === -1 ? inner : inner.slice(0, slash);
  return origin === 'app://complyflow' && isAppUrl(`${origin}/`) ? { action: 'allow' } : { action: 'deny' };
}
