import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppSettings } from '../../../../src-main/core/auth/app-settings';
import { resolveConnection } from '../../../../src-main/core/auth/connection';
import { machinePolicyPath, readMachinePolicy } from '../../../../src-main/core/auth/machine-policy';

const jwt = (payload: object) =>
  [{ alg: 'HS256' }, payload].map((p) => Buffer.from(JSON.stringify(p)).toString('base64url')).join('.') + '.c2ln';
const KEY = jwt({ role: 'anon' });
const OTHER = jwt({ role: 'anon', ref: 'other' });
const settings = (change: Partial<AppSettings> = {}) => AppSettings.parse(change);
const none = { policy: null, env: {}, argv: [] as string[] };

describe('which project the app connects to', () => {
  it('is unset until someone chooses, and the user’s choice when nobody else set one', () => {
    expect(resolveConnection(none, settings()).connection).toMatchObject({ mode: 'unset', source: 'none', locked: false });
    const mine = resolveConnection(
      none,
      settings({ mode: 'supabase', project: { url: 'https://mine.supabase.co', anonKey: KEY } }),
    );
    expect(mine.connection).toMatchObject({ mode: 'supabase', url: 'https://mine.supabase.co', source: 'user', locked: false });
    expect(mine.connection.anonKeyHint).toBe(`…${KEY.slice(-6)}`);
    expect(JSON.stringify(mine.connection)).not.toContain(KEY);
  });

  it('takes the policy file over the environment over the command line over the user, and locks what IT set', () => {
    const argv = ['--supabase-url', 'https://cli.supabase.co', '--supabase-anon-key', KEY];
    const env = { COMPLYFLOW_SUPABASE_URL: 'https://env.supabase.co', COMPLYFLOW_SUPABASE_ANON_KEY: KEY };
    const policy = { supabaseUrl: 'https://policy.supabase.co', supabaseAnonKey: OTHER };
    const user = settings({ mode: 'supabase', project: { url: 'https://user.supabase.co', anonKey: KEY } });
    expect(resolveConnection({ policy, env, argv }, user).connection).toMatchObject({
      url: 'https://policy.supabase.co',
      source: 'policy-file',
      locked: true,
    });
    expect(resolveConnection({ policy: null, env, argv }, user).connection).toMatchObject({
      url: 'https://env.supabase.co',
      source: 'environment',
      locked: true,
    });
    expect(resolveConnection({ policy: null, env: {}, argv }, user).connection).toMatchObject({
      url: 'https://cli.supabase.co',
      source: 'command-line',
      locked: true,
    });
    expect(
      resolveConnection(
        { policy: null, env: {}, argv: ['--supabase-url=https://cli.supabase.co', `--supabase-anon-key=${KEY}`] },
        user,
      ).connection,
    ).toMatchObject({ url: 'https://cli.supabase.co' });
  });

  it('lets a policy file preset without locking, and then the user’s own choice wins', () => {
    const policy = { supabaseUrl: 'https://policy.supabase.co', supabaseAnonKey: KEY, lockConnection: false };
    expect(resolveConnection({ ...none, policy }, settings()).connection).toMatchObject({
      url: 'https://policy.supabase.co',
      locked: false,
    });
    expect(resolveConnection({ ...none, policy }, settings({ mode: 'local' })).connection).toMatchObject({ mode: 'local' });
  });

  it('says why a preset cannot be used and falls back to the user’s choice', () => {
    const half = resolveConnection(
      { ...none, env: { COMPLYFLOW_SUPABASE_URL: 'https://env.supabase.co' } },
      settings({ mode: 'local' }),
    );
    expect(half.connection.mode).toBe('local');
    expect(half.problem).toMatch(/environment sets a project URL but no anon key/);
    const bad = resolveConnection({ ...none, policy: { supabaseUrl: 'http://evil.example', supabaseAnonKey: KEY } }, settings());
    expect(bad.project).toBeNull();
    expect(bad.problem).toMatch(/machine policy cannot be used: The project URL must start with https/);
    const service = resolveConnection(
      { ...none, argv: ['--supabase-url', 'https://x.supabase.co', '--supabase-anon-key', jwt({ role: 'service_role' })] },
      settings(),
    );
    expect(service.problem).toMatch(/service-role key/);
  });
});

describe('the machine policy file', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'complyflow-policy-'));
  it('lives where IT puts it on each platform, unless COMPLYFLOW_POLICY_FILE names another', () => {
    expect(machinePolicyPath({}, 'linux')).toBe('/etc/complyflow/policy.json');
    expect(machinePolicyPath({}, 'darwin')).toBe('/Library/Application Support/ComplyFlow/policy.json');
    expect(machinePolicyPath({ ProgramData: 'C:\\ProgramData' }, 'win32')).toMatch(/ComplyFlow[\\/]policy\.json$/);
    expect(machinePolicyPath({ COMPLYFLOW_POLICY_FILE: '/tmp/p.json' }, 'linux')).toBe('/tmp/p.json');
  });
  it('is optional', () => {
    expect(readMachinePolicy(path.join(dir, 'absent.json'))).toMatchObject({ policy: null, problem: null });
  });
  it('is read, keeping keys other policies add', () => {
    const file = path.join(dir, 'ok.json');
    writeFileSync(file, JSON.stringify({ supabaseUrl: 'https://x.supabase.co', supabaseAnonKey: KEY, updateChannel: 'beta' }));
    expect(readMachinePolicy(file).policy).toMatchObject({ supabaseUrl: 'https://x.supabase.co', updateChannel: 'beta' });
  });
  it.each([
    ['{ "supabaseUrl": ', /is not valid JSON/],
    ['[1, 2]', /has wrong values, so it is ignored/],
    ['{ "lockConnection": "yes" }', /has wrong values, so it is ignored: .*lock connection/i],
  ])('that is broken (%s) is reported in words and not used', (text, words) => {
    const file = path.join(dir, `bad-${Math.random()}.json`);
    writeFileSync(file, text);
    const read = readMachinePolicy(file);
    expect(read.policy).toBeNull();
    expect(read.problem).toMatch(words);
    expect(read.problem).toContain(file);
  });
});
