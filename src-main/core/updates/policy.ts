/**
 * The effective update policy, key by key: machine policy (IT's file on this computer) >
 * organization policy (Settings → Fleet, kept from the last sync) > the user's choice > default.
 * A key set by the machine or the organization is locked for the user ("Managed by your
 * organization"), as VS Code treats a policy-set `update.mode` and Slack its managed keys; the
 * machine policy's `locked` also locks keys it leaves unset. Users choose only channel and
 * install mode; the other keys are administrators' decisions.
 */
import type { PolicyEntry, PolicySource, UpdateKey } from '../../../src-shared/api/updates';
import { UPDATE_KEYS } from '../../../src-shared/api/updates';
import type { MachineUpdatePolicy } from './machine-update-policy';

export type UpdateChannel = 'latest' | 'beta';
export type InstallMode = 'on-quit' | 'on-next-launch' | 'manual';

/** The organization's policy as FLEET's readOrgUpdatePolicy answers it (null = not set by the org). */
export interface OrgUpdatePolicyValues {
  channel: UpdateChannel | null;
  minimumVersion: string | null;
  pinnedVersion: string | null;
  rolloutPercent: number | null;
  deferDays: number | null;
  installMode: InstallMode | null;
}

/** What the user picked in Settings → Updates (unset = follow the default). */
export interface UserUpdateChoices {
  channel?: UpdateChannel;
  installMode?: InstallMode;
}

export interface UpdatePolicyValues {
  channel: UpdateChannel;
  minimumVersion: string | null;
  pinnedVersion: string | null;
  rolloutPercent: number;
  deferDays: number;
  installMode: InstallMode;
}

export interface EffectiveUpdatePolicy {
  values: UpdatePolicyValues;
  entries: PolicyEntry[];
  /** IT's feed URL (https), or null: app-update.yml's URL is used. */
  feedUrl: string | null;
}

export const UPDATE_DEFAULTS: UpdatePolicyValues = {
  channel: 'latest',
  minimumVersion: null,
  pinnedVersion: null,
  rolloutPercent: 100,
  // A week, unless the organization says otherwise: long enough to finish an audit day.
  deferDays: 7,
  installMode: 'on-quit',
};

export const USER_KEYS: readonly UpdateKey[] = ['channel', 'installMode'];

export interface PolicyInputs {
  machine: MachineUpdatePolicy | null | undefined;
  org: OrgUpdatePolicyValues | null | undefined;
  user: UserUpdateChoices | null | undefined;
}

export function resolveUpdatePolicy({ machine, org, user }: PolicyInputs): EffectiveUpdatePolicy {
  const machineLocks = machine?.locked === true ? new Set<UpdateKey>(UPDATE_KEYS) : new Set(machine?.locked || []);
  const values = { ...UPDATE_DEFAULTS } as Record<UpdateKey, string | number | null>;
  const entries = UPDATE_KEYS.map((key): PolicyEntry => {
    const fromMachine = machine?.[key];
    const fromOrg = org?.[key];
    const fromUser = USER_KEYS.includes(key) ? user?.[key as keyof UserUpdateChoices] : undefined;
    let source: PolicySource = 'default';
    let value: string | number | null = UPDATE_DEFAULTS[key];
    if (fromMachine !== undefined) [source, value] = ['machine', fromMachine];
    else if (fromOrg !== undefined && fromOrg !== null) [source, value] = ['organization', fromOrg];
    else if (fromUser !== undefined && !machineLocks.has(key)) [source, value] = ['user', fromUser];
    values[key] = value;
    const locked = source === 'machine' || source === 'organization' || machineLocks.has(key);
    return { key, value, source, locked };
  });
  return { values: values as unknown as UpdatePolicyValues, entries, feedUrl: machine?.feedUrl ?? null };
}

/** The channel this device follows now (FLEET's device report reads it). */
export function currentChannel(inputs: PolicyInputs): UpdateChannel {
  return resolveUpdatePolicy(inputs).values.channel;
}

/** Why the user may not change `key`, in words, or null when they may. */
export function lockReason(policy: EffectiveUpdatePolicy, key: UpdateKey): string | null {
  const entry = policy.entries.find((e) => e.key === key);
  if (!entry) return null;
  if (!USER_KEYS.includes(key)) return `${KEY_WORDS[key]} is decided by your organization, not in this screen.`;
  if (!entry.locked) return null;
  const by = entry.source === 'organization' ? 'your organization’s update policy' : 'this computer’s policy (set by IT)';
  return `${KEY_WORDS[key]} is managed by your organization (${by}); it cannot be changed here.`;
}

export const KEY_WORDS: Record<UpdateKey, string> = {
  channel: 'The update channel',
  minimumVersion: 'The minimum version',
  pinnedVersion: 'The pinned version',
  rolloutPercent: 'The rollout percentage',
  deferDays: 'The days an update may be deferred',
  installMode: 'When updates install',
};
