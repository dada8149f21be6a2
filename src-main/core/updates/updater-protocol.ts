/**
 * What the core and the desktop shell say to each other about updates, over the utility
 * process's parent port. The core sends a plan (feed, channel, what may be taken and when it
 * installs) and commands; main runs electron-updater and reports what happened. Both directions
 * are validated where they arrive.
 */
import { z } from 'zod';
import { UpdateChannelName } from '../../../src-shared/api/updates';

export const UpdaterPlan = z.object({
  /** IT's https feed, or null for app-update.yml's URL (main checks either before use). */
  feedUrl: z.string().max(2000).nullable(),
  channel: UpdateChannelName,
  allowDowngrade: z.boolean(),
  autoDownload: z.boolean(),
  autoInstallOnAppQuit: z.boolean(),
  /** A download from an earlier run installs as soon as it is found again (on-next-launch). */
  installAtLaunch: z.boolean(),
  offer: z.object({
    currentVersion: z.string(),
    deviceId: z.string(),
    policy: z.object({ pinnedVersion: z.string().nullable(), minimumVersion: z.string().nullable(), rolloutPercent: z.number() }),
  }),
});
export type UpdaterPlan = z.infer<typeof UpdaterPlan>;

export const UpdaterCommand = z.discriminatedUnion('command', [
  z.object({ type: z.literal('updater-command'), command: z.literal('configure'), plan: UpdaterPlan }),
  z.object({ type: z.literal('updater-command'), command: z.enum(['check', 'download', 'install']) }),
]);
export type UpdaterCommand = z.infer<typeof UpdaterCommand>;

const text = (max: number) => z.string().max(max);

export const UpdaterReport = z.object({
  type: z.literal('updater-report'),
  report: z.discriminatedUnion('event', [
    z.object({ event: z.literal('checking') }),
    z.object({
      event: z.literal('available'),
      version: text(64),
      releaseNotes: text(200_000).nullable(),
      releaseDate: text(64).nullable(),
    }),
    z.object({ event: z.literal('not-available'), version: text(64).nullable(), reason: text(2000) }),
    z.object({ event: z.literal('refused'), version: text(64).nullable(), reason: text(2000) }),
    z.object({ event: z.literal('not-yet'), version: text(64), reason: text(2000) }),
    z.object({ event: z.literal('progress'), transferred: z.number(), total: z.number(), percent: z.number() }),
    z.object({ event: z.literal('downloaded'), version: text(64) }),
    z.object({ event: z.literal('installing'), version: text(64) }),
    z.object({ event: z.literal('error'), message: text(2000) }),
  ]),
});
export type UpdaterReport = z.infer<typeof UpdaterReport>['report'];

/** How the core reaches the updater in main (absent in the browser host and in tests of the core alone). */
export interface UpdaterShell {
  send(command: UpdaterCommand): void;
}
