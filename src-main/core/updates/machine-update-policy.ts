/**
 * The `updates` keys of the machine policy file (core/auth/machine-policy.ts), for IT without
 * Supabase or over it. Like VS Code's `update.mode` policy and Slack's managed keys, a key IT sets
 * is locked: the user sees it as "Managed by your organization" and cannot change it. `locked`
 * also locks keys IT leaves unset (`true` for all of them), so the organization's value or the
 * default applies and the user cannot pick another.
 *
 * ```json
 * { "updates": { "channel": "latest", "minimumVersion": "1.4.0", "deferDays": 3,
 *                "feedUrl": "https://updates.example.com/complyflow", "locked": ["installMode"] } }
 * ```
 */
import { z } from 'zod';
import { InstallModeName, UPDATE_KEYS, UpdateChannelName, UpdateKey } from '../../../src-shared/api/updates';
import { isVersion } from './version';

const VersionText = z.string().max(64).refine(isVersion, 'must be a version such as 1.4.0');

export const MachineUpdatePolicy = z.strictObject({
  channel: UpdateChannelName.optional(),
  minimumVersion: VersionText.optional(),
  pinnedVersion: VersionText.optional(),
  rolloutPercent: z.int().min(0).max(100).optional(),
  deferDays: z.int().min(0).max(90).optional(),
  installMode: InstallModeName.optional(),
  /** Where the update files are published (https only); otherwise app-update.yml's URL. */
  feedUrl: z
    .string()
    .max(2000)
    .refine((url) => URL.canParse(url) && new URL(url).protocol === 'https:', 'must be an https:// URL')
    .optional(),
  /** Keys users cannot change even though IT leaves them unset; `true` locks every key. */
  locked: z.union([z.boolean(), z.array(UpdateKey).max(UPDATE_KEYS.length)]).optional(),
});
export type MachineUpdatePolicy = z.infer<typeof MachineUpdatePolicy>;
