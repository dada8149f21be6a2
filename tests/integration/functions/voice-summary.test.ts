/**
 * voice-summary through the stack with real Deno, Postgres and Storage, OpenAI and ElevenLabs
 * answered by their stand-ins: a second request for the same revision calls neither provider
 * (their call counters prove it), the audio is a short-lived signed URL to real MP3 bytes, and
 * when ElevenLabs cannot speak the answer is the transcript with "Audio unavailable: <reason>".
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mp3Seconds } from '../../../supabase/functions/voice-training/sample-duration';
import { startElevenLabsStandIn, type ElevenLabsStandIn } from '../../support/elevenlabs/server';
import { startOpenAiStandIn, type OpenAiStandIn } from '../../support/openai/stand-in';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { signedClient, type SignedClient } from './voice-client';

let stack: Stack;
let eleven: ElevenLabsStandIn;
let openai: OpenAiStandIn;
let org: SeededOrg;
let other: SeededOrg;
let officer: SignedClient;
let viewer: SignedClient;

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
      ELEVENLABS_TIMEOUT_MS: '2000',
    },
  });
  org = await seedOrg(stack, 'Voice Org');
  other = await seedOrg(stack, 'Other Org');
  officer = await signedClient(stack, org.users.compliance_officer, org.id);
  viewer = await signedClient(stack, org.users.viewer, org.id);
});
afterAll(async () => {
  await stack?.stop();
  await eleven?.stop();
  await openai?.stop();
});

/** A policy and its revision, written as the operator would (the sync path has its own tests). */
async function revisionIn(orgId: string, body: string): Promise<string> {
  const policy = randomUUID();
  const revision = randomUUID();
  await stack.admin.query(`insert into public.policies (id, org_id, title, body) values ($1, $2, 'Access Control Policy', $3)`, [
    policy,
    orgId,
    body,
  ]);
  await stack.admin.query(
    `insert into public.policy_revisions (id, org_id, policy_id, title, body) values ($1, $2, $3, 'Access Control Policy', $4)`,
    [revision, orgId, policy, body],
  );
  return revision;
}

const counts = () => ({ openai: openai.calls.length, tts: eleven.count('tts') });

describe('voice-summary', () => {
  it('speaks a revision once; the second request, by any member, calls neither OpenAI nor ElevenLabs', async () => {
    const id = await revisionIn(org.id, '# Access\n\nAccess is granted on least privilege and reviewed every year.');
    const before = counts();
    openai.script({ content: 'Everyone gets only the access their work needs, and access is reviewed every year.' });
    const first = await officer.json('voice-summary', { revisionId: id });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      revisionId: id,
      transcript: 'Everyone gets only the access their work needs, and access is reviewed every year.',
      audioUnavailable: null,
      cached: false,
      voice: 'default',
      audio: { contentType: 'audio/mpeg', expiresInSeconds: 300 },
    });
    expect(counts()).toEqual({ openai: before.openai + 1, tts: before.tts + 1 });
    expect(openai.calls.at(-1)!.body!.messages.at(-1)!.content).toContain('Access is granted on least privilege');

    const url = (first.body.audio as { url: string }).url;
    expect(url).toContain(`/storage/v1/object/sign/voice-summaries/${org.id}/`);
    const audio = await fetch(url);
    expect(audio.headers.get('content-type')).toBe('audio/mpeg');
    expect(mp3Seconds(new Uint8Array(await audio.arrayBuffer()))).toBeGreaterThan(1);

    const second = await officer.json('voice-summary', { revisionId: id });
    const byViewer = await viewer.json('voice-summary', { revisionId: id });
    expect(second.body).toMatchObject({ cached: true, transcript: first.body.transcript });
    expect(byViewer.body).toMatchObject({ cached: true, transcript: first.body.transcript });
    expect(counts()).toEqual({ openai: before.openai + 1, tts: before.tts + 1 });
  });

  it.each([
    ['quota_exceeded', "Audio unavailable: the voice service's quota for this period is used up"],
    ['rate_limited', 'Audio unavailable: the voice service is busy right now; try again in a minute'],
    ['server_error', 'Audio unavailable: the voice service failed (HTTP 500); try again later'],
    ['hang', 'Audio unavailable: the voice service did not answer within 2 seconds'],
  ] as const)('answers the transcript alone when ElevenLabs fails with %s', async (kind, words) => {
    const id = await revisionIn(org.id, `# Backups (${kind})\n\nBackups run nightly and are restored as a test every quarter.`);
    eleven.fail({ kind, route: 'tts' });
    const answer = await officer.json('voice-summary', { revisionId: id });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ audio: null, audioUnavailable: words, cached: false });
    expect(String(answer.body.transcript).length).toBeGreaterThan(0);
    // The transcript is kept: asking again tries only the audio, without OpenAI.
    const openaiCalls = openai.calls.length;
    const again = await officer.json('voice-summary', { revisionId: id });
    expect(again.body).toMatchObject({ transcript: answer.body.transcript, audioUnavailable: null });
    expect(again.body.audio).not.toBeNull();
    expect(openai.calls.length).toBe(openaiCalls);
  });

  it('answers 429 with Retry-After when the org’s quota is used up, before calling a provider', async () => {
    const limited = await seedOrg(stack, 'Limited Org');
    await stack.admin.query(
      `insert into private.ai_quotas (org_id, kind, org_requests, org_tokens, user_requests, user_tokens) values ($1, 'ai', 0, 0, 0, 0)`,
      [limited.id],
    );
    const client = await signedClient(stack, limited.users.compliance_officer, limited.id);
    const id = await revisionIn(limited.id, 'Visitors sign in at reception and wear a badge at all times.');
    const before = counts();
    const answer = await client.call('voice-summary', { body: JSON.stringify({ revisionId: id }) });
    expect(answer.status).toBe(429);
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await answer.json()).toMatchObject({ code: 'rate_limited', message: expect.any(String) });
    expect(counts()).toEqual(before);
  });

  it('refuses another org’s revision and bad input in words, calling no provider', async () => {
    const foreign = await revisionIn(other.id, 'Other org policy text that nobody in Voice Org may read.');
    const before = counts();
    const answer = await officer.json('voice-summary', { revisionId: foreign });
    expect(answer).toEqual({
      status: 404,
      body: { code: 'not_found', message: 'There is no such policy revision in this organization, or you may not read it.' },
    });
    const bad = await officer.json('voice-summary', { revisionId: 'not-a-uuid' });
    expect(bad).toEqual({
      status: 400,
      body: { code: 'invalid_request', message: 'revisionId must be the uuid of a policy revision.' },
    });
    const voice = await officer.json('voice-summary', { revisionId: foreign, voiceId: 'someoneElsesVoice1' });
    expect(voice.status).toBe(404);
    expect(counts()).toEqual(before);
  });
});
