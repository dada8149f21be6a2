// Every bucket × list / download / upload / overwrite × {anon, each role in org A, the owner of
// org B}, through supabase-js against the stand-in Storage, where the object policies in
// supabase/migrations decide. Plus: paths outside the caller's org prefix, and signed URLs.
import { createHash, randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrg, type MemberRole, type SeededOrg } from '../../support/seed.ts';
import { startStack, supabaseClient, type Stack } from '../../support/stack.ts';

type Actor = 'anon' | MemberRole | 'outsider';
type Op = 'list' | 'download' | 'upload' | 'overwrite';
const ACTORS: Actor[] = ['anon', 'owner', 'admin', 'compliance_officer', 'auditor', 'viewer', 'outsider'];
const MEMBERS: Actor[] = ['owner', 'admin', 'compliance_officer', 'auditor', 'viewer'];
const LIBRARY: Actor[] = ['owner', 'admin', 'compliance_officer'];
const TRAINERS: Actor[] = ['owner', 'admin'];

const EXPECTED: Record<string, Record<Op, Actor[]>> = {
  'policy-documents': { list: MEMBERS, download: MEMBERS, upload: LIBRARY, overwrite: LIBRARY },
  'evidence-files': { list: MEMBERS, download: MEMBERS, upload: [...LIBRARY, 'auditor'], overwrite: LIBRARY },
  'voice-summaries': { list: MEMBERS, download: MEMBERS, upload: LIBRARY, overwrite: LIBRARY },
  // Voice samples are biometric data: only the owners and admins who train the org voice touch them.
  'voice-training': { list: TRAINERS, download: TRAINERS, upload: TRAINERS, overwrite: TRAINERS },
};
const MIME: Record<string, string> = {
  'policy-documents': 'text/markdown',
  'evidence-files': 'application/pdf',
  'voice-summaries': 'audio/mpeg',
  'voice-training': 'audio/wav',
};

let stack: Stack;
let orgA: SeededOrg;
let orgB: SeededOrg;
const clients = {} as Record<Actor, SupabaseClient>;

beforeAll(async () => {
  stack = await startStack();
  orgA = await seedOrg(stack, 'Org A');
  orgB = await seedOrg(stack, 'Org B');
  // The auditor of A works on an open audit, which is what lets them upload evidence.
  const audit = randomUUID();
  await stack.admin.query(`insert into audits (id, org_id, title, status) values ($1, $2, 'SOC 2', 'fieldwork')`, [
    audit,
    orgA.id,
  ]);
  await stack.admin.query(`insert into audit_assignments (org_id, audit_id, user_id) values ($1, $2, $3)`, [
    orgA.id,
    audit,
    orgA.users.auditor.id,
  ]);
  clients.anon = supabaseClient(stack.supabaseUrl, stack.anonKey);
  for (const role of ['owner', 'admin', 'compliance_officer', 'auditor', 'viewer'] as const) {
    clients[role] = await stack.client(orgA.users[role]);
  }
  clients.outsider = await stack.client(orgB.users.owner);
  for (const bucket of Object.keys(EXPECTED)) {
    const { error } = await clients.owner.storage.from(bucket).upload(`${orgA.id}/fixture`, Buffer.from('original'), {
      contentType: MIME[bucket],
    });
    if (error) throw error;
  }
});

afterAll(async () => {
  await stack?.stop();
});

async function attempt(bucket: string, op: Op, actor: Actor): Promise<boolean> {
  const files = clients[actor].storage.from(bucket);
  switch (op) {
    case 'list': {
      const { data, error } = await files.list(orgA.id);
      if (error) return false;
      return data.some((f) => f.name === 'fixture');
    }
    case 'download': {
      const { data, error } = await files.download(`${orgA.id}/fixture`);
      if (error) return false;
      return (await data.text()).length > 0;
    }
    case 'upload': {
      const { error } = await files.upload(`${orgA.id}/${randomUUID()}`, Buffer.from('new'), { contentType: MIME[bucket] });
      return error === null;
    }
    case 'overwrite': {
      const { error } = await files.upload(`${orgA.id}/fixture`, Buffer.from(`rewritten by ${actor}`), {
        contentType: MIME[bucket],
        upsert: true,
      });
      return error === null;
    }
  }
}

describe('storage object policies', () => {
  for (const [bucket, ops] of Object.entries(EXPECTED)) {
    for (const op of Object.keys(ops) as Op[]) {
      for (const actor of ACTORS) {
        const allowed = ops[op].includes(actor);
        it(`${bucket}: ${actor} ${op} is ${allowed ? 'allowed' : 'refused'}`, async () => {
          expect(await attempt(bucket, op, actor)).toBe(allowed);
        });
      }
    }
  }
});

describe('org prefixes', () => {
  it("refuses an upload outside the org prefix, or to another org's prefix, even for an owner", async () => {
    const files = clients.owner.storage.from('policy-documents');
    expect((await files.upload(`loose.md`, Buffer.from('x'), { contentType: 'text/markdown' })).error).not.toBeNull();
    expect((await files.upload(`${orgB.id}/x.md`, Buffer.from('x'), { contentType: 'text/markdown' })).error).not.toBeNull();
    expect((await files.upload(`not-a-uuid/x.md`, Buffer.from('x'), { contentType: 'text/markdown' })).error).not.toBeNull();
  });

  it("keeps each org's listing to itself", async () => {
    const { data } = await clients.outsider.storage.from('evidence-files').list(orgA.id);
    expect(data).toEqual([]);
  });

  it('answers an upload that already exists with 409 unless upsert is asked for', async () => {
    const { error } = await clients.owner.storage.from('policy-documents').upload(`${orgA.id}/fixture`, Buffer.from('x'), {
      contentType: 'text/markdown',
    });
    expect((error as { statusCode?: string } | null)?.statusCode).toBe('409');
  });

  it('round-trips a Blob upload (multipart) byte for byte, and lets only the permitted roles remove it', async () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    const path = `${orgA.id}/${createHash('sha256').update(bytes).digest('hex')}`;
    const upload = await clients.auditor.storage
      .from('evidence-files')
      .upload(path, new Blob([bytes], { type: 'application/pdf' }));
    expect(upload.error).toBeNull();
    const { data } = await clients.viewer.storage.from('evidence-files').download(path);
    expect(new Uint8Array(await data!.arrayBuffer())).toEqual(bytes);
    const byOfficer = await clients.compliance_officer.storage.from('evidence-files').remove([path]);
    expect(byOfficer.data).toEqual([]); // evidence files are removed only by owner or admin
    const byAdmin = await clients.admin.storage.from('evidence-files').remove([path]);
    expect(byAdmin.data?.map((o) => o.name)).toEqual([path]);
    expect((await clients.viewer.storage.from('evidence-files').download(path)).error).not.toBeNull();
  });

  it('hands out a short-lived signed URL only to someone who may read the object', async () => {
    const member = await clients.viewer.storage.from('voice-summaries').createSignedUrl(`${orgA.id}/fixture`, 60);
    expect(member.error).toBeNull();
    const audio = await fetch(member.data!.signedUrl);
    expect(audio.status).toBe(200);
    expect((await audio.text()).length).toBeGreaterThan(0);
    const stranger = await clients.outsider.storage.from('voice-summaries').createSignedUrl(`${orgA.id}/fixture`, 60);
    expect(stranger.data).toBeNull();
    const training = await clients.viewer.storage.from('voice-training').createSignedUrl(`${orgA.id}/fixture`, 60);
    expect(training.data).toBeNull();
  });
});
