// Resumable uploads through the unmodified tus-js-client against the stand-in Storage: the bytes
// land as the object, are readable through supabase-js, and a name that lies about its hash is refused.
import { createHash, randomBytes } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { tusUpload } from './tus-client.ts';

let stack: Stack;
let org: SeededOrg;
let owner: SupabaseClient;
let token: string;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Tus Org');
  owner = await stack.client(org.users.owner);
  token = (await owner.auth.getSession()).data.session!.access_token;
});

afterAll(async () => {
  await stack?.stop();
});

describe('tus uploads', () => {
  it('uploads a file in chunks as the object its name says, readable byte for byte', async () => {
    const bytes = randomBytes(13 * 1024 * 1024 + 17);
    const objectName = `${org.id}/${sha(bytes)}`;
    const outcome = await tusUpload(
      { supabaseUrl: stack.supabaseUrl, anonKey: stack.anonKey, token, bucket: 'evidence-files', objectName },
      bytes,
    );
    expect(outcome).toMatchObject({ ok: true });
    expect(outcome.url).toMatch(new RegExp(`^${stack.supabaseUrl}/storage/v1/upload/resumable/[A-Za-z0-9_-]+$`));
    const { data, error } = await owner.storage.from('evidence-files').download(objectName);
    expect(error).toBeNull();
    expect(sha(Buffer.from(await data!.arrayBuffer()))).toBe(sha(bytes));
    const patches = stack.storageLog().patches(objectName);
    expect(patches.map((p) => p.uploadOffset)).toEqual([0, 6 * 1024 * 1024, 12 * 1024 * 1024]);
  });

  it('refuses bytes that do not hash to the name, and stores nothing', async () => {
    const bytes = randomBytes(1000);
    const objectName = `${org.id}/${sha(Buffer.from('something else'))}`;
    const outcome = await tusUpload(
      { supabaseUrl: stack.supabaseUrl, anonKey: stack.anonKey, token, bucket: 'evidence-files', objectName },
      bytes,
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.status).toBe(400);
    expect(JSON.parse(outcome.body)).toMatchObject({ statusCode: '400', error: 'InvalidChecksum' });
    const rows = await stack.admin.query(`select 1 from storage.objects where name = $1`, [objectName]);
    expect(rows.rowCount).toBe(0);
  });
});
