/**
 * Light, dark, or follow the system: the choice lives in the app's settings (app.appearance in
 * the core), not in this browser profile's storage, so every window and profile shows the same.
 * Until the core answers, the system's preference applies.
 */
import { create } from 'zustand';
import type { ThemeChoice } from '../../src-shared/api/app';
import { call, complyflow } from '../api/complyflow';
import { showError } from './toast-store';

export type { ThemeChoice };

export function applyTheme(choice: ThemeChoice) {
  const dark = choice === 'dark' || (choice === 'system' && window.matchMedia?.('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

interface ThemeState {
  choice: ThemeChoice;
  /** Reads the saved choice from the core (once at start). */
  load(): Promise<void>;
  setChoice(choice: ThemeChoice): void;
}

export const useTheme = create<ThemeState>((set, get) => ({
  choice: 'system',
  async load() {
    try {
      const { theme } = await call(complyflow().app.appearance({}));
      set({ choice: theme });
    } catch {
      // The core did not answer: keep following the system.
    }
  },
  setChoice(choice) {
    const before = get().choice;
    applyTheme(choice);
    set({ choice });
    call(complyflow().app.setAppearance({ theme: choice })).catch((error: unknown) => {
      set({ choice: before });
      showError(error);
    });
  },
}));
