/**
 * What the app remembers between runs that is not a secret: the connection the user chose, the
 * organization opened last, who signed in last and their memberships (so an organization opens
 * offline, under the right user and role). One JSON file in the data folder, written atomically
 * and validated when read back: a damaged file is set aside, never guessed at.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Membership, PurgeNotice } from '../../../src-shared/domain/account';
import { Id } from '../../../src-shared/domain/common';

export const AppSettings = z.object({
  mode: z.enum(['unset', 'local', 'supabase']).default('unset'),
  /** The project the user entered (IT's presets are not stored: they are read each start). */
  project: z.object({ url: z.string(), anonKey: z.string() }).nullable().default(null),
  activeOrgId: Id.nullable().default(null),
  /** The organization opened last, kept across sign-out: the next sign-in opens it again. */
  lastOrgId: Id.nullable().default(null),
  lastUser: z.object({ id: Id, email: z.string() }).nullable().default(null),
  memberships: z.array(Membership).default([]),
  /** Sync preference: closing the last window keeps the app in the tray while changes wait. */
  keepRunningInTray: z.boolean().default(false),
  /** An organization's copy removed at a sync (not a member any more), until the user dismisses it. */
  purgeNotice: PurgeNotice.nullable().default(null),
});
export type AppSettings = z.infer<typeof AppSettings>;

export interface AppSettingsStore {
  read(): AppSettings;
  update(change: Partial<AppSettings>): AppSettings;
}

export function appSettingsStore(dataDir: string, log: (message: string) => void = () => undefined): AppSettingsStore {
  const file = path.join(dataDir, 'app-settings.json');
  let current: AppSettings = AppSettings.parse({});
  if (existsSync(file)) {
    try {
      current = AppSettings.parse(JSON.parse(readFileSync(file, 'utf8')));
    } catch (error) {
      const aside = `${file}.damaged-${Date.now()}`;
      renameSync(file, aside);
      log(`app settings could not be read (${(error as Error).message}); set aside as ${aside}`);
    }
  }
  return {
    read: () => current,
    update(change) {
      current = AppSettings.parse({ ...current, ...change });
      const temp = `${file}.tmp-${process.pid}`;
      const fd = openSync(temp, 'w', 0o600);
      try {
        writeSync(fd, JSON.stringify(current, null, 2));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, file);
      return current;
    },
  };
}
