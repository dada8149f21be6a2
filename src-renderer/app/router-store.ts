/**
 * Which screen is shown, kept in the URL hash (#/policies/<id>) so reloads and the back button
 * behave as users expect.
 */
import { create } from 'zustand';

export const SCREENS = ['dashboard', 'frameworks', 'policies', 'evidence', 'audits', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

interface Route {
  screen: Screen;
  /** The record open on that screen, if any. */
  id: string | null;
}

export function parseHash(hash: string): Route {
  const [, screen, id] = /^#\/([a-z]+)?(?:\/([0-9a-f-]{36}))?/.exec(hash) ?? [];
  return {
    screen: (SCREENS as readonly string[]).includes(screen ?? '') ? (screen as Screen) : 'dashboard',
    id: id ?? null,
  };
}

interface RouterState extends Route {
  go(screen: Screen, id?: string | null): void;
}

export const useRouter = create<RouterState>((set) => {
  window.addEventListener('hashchange', () => set(parseHash(window.location.hash)));
  return {
    ...parseHash(window.location.hash),
    go(screen, id = null) {
      const hash = `#/${screen}${id ? `/${id}` : ''}`;
      if (window.location.hash !== hash) window.location.hash = hash;
      set({ screen, id });
    },
  };
});
