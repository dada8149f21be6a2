// Every bucket × list / download / upload / overwrite, each upload both plain (supabase-js) and
// resumable (tus-js-client), × {anon, each role in org A, the owner of org B}, against the
// stand-in Storage, where the object policies in supabase/migrations decide. Plus: paths outside
// the caller's org prefix, evidence names that are not hashes, the auditor's open assigned audit,
// and signed URLs.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrg, type MemberRole, type SeededOrg } from '../../support/seed.ts';
import { startStack, supabaseClient, type Stack } from '../../support/stack.ts';
import { tusUpload } from './tus-client.ts';

type Actor = 'anon' | MemberRole | 'outsider';
type Op = 'list' | 'download' | 'upload' | 'overwrite' | 'resumable upload' | 'resumable overwrite';
const OPS: Op[] = ['list', 'download', 'upload', 'overwrite', 'resumable upload', 'resumable overwrite'];
const ACTORS: Actor[] = ['anon', 'owner', 'admin', 'compliance_officer', 'auditor', 'viewer', 'outsider'];
const MEMBERS: Actor[] = ['owner', 'admin', 'compliance_officer', 'auditor', 'viewer'];
const LIBRARY: Actor[] = ['owner', 'admin', 'compliance_officer'];
const TRAINERS: Actor[] = ['owner', 'admin'];

const rules = (read: Actor[], upload: Actor[], overwrite: Actor[]): Record<Op, Actor[]> => ({
  list: read,
  download: read,
  upload,
  overwrite,
  'resumable upload': upload,
  'resumable overwrite': overwrite,
});
const EXPECTED: Record<string, Record<Op, Actor[]>> = {
  'policy-documents': rules(MEMBERS, LIBRARY, LIBRARY),
  // The auditor uploads the file of evidence captured in their open assigned audit (arranged below).
  'evidence-files': rules(MEMBERS, [...LIBRARY, 'auditor'], LIBRARY),
  'voice-summaries': rules(MEMBERS, LIBRARY, LIBRARY),
  // Voice samples are biometric data: only the owners and admins who train the org voice touch them.
  'voice-training': rules(TRAINERS, TRAINERS, TRAINERS),
};
const MIME: Record<string, string> = {
  'policy-documents': 'text/markdown',
  'evidence-files': 'application/pdf',
  'voice-summaries': 'audio/mpeg',
  'voice-training': 'audio/wav',
};
const ORIGINAL = Buffer.from('original');
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let stack: Stack;
let orgA: SeededOrg;
let orgB: SeededOrg;
let audit: string;
const clients = {} as Record<Actor, SupabaseClient>;
const tokens = {} as Record<Actor, string>;

/** Evidence files are named by their hash; other buckets by anything under the org prefix. */
const fixtureName = (bucket: string) => (bucket === 'evidence-files' ? `${orgA.id}/${sha(ORIGINAL)}` : `${orgA.id}/fixture`);

/** Evidence with this hash, captured in the audit the auditor of A works on (what lets them upload its file). */
async function captureInAudit(hash: string, auditId = audit, extra: { deleted?: boolean } = {}): Promise<void> {
  await stack.admin.query(
    `insert into evidence (id, org_id, title, sha256, audit_id, deleted_at) values ($1, $2, 'Screenshot', $3, $4, $5)`,
    [randomUUID(), orgA.id, hash, auditId, extra.deleted ? new Date() : null],
  );
}

async function newAudit(status: string, assign: boolean): Promise<string> {
  const id = randomUUID();
  await stack.admin.query(`insert into audits (id, org_id, title, status) values ($1, $2, 'SOC 2', $3)`, [id, orgA.id, status]);
  if (assign) {
    await stack.admin.query(`insert into audit_assignments (org_id, audit_id, user_id) values ($1, $2, $3)`, [
      orgA.id,
      id,
      orgA.users.auditor.id,
    ]);
  }
  return id;
}

beforeAll(async () => {
  stack = await startStack();
  orgA = await seedOrg(stack, 'Org A');
  orgB = await seedOrg(stack, 'Org B');
  audit = await newAudit('fieldwork', true);
  await captureInAudit(sha(ORIGINAL));
  clients.anon = supabaseClient(stack.supabaseUrl, stack.anonKey);
  tokens.anon = stack.anonKey;
  for (const role of ['owner', 'admin', 'compliance_officer', 'auditor', 'viewer'] as const) {
    clients[role] = await stack.client(orgA.users[role]);
  }
  clients.outsider = await stack.client(orgB.users.owner);
  for (const actor of ACTORS.filter((a) => a !== 'anon')) {
    tokens[actor] = (await clients[actor].auth.getSession()).data.session!.access_token;
  }
  for (const bucket of Object.keys(EXPECTED)) {
    const { error } = await clients.owner.storage.from(bucket).upload(fixtureName(bucket), ORIGINAL, {
      contentType: MIME[bucket],
    });
    if (error) throw error;
  }
});

afterAll(async () => {
  await stack?.stop();
});

function resumable(actor: Actor, bucket: string, objectName: string, bytes: Buffer, upsert: boolean) {
  return tusUpload(
    {
      supabaseUrl: stack.supabaseUrl,
      anonKey: stack.anonKey,
      token: tokens[actor],
      bucket,
      objectName,
      contentType: MIME[bucket],
      upsert,
    },
    bytes,
  );
}

/** A new object's bytes and name (evidence: named by its hash, and captured in the auditor's audit). */
async function fresh(bucket: string): Promise<{ bytes: Buffer; name: string }> {
  const bytes = randomBytes(64);
  if (bucket !== 'evidence-files') return { bytes, name: `${orgA.id}/${randomUUID()}` };
  await captureInAudit(sha(bytes));
  return { bytes, name: `${orgA.id}/${sha(bytes)}` };
}

/** What overwrites the fixture: evidence files only with the bytes their name claims (a repair). */
const overwriteBytes = (bucket: string, actor: Actor) =>
  bucket === 'evidence-files' ? ORIGINAL : Buffer.from(`rewritten by ${actor}`);

async function attempt(bucket: string, op: Op, actor: Actor): Promise<boolean> {
  const files = clients[actor].storage.from(bucket);
  switch (op) {
    case 'list': {
      const { data, error } = await files.list(orgA.id);
      if (error) return false;
      return data.some((f) => `${orgA.id}/${f.name}` === fixtureName(bucket));
    }
    case 'download': {
      const { data, error } = await files.download(fixtureName(bucket));
      if (error) return false;
      return (await data.text()).length > 0;
    }
    case 'upload': {
      const { bytes, name } = await fresh(bucket);
      const { error } = await files.upload(name, bytes, { contentType: MIME[bucket] });
      return error === null;
    }
    case 'overwrite': {
      const { error } = await files.upload(fixtureName(bucket), overwriteBytes(bucket, actor), {
        contentType: MIME[bucket],
        upsert: true,
      });
      return error === null;
    }
    case 'resumable upload': {
      const { bytes, name } = await fresh(bucket);
      return (await resumable(actor, bucket, name, bytes, false)).ok;
    }
    case 'resumable overwrite':
      return (await resumable(actor, bucket, fixtureName(bucket), overwriteBytes(bucket, actor), true)).ok;
  }
}

describe('storage object policies', () => {
  for (const [bucket, ops] of Object.entries(EXPECTED)) {
    for (const op of OPS) {
      for (const actor of ACTORS) {
        const allowed = ops[op].includes(actor);
        it(`${bucket}: ${actor} ${op} is ${allowed ? 'allowed' : 'refused'}`, async () => {
          expect(await attempt(bucket, op, actor)).toBe(allowed);
        });
      }
    }
  }
});

describe('an auditor uploads evidence files only within an open audit they are assigned to', () => {
  const cases: { name: string; arrange: (hash: string) => Promise<void>; allowed: boolean }[] = [
    { name: 'evidence captured in their open audit', arrange: (h) => captureInAudit(h), allowed: true },
    {
      name: 'evidence captured in their audit while still planned',
      arrange: async (h) => captureInAudit(h, await newAudit('planned', true)),
      allowed: true,
    },
    { name: 'no evidence row names the hash', arrange: async () => undefined, allowed: false },
    {
      name: 'evidence captured outside any audit',
      arrange: async (h) => {
        await stack.admin.query(`insert into evidence (id, org_id, title, sha256) values ($1, $2, 'Loose', $3)`, [
          randomUUID(),
          orgA.id,
          h,
        ]);
      },
      allowed: false,
    },
    {
      name: 'evidence captured in an audit they are not assigned to',
      arrange: async (h) => captureInAudit(h, await newAudit('fieldwork', false)),
      allowed: false,
    },
    {
      name: 'evidence captured in their audit, now closed',
      arrange: async (h) => captureInAudit(h, await newAudit('closed', true)),
      allowed: false,
    },
    {
      name: 'evidence captured in their audit, deleted since',
      arrange: (h) => captureInAudit(h, audit, { deleted: true }),
      allowed: false,
    },
    {
      name: 'evidence captured in their audit, their assignment withdrawn',
      arrange: async (h) => {
        const withdrawn = await newAudit('fieldwork', true);
        await stack.admin.query(`update audit_assignments set deleted_at = now() where audit_id = $1`, [withdrawn]);
        await captureInAudit(h, withdrawn);
      },
      allowed: false,
    },
  ];
  for (const c of cases) {
    for (const via of ['supabase-js', 'tus-js-client'] as const) {
      it(`${c.name}: ${c.allowed ? 'allowed' : 'refused'} (${via})`, async () => {
        const bytes = randomBytes(100);
        await c.arrange(sha(bytes));
        const name = `${orgA.id}/${sha(bytes)}`;
        const ok =
          via === 'supabase-js'
            ? (await clients.auditor.storage.from('evidence-files').upload(name, bytes)).error === null
            : (await resumable('auditor', 'evidence-files', name, bytes, false)).ok;
        expect(ok).toBe(c.allowed);
        const stored = await stack.admin.query(`select 1 from storage.objects where bucket_id = 'evidence-files' and name = $1`, [
          name,
        ]);
        expect(stored.rowCount).toBe(c.allowed ? 1 : 0);
      });
    }
  }
});

describe('evidence names are hashes of their bytes', () => {
  it('refuses a name that is not {org_id}/{sha256}, even for an owner', async () => {
    const bytes = Buffer.from('x');
    const files = clients.owner.storage.from('evidence-files');
    for (const name of [`${orgA.id}/notes.txt`, `${orgA.id}/${sha(bytes).toUpperCase()}`, `${orgA.id}/sub/${sha(bytes)}`]) {
      expect((await files.upload(name, bytes)).error, name).not.toBeNull();
      expect((await resumable('owner', 'evidence-files', name, bytes, false)).status, name).toBe(403);
    }
  });

  it('refuses bytes that do not hash to the name, plain or resumable, new or overwriting, and keeps the object as it was', async () => {
    const name = fixtureName('evidence-files');
    const wrong = Buffer.from('tampered');
    const plain = await clients.owner.storage.from('evidence-files').upload(name, wrong, { upsert: true });
    expect((plain.error as { statusCode?: string } | null)?.statusCode).toBe('400');
    const tus = await resumable('owner', 'evidence-files', name, wrong, true);
    expect(tus.status).toBe(400);
    expect(JSON.parse(tus.body)).toMatchObject({ statusCode: '400', error: 'InvalidChecksum' });
    const fresh = await resumable('owner', 'evidence-files', `${orgA.id}/${sha(Buffer.from('claimed'))}`, wrong, false);
    expect(fresh.status).toBe(400);
    const { data } = await clients.viewer.storage.from('evidence-files').download(name);
    expect(Buffer.from(await data!.arrayBuffer())).toEqual(ORIGINAL);
  });
});

describe('org prefixes', () => {
  it("refuses an upload outside the org prefix, or to another org's prefix, even for an owner", async () => {
    const files = clients.owner.storage.from('policy-documents');
    for (const name of ['loose.md', `${orgB.id}/x.md`, 'not-a-uuid/x.md']) {
      expect((await files.upload(name, Buffer.from('x'), { contentType: 'text/markdown' })).error, name).not.toBeNull();
      expect((await resumable('owner', 'policy-documents', name, Buffer.from('x'), false)).status, name).toBe(403);
    }
  });

  it("keeps each org's listing to itself", async () => {
    const { data } = await clients.outsider.storage.from('evidence-files').list(orgA.id);
    expect(data).toEqual([]);
  });

  it('answers an upload that already exists with 409 unless upsert is asked for, plain or resumable', async () => {
    const { error } = await clients.owner.storage.from('policy-documents').upload(`${orgA.id}/fixture`, Buffer.from('x'), {
      contentType: 'text/markdown',
    });
    expect((error as { statusCode?: string } | null)?.statusCode).toBe('409');
    const tus = await resumable('owner', 'policy-documents', `${orgA.id}/fixture`, Buffer.from('x'), false);
    expect(tus.status).toBe(409);
    expect(JSON.parse(tus.body)).toMatchObject({ statusCode: '409', error: 'Duplicate' });
  });

  it('round-trips a Blob upload (multipart) byte for byte, and lets only the permitted roles remove it', async () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    const path = `${orgA.id}/${sha(bytes)}`;
    await captureInAudit(sha(bytes));
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
