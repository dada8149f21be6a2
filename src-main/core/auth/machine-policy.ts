/**
 * The machine policy file IT places on a laptop: it presets (and by default locks) the
 * organization's Supabase project, for every user of the computer, and may set or lock the update
 * policy (`updates`: see core/updates/policy.ts for how it ranks above the organization's);
 * unknown keys are ignored here. A file that is not valid JSON, or whose
 * values are wrong, is reported in words and not used.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describeIssues } from '../router/router';
import { MachineUpdatePolicy } from '../updates/machine-update-policy';

export const MachinePolicy = z.looseObject({
  supabaseUrl: z.string().max(2000).optional(),
  supabaseAnonKey: z.string().max(4000).optional(),
  /** true (the default): users cannot change the connection in Settings. */
  lockConnection: z.boolean().optional(),
  /** IT's update policy for this computer: every key it sets is locked for users. */
  updates: MachineUpdatePolicy.optional(),
});
export type MachinePolicy = z.infer<typeof MachinePolicy>;

/** Where IT puts the file on each platform (COMPLYFLOW_POLICY_FILE overrides, for staging and tests). */
export function machinePolicyPath(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.COMPLYFLOW_POLICY_FILE) return path.resolve(env.COMPLYFLOW_POLICY_FILE);
  if (platform === 'win32') return path.join(env.ProgramData ?? 'C:\\ProgramData', 'ComplyFlow', 'policy.json');
  if (platform === 'darwin') return '/Library/Application Support/ComplyFlow/policy.json';
  return '/etc/complyflow/policy.json';
}

export type PolicyRead = { policy: MachinePolicy | null; file: string; problem: string | null };

export function readMachinePolicy(file: string): PolicyRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { policy: null, file, problem: null };
    return {
      policy: null,
      file,
      problem: `The machine policy ${file} cannot be read (${(error as Error).message}); it is ignored.`,
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return {
      policy: null,
      file,
      problem: `The machine policy ${file} is not valid JSON (${(error as Error).message}); it is ignored. Ask IT to fix it.`,
    };
  }
  const parsed = MachinePolicy.safeParse(raw);
  if (!parsed.success) {
    return {
      policy: null,
      file,
      problem: `The machine policy ${file} has wrong values, so it is ignored: ${describeIssues(parsed.error)} Ask IT to fix it.`,
    };
  }
  return { policy: parsed.data, file, problem: null };
}
