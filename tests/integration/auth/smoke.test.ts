import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from 'vitest';
import { createCore } from '../../../src-main/core/core';
import { startStack } from '../../../tests/support/stack';
import { seedOrg } from '../../../tests/support/seed';

test('smoke', async () => {
  const stack = await startStack();
  const org = await seedOrg(stack, 'Smoke Co');
  const dataDir = mkdtempSync(join(tmpdir(), 'smoke-'));
  const core = createCore({ dataDir, argv: ['--supabase-url', stack.supabaseUrl, '--supabase-anon-key', stack.anonKey] });
  await core.ready;
  const call = (ns: string, m: string, i: unknown) => core.router.call(ns, m, i, { actor: 'local' });
  console.log(JSON.stringify(await call('account', 'status', {})));
  const s = await call('account', 'signIn', { email: org.users.compliance_officer.email, password: org.users.compliance_officer.password });
  console.log(JSON.stringify(s));
  console.log(JSON.stringify(await call('app', 'workspace', {})));
  const p = await call('policies', 'create', { title: 'Hello' });
  console.log(JSON.stringify(p).slice(0, 400));
  console.log(JSON.stringify(await call('policies', 'approve', { id: (p as any).value?.id })));
  core.close();
  await stack.stop();
  expect(1).toBe(1);
}, 60000);
