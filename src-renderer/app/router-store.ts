/**
 * Which screen is shown, kept in the URL hash (#/policies/<id>/<tab>) so reloads and the back button
 * behave as users expect. Editors with unsaved changes register a guard: leaving the record by
 * any route (nav, a link, the back button, reload, closing the window) asks first.
 */
import { useEffect } from 'react';
import { create } from 'zustand';

export const SCREENS = ['dashboard', 'frameworks', 'policies', 'evidence', 'audits', 'trash', 'settings', 'sync'] as const;
export type Screen = (typeof SCREENS)[number];

interface Route {
  screen: Screen;
  /** The record open on that screen, if any. */
  id: string | null;
  /** Where inside the record (a tab of the policy editor, the control in fieldwork), if any. */
  sub: string | null;
}

export function parseHash(hash: string): Route {
  const [, screen, id, sub] = /^#\/([a-z]+)?(?:\/([0-9a-f-]{36})(?:\/([0-9a-z-]{1,40}))?)?/.exec(hash) ?? [];
  return {
    screen: (SCREENS as readonly string[]).includes(screen ?? '') ? (screen as Screen) : 'dashboard',
    id: id ?? null,
    sub: sub ?? null,
  };
}

const hashOf = ({ screen, id, sub }: Route) => `#/${screen}${id ? `/${id}${sub ? `/${sub}` : ''}` : ''}`;

/** What each open editor would lose, by editor; empty when everything is saved. */
const unsaved = new Map<symbol, string>();

/** True when nothing is unsaved, or the user agreed to leave it. */
export function confirmLeave(): boolean {
  if (unsaved.size === 0) return true;
  const what = [...unsaved.values()].join(', ');
  return window.confirm(`You have unsaved changes (${what}). Leave without saving them?`);
}

window.addEventListener('beforeunload', (event) => {
  if (unsaved.size > 0) event.preventDefault();
});

/**
 * Registers an editor's unsaved state: while `dirty`, navigation and reload ask before leaving.
 * `what` names it for the prompt ("the policy “Access Control”").
 */
export function useUnsavedChanges(dirty: boolean, what: string): void {
  useEffect(() => {
    if (!dirty) return;
    const key = Symbol(what);
    unsaved.set(key, what);
    return () => {
      unsaved.delete(key);
    };
  }, [dirty, what]);
}

interface RouterState extends Route {
  /** Goes to a screen (and record); answers false when the user chose to stay with unsaved changes. */
  go(screen: Screen, id?: string | null): boolean;
  /** Moves within the open record (a tab): replaces the address, asks nothing, adds no history entry. */
  setSub(sub: string | null): void;
  /**
   * Names in the address the record a screen chose to show by itself (the framework it reopened,
   * the control selected in it): replaces the address, asks nothing, adds no history entry.
   */
  name(id: string | null, sub: string | null): void;
}

export const useRouter = create<RouterState>((set, get) => {
  window.addEventListener('hashchange', () => {
    const current = get();
    // Only "#/…" is a route. Any other fragment (an in-page anchor such as "#main") must not
    // send the user to the Dashboard: keep the screen and put the route back in the address.
    if (!window.location.hash.startsWith('#/')) {
      history.replaceState(null, '', hashOf(current));
      return;
    }
    const next = parseHash(window.location.hash);
    if (next.screen === current.screen && next.id === current.id) {
      if (next.sub !== current.sub) set({ sub: next.sub });
      return;
    }
    // A link or the back button moved the hash: put it back if the user stays.
    if (!confirmLeave()) {
      history.replaceState(null, '', hashOf(current));
      return;
    }
    unsaved.clear();
    set(next);
  });
  return {
    ...parseHash(window.location.hash),
    go(screen, id = null) {
      const current = get();
      if (screen === current.screen && id === current.id) return true;
      if (!confirmLeave()) return false;
      unsaved.clear();
      set({ screen, id, sub: null });
      const hash = hashOf({ screen, id, sub: null });
      if (window.location.hash !== hash) window.location.hash = hash;
      return true;
    },
    setSub(sub) {
      const current = get();
      if (sub === current.sub) return;
      set({ sub });
      history.replaceState(null, '', hashOf({ ...current, sub }));
    },
    name(id, sub) {
      const current = get();
      if (id === current.id && sub === current.sub) return;
      set({ id, sub });
      history.replaceState(null, '', hashOf({ ...current, id, sub }));
    },
  };
});
