/**
 * What this computer remembers about updates between runs: its install id (the rollout bucket's
 * seed), the user's channel and install mode, the offered update the user deferred and since
 * when, and when the feed was last asked. One JSON file in the data folder, written atomically
 * and validated when read back; a damaged file is set aside and defaults apply.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InstallModeName, UpdateChannelName } from '../../../src-shared/api/updates';

export const UpdateSettings = z.object({
  installId: z.uuid(),
  channel: UpdateChannelName.optional(),
  installMode: InstallModeName.optional(),
  deferral: z
    .object({ version: z.string().max(64), firstOfferedAt: z.iso.datetime(), deferred: z.boolean() })
    .nullable()
    .default(null),
  lastCheckedAt: z.iso.datetime().nullable().default(null),
  /** Downloaded in install mode on-next-launch: installs when the app next starts. */
  awaitingLaunchInstall: z.string().max(64).nullable().default(null),
});
export type UpdateSettings = z.infer<typeof UpdateSettings>;

export interface UpdateSettingsStore {
  read(): UpdateSettings;
  update(change: Partial<UpdateSettings>): UpdateSettings;
}

export function updateSettingsStore(dataDir: string, log: (message: string) => void = () => undefined): UpdateSettingsStore {
  const file = path.join(dataDir, 'update-settings.json');
  let current: UpdateSettings | null = null;
  if (existsSync(file)) {
    try {
      current = UpdateSettings.parse(JSON.parse(readFileSync(file, 'utf8')));
    } catch (error) {
      const aside = `${file}.damaged-${Date.now()}`;
      renameSync(file, aside);
      log(`update settings could not be read (${(error as Error).message}); set aside as ${aside}`);
    }
  }
  const write = (next: UpdateSettings) => {
    const temp = `${file}.tmp-${process.pid}`;
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(next, null, 2));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
    current = next;
    return next;
  };
  return {
    read: () => current ?? write(UpdateSettings.parse({ installId: randomUUID() })),
    update: (change) => write(UpdateSettings.parse({ ...(current ?? { installId: randomUUID() }), ...change })),
  };
}
