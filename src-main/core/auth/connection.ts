/**
 * Which project the app connects to, and who decided: the machine policy file, then the
 * environment (COMPLYFLOW_SUPABASE_URL / COMPLYFLOW_SUPABASE_ANON_KEY), then the command line
 * (--supabase-url / --supabase-anon-key), then the user's own choice. What IT set is locked
 * ("Managed by your organization"); a policy file may say `"lockConnection": false` to only preset.
 */
import type { Connection, ConnectionSource } from '../../../src-shared/domain/account';
import type { AppSettings } from './app-settings';
import type { MachinePolicy } from './machine-policy';
import { checkProject, type Project } from './project';

export interface Presets {
  policy: MachinePolicy | null;
  env: NodeJS.ProcessEnv;
  argv: readonly string[];
}

export interface ResolvedConnection {
  connection: Connection;
  project: Project | null;
  /** A preset that could not be used, in words (shown in Settings; the app falls back). */
  problem: string | null;
}

export function cliOption(argv: readonly string[], name: string): string | undefined {
  const index = argv.findIndex((arg) => arg === name || arg.startsWith(`${name}=`));
  if (index < 0) return undefined;
  const value = argv[index].includes('=') ? argv[index].slice(name.length + 1) : argv[index + 1];
  return value && !value.startsWith('--') ? value : undefined;
}

function preset(presets: Presets): { source: ConnectionSource; url?: string; anonKey?: string; locked: boolean } | null {
  const { policy, env, argv } = presets;
  if (policy?.supabaseUrl || policy?.supabaseAnonKey) {
    return {
      source: 'policy-file',
      url: policy.supabaseUrl,
      anonKey: policy.supabaseAnonKey,
      locked: policy.lockConnection !== false,
    };
  }
  if (env.COMPLYFLOW_SUPABASE_URL || env.COMPLYFLOW_SUPABASE_ANON_KEY) {
    return { source: 'environment', url: env.COMPLYFLOW_SUPABASE_URL, anonKey: env.COMPLYFLOW_SUPABASE_ANON_KEY, locked: true };
  }
  const url = cliOption(argv, '--supabase-url');
  const anonKey = cliOption(argv, '--supabase-anon-key');
  if (url || anonKey) return { source: 'command-line', url, anonKey, locked: true };
  return null;
}

const hint = (key: string) => `…${key.slice(-6)}`;

export function resolveConnection(presets: Presets, settings: AppSettings): ResolvedConnection {
  const it = preset(presets);
  const userChose = settings.mode === 'local' || (settings.mode === 'supabase' && settings.project !== null);
  if (it && (it.locked || !userChose)) {
    const where = { 'policy-file': 'machine policy', environment: 'environment', 'command-line': 'command line' }[
      it.source as 'policy-file' | 'environment' | 'command-line'
    ];
    if (!it.url || !it.anonKey) {
      return fallback(
        settings,
        `The ${where} sets ${it.url ? 'a project URL but no anon key' : 'an anon key but no project URL'}; both are needed.`,
      );
    }
    try {
      const project = checkProject(it.url, it.anonKey);
      return {
        connection: {
          mode: 'supabase',
          url: project.url,
          anonKeyHint: hint(project.anonKey),
          source: it.source,
          locked: it.locked,
        },
        project,
        problem: null,
      };
    } catch (error) {
      return fallback(settings, `The project set by the ${where} cannot be used: ${(error as Error).message}`);
    }
  }
  return fallback(settings, null);
}

function fallback(settings: AppSettings, problem: string | null): ResolvedConnection {
  if (settings.mode === 'supabase' && settings.project) {
    return {
      connection: {
        mode: 'supabase',
        url: settings.project.url,
        anonKeyHint: hint(settings.project.anonKey),
        source: 'user',
        locked: false,
      },
      project: settings.project,
      problem,
    };
  }
  return {
    connection: {
      mode: settings.mode === 'supabase' ? 'unset' : settings.mode,
      url: null,
      anonKeyHint: null,
      source: 'none',
      locked: false,
    },
    project: null,
    problem,
  };
}
