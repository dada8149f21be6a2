/**
 * The app's appearance (light, dark or follow the system), kept with the app's other settings in
 * the local-only settings table, so it is the same in every window and browser profile and
 * survives a reinstall of the browser; an absent or unreadable value is 'system'.
 */
import { ThemeChoice, type Appearance } from '../../../src-shared/api/app';
import type { Db } from '../db/database';

const KEY = 'app.theme';

export function createAppearanceStore(db: Db) {
  const read = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  const write = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const current = (): Appearance => {
    try {
      const parsed = ThemeChoice.safeParse(JSON.parse((read.get(KEY) as string | undefined) ?? '"system"'));
      return { theme: parsed.success ? parsed.data : 'system' };
    } catch {
      return { theme: 'system' };
    }
  };
  return {
    current,
    update(theme: Appearance['theme']): Appearance {
      write.run(KEY, JSON.stringify(theme));
      return current();
    },
  };
}
