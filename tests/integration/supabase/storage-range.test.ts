// Downloads honour one byte range, as Supabase Storage does (it hands Range to S3): 206 with
// Content-Range for a satisfiable range, 416 with `bytes */size` for one past the end, the whole
// object for a header that is no single byte range. Authenticated and signed downloads alike;
// a caller who may not read gets no bytes, range or not.
import { createHash, randomBytes } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed.ts';
import { startStack, type Stack } from '../../support/stack.ts';

let stack: Stack;
let org: SeededOrg;
let viewer: SupabaseClient;
let viewerToken: string;
let outsiderToken: string;
const bytes = randomBytes(100_000);
let name: string;

const url = () => `${stack.supabaseUrl}/storage/v1/object/authenticated/evidence-files/${name}`;
const get = (range: string | undefined, auth = viewerToken, target = url()) =>
  fetch(target, { headers: { authorization: `Bearer ${auth}`, apikey: stack.anonKey, ...(range ? { range } : {}) } });

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Range Org');
  const other = await seedOrg(stack, 'Other Org');
  const owner = await stack.client(org.users.owner);
  name = `${org.id}/${createHash('sha256').update(bytes).digest('hex')}`;
  const { error } = await owner.storage.from('evidence-files').upload(name, bytes, { contentType: 'application/pdf' });
  if (error) throw error;
  viewer = await stack.client(org.users.viewer);
  viewerToken = (await viewer.auth.getSession()).data.session!.access_token;
  const outsider = await stack.client(other.users.owner);
  outsiderToken = (await outsider.auth.getSession()).data.session!.access_token;
});

afterAll(async () => {
  await stack?.stop();
});

describe('Range on downloads', () => {
  it('sends the whole object without a Range, saying ranges are accepted', async () => {
    const r = await get(undefined);
    expect(r.status).toBe(200);
    expect(r.headers.get('accept-ranges')).toBe('bytes');
    expect(r.headers.get('content-length')).toBe(String(bytes.length));
    expect(Buffer.from(await r.arrayBuffer())).toEqual(bytes);
  });

  const satisfiable: [string, number, number][] = [
    ['bytes=0-9', 0, 9],
    ['bytes=40000-', 40000, bytes.length - 1],
    ['bytes=-5', bytes.length - 5, bytes.length - 1],
    ['bytes=99990-5000000', 99990, bytes.length - 1],
    ['bytes=-200000', 0, bytes.length - 1],
    ['bytes=7-7', 7, 7],
  ];
  for (const [range, start, end] of satisfiable) {
    it(`answers ${range} with 206 and bytes ${start}-${end}`, async () => {
      const r = await get(range);
      expect(r.status).toBe(206);
      expect(r.headers.get('content-range')).toBe(`bytes ${start}-${end}/${bytes.length}`);
      expect(r.headers.get('content-length')).toBe(String(end - start + 1));
      expect(Buffer.from(await r.arrayBuffer())).toEqual(bytes.subarray(start, end + 1));
    });
  }

  for (const range of [`bytes=${100_000}-`, 'bytes=200000-300000', 'bytes=9-3', 'bytes=-0']) {
    it(`answers ${range} with 416 and the object's size`, async () => {
      const r = await get(range);
      expect(r.status).toBe(416);
      expect(r.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
      expect(await r.json()).toMatchObject({ statusCode: '416', error: 'InvalidRange' });
    });
  }

  for (const range of ['bytes=abc', 'items=0-9', 'bytes=0-1,5-6', 'bytes=-']) {
    it(`ignores ${range} (no single byte range) and sends the whole object`, async () => {
      const r = await get(range);
      expect(r.status).toBe(200);
      expect(Buffer.from(await r.arrayBuffer())).toEqual(bytes);
    });
  }

  it('honours a Range on a signed URL too', async () => {
    const { data, error } = await viewer.storage.from('evidence-files').createSignedUrl(name, 60);
    expect(error).toBeNull();
    const r = await fetch(data!.signedUrl, { headers: { range: 'bytes=10-19' } });
    expect(r.status).toBe(206);
    expect(Buffer.from(await r.arrayBuffer())).toEqual(bytes.subarray(10, 20));
  });

  it('gives a member of another org no bytes, range or not', async () => {
    const r = await get('bytes=0-9', outsiderToken);
    expect(r.status).toBe(404);
    expect(r.headers.get('content-range')).toBeNull();
  });
});
