/** Light, dark, or follow the system; remembered per machine. */
import { create } from 'zustand';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'complyflow.theme';

const stored = (): ThemeChoice => {
  const value = localStorage.getItem(KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
};

export function applyTheme(choice: ThemeChoice) {
  const dark = choice === 'dark' || (choice === 'system' && window.matchMedia?.('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

export const useTheme = create<{ choice: ThemeChoice; setChoice(choice: ThemeChoice): void }>((set) => ({
  choice: stored(),
  setChoice(choice) {
    localStorage.setItem(KEY, choice);
    applyTheme(choice);
    set({ choice });
  },
}));
