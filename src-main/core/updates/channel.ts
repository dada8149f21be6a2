/**
 * The channel this device follows, for callers outside the updates service (FLEET's device
 * report at each sync): reads the machine policy file and the user's choice from disk, takes the
 * organization's policy from the caller (readOrgUpdatePolicy(db)), and resolves as the service does.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { machinePolicyPath, readMachinePolicy } from '../auth/machine-policy';
import { currentChannel, type OrgUpdatePolicyValues, type UpdateChannel } from './policy';
import { UpdateSettings } from './update-settings';

export function readCurrentChannel(
  dataDir: string,
  org: OrgUpdatePolicyValues | null,
  env: NodeJS.ProcessEnv = process.env,
): UpdateChannel {
  const machine = readMachinePolicy(machinePolicyPath(env)).policy?.updates ?? null;
  const file = path.join(dataDir, 'update-settings.json');
  let user: UpdateSettings | null = null;
  try {
    if (existsSync(file)) user = UpdateSettings.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    // A damaged file is set aside by the updates service; the default applies meanwhile.
  }
  return currentChannel({ machine, org, user: user ? { channel: user.channel, installMode: user.installMode } : null });
}
