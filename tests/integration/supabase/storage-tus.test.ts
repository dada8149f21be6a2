// Resumable uploads through the unmodified tus-js-client (and, for what a client library never
// sends, raw tus requests) against the stand-in Storage: chunks land as the object, an interrupted
// or cut upload resumes from the offset the server acknowledged, the caller is checked on every
// request, and bad requests get Supabase's JSON errors or tus's protocol answers, changing nothing.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import type { SupabaseClient } from '@supabase/supabase-js';
import { Upload } from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { tusUpload } from './tus-client.ts';

let stack: Stack;
let org: SeededOrg;
let owner: SupabaseClient;
let token: string;
let viewerToken: string;

const MB = 1024 * 1024;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const endpoint = () => `${stack.supabaseUrl}/storage/v1/upload/resumable`;
const metadata = (pairs: Record<string, string>) =>
  Object.entries(pairs)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');

/** A tus request as a client library would send it, with the caller's token (or none). */
function tus(method: string, url: string, headers: Record<string, string>, auth: string | null = token, body?: Buffer) {
  return fetch(url, {
    method,
    headers: {
      'tus-resumable': '1.0.0',
      apikey: stack.anonKey,
      ...(auth ? { authorization: `Bearer ${auth}` } : {}),
      ...headers,
    },
    body,
  });
}

async function create(objectName: string, length: number, auth: string | null = token, bucket = 'evidence-files') {
  return tus(
    'POST',
    endpoint(),
    {
      'upload-length': String(length),
      'upload-metadata': metadata({ bucketName: bucket, objectName, contentType: 'application/pdf' }),
    },
    auth,
  );
}

async function offsetOf(url: string): Promise<number> {
  const head = await tus('HEAD', url, {});
  expect(head.status).toBe(200);
  return Number(head.headers.get('upload-offset'));
}

async function download(name: string): Promise<Buffer> {
  const { data, error } = await owner.storage.from('evidence-files').download(name);
  if (error) throw error;
  return Buffer.from(await data.arrayBuffer());
}

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Tus Org');
  owner = await stack.client(org.users.owner);
  token = (await owner.auth.getSession()).data.session!.access_token;
  const viewer = await stack.client(org.users.viewer);
  viewerToken = (await viewer.auth.getSession()).data.session!.access_token;
});

afterAll(async () => {
  await stack?.stop();
});

describe('tus uploads', () => {
  it('uploads a file in chunks as the object its name says, at an upload URL like Supabase gives', async () => {
    const bytes = randomBytes(13 * MB + 17);
    const objectName = `${org.id}/${sha(bytes)}`;
    const outcome = await tusUpload(
      { supabaseUrl: stack.supabaseUrl, anonKey: stack.anonKey, token, bucket: 'evidence-files', objectName },
      bytes,
    );
    expect(outcome).toMatchObject({ ok: true });
    const id = outcome.url!.slice(`${endpoint()}/`.length);
    expect(Buffer.from(id, 'base64url').toString()).toMatch(new RegExp(`^evidence-files/${objectName}/[0-9a-f-]{36}$`));
    expect(sha(await download(objectName))).toBe(sha(bytes));
    expect(
      stack
        .storageLog()
        .patches(objectName)
        .map((p) => p.uploadOffset),
    ).toEqual([0, 6 * MB, 12 * MB]);
    const row = await stack.admin.query(`select owner, metadata from storage.objects where name = $1`, [objectName]);
    expect(row.rows[0]).toMatchObject({
      owner: org.users.owner.id,
      metadata: { size: bytes.length, mimetype: 'application/octet-stream', cacheControl: 'max-age=3600' },
    });
  });

  it('resumes an upload the client paused from the offset the server acknowledged, not from zero', async () => {
    const bytes = randomBytes(5 * MB);
    const objectName = `${org.id}/${sha(bytes)}`;
    const options = {
      endpoint: endpoint(),
      chunkSize: MB,
      retryDelays: [],
      headers: { authorization: `Bearer ${token}`, apikey: stack.anonKey },
      metadata: { bucketName: 'evidence-files', objectName, contentType: 'application/pdf' },
    };
    const url = await new Promise<string>((resolve, reject) => {
      const first: Upload = new Upload(bytes, {
        ...options,
        onError: reject,
        onChunkComplete: (_size, accepted) => {
          if (accepted >= 2 * MB) void first.abort().then(() => resolve(first.url!));
        },
      });
      first.start();
    });
    const acknowledged = await offsetOf(url);
    expect(acknowledged).toBe(2 * MB);
    const before = stack.storageLog().patches(objectName).length;
    await new Promise<void>((resolve, reject) => {
      new Upload(bytes, { ...options, uploadUrl: url, onError: reject, onSuccess: () => resolve() }).start();
    });
    const resumed = stack.storageLog().patches(objectName).slice(before);
    expect(resumed[0]!.uploadOffset).toBe(acknowledged);
    expect(sha(await download(objectName))).toBe(sha(bytes));
  });

  it('keeps what a cut connection delivered, and tus-js-client resumes from there', async () => {
    const bytes = randomBytes(8 * MB);
    const objectName = `${org.id}/${sha(bytes)}`;
    const created = await create(objectName, bytes.length);
    expect(created.status).toBe(201);
    const url = created.headers.get('location')!;
    // Half the file goes out in one PATCH, then the socket dies (a laptop lid closing mid-upload).
    await new Promise<void>((resolve) => {
      const req = request(url, {
        method: 'PATCH',
        headers: {
          'tus-resumable': '1.0.0',
          authorization: `Bearer ${token}`,
          'upload-offset': '0',
          'content-type': 'application/offset+octet-stream',
          'content-length': String(bytes.length),
        },
      });
      req.on('error', () => resolve());
      req.write(bytes.subarray(0, 4 * MB), () => setImmediate(() => req.destroy()));
      req.on('close', () => resolve());
    });
    let kept = 0;
    for (let i = 0; i < 200 && kept === 0; i++) kept = await offsetOf(url); // the server finishes writing what arrived
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(bytes.length);
    const outcome = await tusUpload(
      { supabaseUrl: stack.supabaseUrl, anonKey: stack.anonKey, token, bucket: 'evidence-files', objectName },
      bytes,
      { uploadUrl: url },
    );
    expect(outcome.ok).toBe(true);
    const patches = stack.storageLog().patches(objectName);
    expect(patches[0]).toMatchObject({ uploadOffset: 0, answered: false });
    expect(patches[1]!.uploadOffset).toBe(kept);
    expect(sha(await download(objectName))).toBe(sha(bytes));
  });

  it('resumes across a gateway restart (the network gone and back): the upload and its offset survive', async () => {
    const bytes = randomBytes(2 * MB);
    const objectName = `${org.id}/${sha(bytes)}`;
    const url = (await create(objectName, bytes.length)).headers.get('location')!;
    const part = { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' };
    expect((await tus('PATCH', url, part, token, bytes.subarray(0, MB))).status).toBe(204);
    await stack.gatewayDown();
    await stack.gatewayUp();
    expect(await offsetOf(url)).toBe(MB);
    const outcome = await tusUpload(
      { supabaseUrl: stack.supabaseUrl, anonKey: stack.anonKey, token, bucket: 'evidence-files', objectName },
      bytes,
      { uploadUrl: url },
    );
    expect(outcome.ok).toBe(true);
    expect(
      stack
        .storageLog()
        .patches(objectName)
        .map((p) => p.uploadOffset),
    ).toEqual([0, MB]);
    expect(sha(await download(objectName))).toBe(sha(bytes));
  });

  it('answers HEAD of a completed upload with its full length, so a client that missed the last answer finishes', async () => {
    const bytes = randomBytes(1000);
    const objectName = `${org.id}/${sha(bytes)}`;
    const outcome = await tusUpload(
      { supabaseUrl: stack.supabaseUrl, anonKey: stack.anonKey, token, bucket: 'evidence-files', objectName },
      bytes,
    );
    expect(await offsetOf(outcome.url!)).toBe(1000);
    const again = await tusUpload(
      { supabaseUrl: stack.supabaseUrl, anonKey: stack.anonKey, token, bucket: 'evidence-files', objectName },
      bytes,
      { uploadUrl: outcome.url },
    );
    expect(again.ok).toBe(true);
    const finishedPatch = await tus('PATCH', outcome.url!, {
      'upload-offset': '1000',
      'content-type': 'application/offset+octet-stream',
    });
    expect(finishedPatch.status).toBeGreaterThanOrEqual(400);
    expect(await download(objectName)).toEqual(bytes);
  });

  it('refuses bytes that do not hash to the name, and stores nothing, not even the partial upload', async () => {
    const bytes = randomBytes(1000);
    const objectName = `${org.id}/${sha(Buffer.from('something else'))}`;
    const outcome = await tusUpload(
      { supabaseUrl: stack.supabaseUrl, anonKey: stack.anonKey, token, bucket: 'evidence-files', objectName },
      bytes,
    );
    expect(outcome.status).toBe(400);
    expect(JSON.parse(outcome.body)).toMatchObject({ statusCode: '400', error: 'InvalidChecksum' });
    expect((await stack.admin.query(`select 1 from storage.objects where name = $1`, [objectName])).rowCount).toBe(0);
    expect((await tus('HEAD', outcome.url!, {})).status).toBe(404);
  });

  it('lets two devices upload the same file at once: one stores it, the other is told it exists (409), and the object is right', async () => {
    const bytes = randomBytes(3 * MB);
    const objectName = `${org.id}/${sha(bytes)}`;
    const target = { supabaseUrl: stack.supabaseUrl, anonKey: stack.anonKey, token, bucket: 'evidence-files', objectName };
    const outcomes = await Promise.all([
      tusUpload(target, bytes, { chunkSize: MB }),
      tusUpload(target, bytes, { chunkSize: MB }),
    ]);
    expect(outcomes.map((o) => o.ok).sort()).toEqual([false, true]);
    const refused = outcomes.find((o) => !o.ok)!;
    expect(refused.status).toBe(409);
    expect(JSON.parse(refused.body)).toMatchObject({ statusCode: '409', error: 'Duplicate' });
    expect(sha(await download(objectName))).toBe(sha(bytes));
  });
});

describe('the caller, on every request', () => {
  it('refuses a request with no key (401), a forged token (401) or only the anon key (403), creating nothing', async () => {
    const name = `${org.id}/${sha(Buffer.from('x'))}`;
    const none = await fetch(endpoint(), {
      method: 'POST',
      headers: {
        'tus-resumable': '1.0.0',
        'upload-length': '1',
        'upload-metadata': metadata({ bucketName: 'evidence-files', objectName: name }),
      },
    });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ statusCode: '401', error: 'Unauthorized' });
    expect((await create(name, 1, `${token.slice(0, -4)}AAAA`)).status).toBe(401);
    const anon = await create(name, 1, null);
    expect(anon.status).toBe(403);
    expect(anon.headers.get('location')).toBeNull();
  });

  it("refuses bytes sent to someone else's upload by a caller who may not upload (403), and keeps the offset", async () => {
    const bytes = randomBytes(2000);
    const created = await create(`${org.id}/${sha(bytes)}`, bytes.length);
    const url = created.headers.get('location')!;
    const patch = await tus(
      'PATCH',
      url,
      { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      viewerToken,
      bytes,
    );
    expect(patch.status).toBe(403);
    expect(await patch.json()).toMatchObject({ statusCode: '403', error: 'Unauthorized' });
    expect(await offsetOf(url)).toBe(0);
    const terminate = await tus('DELETE', url, {}, viewerToken);
    expect(terminate.status).toBe(403);
    expect(await offsetOf(url)).toBe(0);
  });

  it("stops taking an auditor's bytes once their audit closes mid-upload, and stores nothing", async () => {
    const audit = randomUUID();
    await stack.admin.query(`insert into audits (id, org_id, title, status) values ($1, $2, 'ISO', 'fieldwork')`, [
      audit,
      org.id,
    ]);
    await stack.admin.query(`insert into audit_assignments (org_id, audit_id, user_id) values ($1, $2, $3)`, [
      org.id,
      audit,
      org.users.auditor.id,
    ]);
    const bytes = randomBytes(3000);
    await stack.admin.query(`insert into evidence (id, org_id, title, sha256, audit_id) values ($1, $2, 'Photo', $3, $4)`, [
      randomUUID(),
      org.id,
      sha(bytes),
      audit,
    ]);
    const auditor = await stack.client(org.users.auditor);
    const auditorToken = (await auditor.auth.getSession()).data.session!.access_token;
    const objectName = `${org.id}/${sha(bytes)}`;
    const created = await create(objectName, bytes.length, auditorToken);
    expect(created.status).toBe(201);
    const url = created.headers.get('location')!;
    const part = { 'content-type': 'application/offset+octet-stream' };
    const first = await tus('PATCH', url, { ...part, 'upload-offset': '0' }, auditorToken, bytes.subarray(0, 1000));
    expect(first.status).toBe(204);
    await stack.admin.query(`update audits set status = 'closed' where id = $1`, [audit]);
    const rest = await tus('PATCH', url, { ...part, 'upload-offset': '1000' }, auditorToken, bytes.subarray(1000));
    expect(rest.status).toBe(403);
    expect(await offsetOf(url)).toBe(1000);
    expect((await stack.admin.query(`select 1 from storage.objects where name = $1`, [objectName])).rowCount).toBe(0);
  });

  it('lets the uploader terminate an unfinished upload, after which it is gone', async () => {
    const bytes = randomBytes(10);
    const url = (await create(`${org.id}/${sha(bytes)}`, bytes.length)).headers.get('location')!;
    expect((await tus('DELETE', url, {})).status).toBe(204);
    expect((await tus('HEAD', url, {})).status).toBe(404);
  });
});

describe('bad requests change nothing', () => {
  const name = () => `${org.id}/${sha(randomBytes(8))}`;

  it('needs bucketName and a valid objectName in Upload-Metadata', async () => {
    const noObject = await tus('POST', endpoint(), {
      'upload-length': '1',
      'upload-metadata': metadata({ bucketName: 'evidence-files' }),
    });
    expect(noObject.status).toBe(400);
    expect(await noObject.json()).toMatchObject({ error: 'InvalidKey' });
    for (const objectName of [`${org.id}/../x`, `${org.id}//x`, `${org.id}/a\u0007b`]) {
      const bad = await tus('POST', endpoint(), {
        'upload-length': '1',
        'upload-metadata': metadata({ bucketName: 'evidence-files', objectName }),
      });
      expect(bad.status, objectName).toBe(400);
    }
    const noBucket = await tus('POST', endpoint(), { 'upload-length': '1', 'upload-metadata': metadata({ objectName: name() }) });
    expect(noBucket.status).toBe(400);
    const garbled = await tus('POST', endpoint(), { 'upload-length': '1', 'upload-metadata': 'bucketName !!!,,' });
    expect(garbled.status).toBe(400);
  });

  it('answers an unknown bucket 404, a length over the bucket limit 413, a refused type 415', async () => {
    expect((await create(name(), 1, token, 'no-such-bucket')).status).toBe(404);
    const tooBig = await create(name(), 2 * 1024 * MB + 1);
    expect(tooBig.status).toBe(413);
    const voice = await tus('POST', endpoint(), {
      'upload-length': '1',
      'upload-metadata': metadata({
        bucketName: 'voice-summaries',
        objectName: `${org.id}/x.exe`,
        contentType: 'application/x-msdownload',
      }),
    });
    expect(voice.status).toBe(415);
    expect(await voice.json()).toMatchObject({ statusCode: '415', error: 'invalid_mime_type' });
  });

  it('speaks tus: no Tus-Resumable is 412, a wrong Upload-Offset 409, a download of an upload 404', async () => {
    const bytes = randomBytes(100);
    const url = (await create(`${org.id}/${sha(bytes)}`, bytes.length)).headers.get('location')!;
    const noVersion = await fetch(url, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } });
    expect(noVersion.status).toBe(412);
    const wrongOffset = await tus(
      'PATCH',
      url,
      { 'upload-offset': '50', 'content-type': 'application/offset+octet-stream' },
      token,
      bytes.subarray(50),
    );
    expect(wrongOffset.status).toBe(409);
    expect(await offsetOf(url)).toBe(0);
    expect((await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
  });

  it('discovers the server with OPTIONS (tus version, extensions, the largest upload)', async () => {
    const options = await fetch(endpoint(), { method: 'OPTIONS' });
    expect(options.status).toBeLessThan(300);
    expect(options.headers.get('tus-version')).toContain('1.0.0');
    expect(options.headers.get('tus-extension')).toContain('creation');
    expect(options.headers.get('tus-extension')).toContain('termination');
  });
});
