/**
 * voice-training through the stack with real Deno, Postgres and Storage and the ElevenLabs
 * stand-in: a viewer (or compliance officer) cannot train, and nothing is stored; an admin's
 * consent is recorded first, the samples land in the private bucket under the org, the cloned
 * voice speaks the summaries, and deleting it removes the samples and the ElevenLabs voice.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentMp3 } from '../../support/elevenlabs/mp3';
import { startElevenLabsStandIn, type ElevenLabsStandIn } from '../../support/elevenlabs/server';
import { startOpenAiStandIn, type OpenAiStandIn } from '../../support/openai/stand-in';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { signedClient, type SignedClient } from './voice-client';

let stack: Stack;
let eleven: ElevenLabsStandIn;
let openai: OpenAiStandIn;
let org: SeededOrg;

const CONSENT = 'I am the speaker in these samples and agree that they are used to make the organization voice.';
const LOW = { sampleRate: 32000, kbps: 32 };

beforeAll(async () => {
  eleven = await startElevenLabsStandIn();
  openai = await startOpenAiStandIn();
  stack = await startStack({
    functions: true,
    functionEnv: {
      OPENAI_API_KEY: openai.apiKey,
      OPENAI_BASE_URL: openai.url,
      ELEVENLABS_API_KEY: eleven.apiKey,
      ELEVENLABS_BASE_URL: eleven.url,
    },
  });
  org = await seedOrg(stack, 'Voice Training Org');
});
afterAll(async () => {
  await stack?.stop();
  await eleven?.stop();
  await openai?.stop();
});

function form(samples: Buffer[], consent = CONSENT): Request {
  const body = new FormData();
  body.set('consent', consent);
  body.set('name', 'Acme voice');
  samples.forEach((bytes, i) => body.append('samples', new Blob([bytes], { type: 'audio/mpeg' }), `sample-${i}.mp3`));
  return new Request('http://x/', { method: 'POST', body });
}
async function train(client: SignedClient, samples: Buffer[]) {
  const request = form(samples);
  const answer = await client.call('voice-training', {
    body: new Uint8Array(await request.arrayBuffer()),
    contentType: request.headers.get('content-type')!,
  });
  return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
}
const stored = async () =>
  (
    await stack.admin.query<{ name: string }>(`select name from storage.objects where bucket_id = 'voice-training' order by name`)
  ).rows.map((r) => r.name);
const consents = async () => (await stack.admin.query(`select consent_text, user_id from private.voice_consents`)).rows;

describe('voice-training', () => {
  it('refuses a viewer and a compliance officer with 403 in words, storing nothing and calling nobody', async () => {
    for (const role of ['viewer', 'compliance_officer'] as const) {
      const client = await signedClient(stack, org.users[role], org.id);
      const answer = await train(client, [silentMp3(90, LOW)]);
      expect(answer).toEqual({
        status: 403,
        body: { code: 'forbidden', message: 'Only an owner or admin of the organization can train or delete its voice.' },
      });
      const removal = await client.call('voice-training', { method: 'DELETE' });
      expect(removal.status).toBe(403);
    }
    expect(await consents()).toEqual([]);
    expect(await stored()).toEqual([]);
    expect(eleven.count('voices.add')).toBe(0);
  });

  it('refuses samples outside 1 to 3 minutes in words, before anything is stored', async () => {
    const admin = await signedClient(stack, org.users.admin, org.id);
    const short = await train(admin, [silentMp3(20, LOW), silentMp3(20, LOW)]);
    expect(short).toEqual({
      status: 400,
      body: { code: 'invalid_samples', message: 'The samples last 40 seconds in all; a voice needs 1 to 3 minutes.' },
    });
    expect(await stored()).toEqual([]);
    expect(await consents()).toEqual([]);
  });

  it('makes the org voice after recording consent, speaks summaries with it, and deletes it with its samples', async () => {
    const admin = await signedClient(stack, org.users.admin, org.id);
    const samples = [silentMp3(50, LOW), silentMp3(45, LOW)];
    const made = await train(admin, samples);
    expect([made.status, made.body.message]).toEqual([201, undefined]);
    const voiceId = (made.body.voice as { voiceId: string }).voiceId;
    expect(made.body.voice).toMatchObject({ name: 'Acme voice' });
    expect(await consents()).toEqual([{ consent_text: CONSENT, user_id: org.users.admin.id }]);
    const paths = await stored();
    expect(paths).toHaveLength(2);
    expect(paths.every((p) => p.startsWith(`${org.id}/${made.body.consentId as string}/`))).toBe(true);
    expect(eleven.voices.get(voiceId)).toMatchObject({
      name: 'Acme voice',
      category: 'cloned',
      files: samples.map((s, i) => ({ name: `sample-${i + 1}.mp3`, type: 'audio/mpeg', size: s.length })),
    });

    // Any member sees the voice; summaries are spoken in it.
    const viewer = await signedClient(stack, org.users.viewer, org.id);
    const state = await viewer.call('voice-training', { method: 'GET' });
    expect(((await state.json()) as { voice: { voiceId: string } }).voice.voiceId).toBe(voiceId);
    const revision = randomUUID();
    const policy = randomUUID();
    await stack.admin.query(`insert into public.policies (id, org_id, title) values ($1, $2, 'Clean desk')`, [policy, org.id]);
    await stack.admin.query(
      `insert into public.policy_revisions (id, org_id, policy_id, title, body) values ($1, $2, $3, 'Clean desk', 'Desks are cleared every evening.')`,
      [revision, org.id, policy],
    );
    const summary = await viewer.json('voice-summary', { revisionId: revision });
    expect(summary.body).toMatchObject({ voice: 'org', audioUnavailable: null });
    expect(eleven.calls.filter((c) => c.route === 'tts').at(-1)!.voiceId).toBe(voiceId);

    const removed = await admin.call('voice-training', { method: 'DELETE' });
    expect(await removed.json()).toEqual({ deleted: true, voiceId });
    expect(await stored()).toEqual([]);
    expect(eleven.voices.has(voiceId)).toBe(false);
    expect(eleven.count('voices.delete')).toBe(1);
    const after = await viewer.call('voice-training', { method: 'GET' });
    expect(await after.json()).toEqual({ voice: null });
  });
});
