/**
 * The org update policy as the server spells it (org_update_policy / set_update_policy answer
 * jsonb in snake_case, null when the org has none), read into the app's shape. A row the app
 * cannot read is refused as a bad server answer: a half-read policy is never kept.
 */
import { z } from 'zod';
import { InstallMode, SemVer, UpdateChannel, type OrgUpdatePolicy } from '../../../src-shared/domain/update-policy';
import { AppError, ErrorCode } from '../../../src-shared/errors';

const ServerPolicy = z.object({
  channel: UpdateChannel.nullable(),
  minimum_version: SemVer.nullable(),
  pinned_version: SemVer.nullable(),
  rollout_percent: z.int().min(0).max(100).nullable(),
  defer_days: z.int().min(0).max(90).nullable(),
  install_mode: InstallMode.nullable(),
  updated_at: z.string().refine((v) => !Number.isNaN(Date.parse(v))),
  updated_by: z.string().nullable(),
  updated_by_name: z.string().nullable().optional(),
});

export function parseServerPolicy(value: unknown): OrgUpdatePolicy | null {
  if (value === null) return null;
  const parsed = ServerPolicy.safeParse(value);
  if (!parsed.success)
    throw new AppError(ErrorCode.BadServerAnswer, 'The server answered with an update policy the app cannot read.');
  const p = parsed.data;
  return {
    channel: p.channel,
    minimumVersion: p.minimum_version,
    pinnedVersion: p.pinned_version,
    rolloutPercent: p.rollout_percent,
    deferDays: p.defer_days,
    installMode: p.install_mode,
    updatedAt: new Date(p.updated_at).toISOString(),
    updatedBy: p.updated_by_name ?? p.updated_by,
  };
}
