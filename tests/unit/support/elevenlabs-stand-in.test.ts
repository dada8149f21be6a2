// The ElevenLabs stand-in answers as ElevenLabs does: real MP3 frames for TTS, multipart voice
// cloning, its error bodies, and the scripted failures the voice functions must survive.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mp3Seconds } from '../../../supabase/functions/voice-training/sample-duration.ts';
import { startElevenLabsStandIn, type ElevenLabsStandIn } from '../../support/elevenlabs/server.ts';

let eleven: ElevenLabsStandIn;
beforeAll(async () => {
  eleven = await startElevenLabsStandIn();
});
afterAll(() => eleven.stop());
beforeEach(() => eleven.reset());

const tts = (text: unknown, init: { key?: string | null; voice?: string; query?: string } = {}) =>
  fetch(`${eleven.url}/v1/text-to-speech/${init.voice ?? eleven.defaultVoiceId}${init.query ?? ''}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(init.key === null ? {} : { 'xi-api-key': init.key ?? eleven.apiKey }),
    },
    body: JSON.stringify({
      text,
      model_id: 'eleven_multilingual_v2',
      voice_settings: { stability: 0.5, similarity_boost: 0.75 },
    }),
  });

function sampleForm(name: string | null, files: { name: string; bytes: Uint8Array }[]): FormData {
  const form = new FormData();
  if (name !== null) form.set('name', name);
  for (const f of files) form.append('files', new Blob([f.bytes], { type: 'audio/mpeg' }), f.name);
  return form;
}

describe('text to speech', () => {
  it('answers audio/mpeg made of valid MPEG-1 Layer III frames, as long as the text takes to read', async () => {
    const text = 'Access is granted on least privilege and reviewed every year by the owner of each system.';
    const answer = await tts(text);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('audio/mpeg');
    expect(answer.headers.get('character-cost')).toBe(String(text.length));
    const bytes = new Uint8Array(await answer.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfb]);
    const seconds = mp3Seconds(bytes);
    expect(seconds).not.toBeNull();
    expect(seconds!).toBeGreaterThanOrEqual(text.length / 15);
    expect(seconds!).toBeLessThan(text.length / 15 + 0.1);
    expect(eleven.count('tts')).toBe(1);
    expect(eleven.calls[0]).toMatchObject({ voiceId: eleven.defaultVoiceId, body: { text, model_id: 'eleven_multilingual_v2' } });
  });

  it('honours output_format and refuses one it does not know with 422', async () => {
    const low = new Uint8Array(await (await tts('Short text here.', { query: '?output_format=mp3_44100_32' })).arrayBuffer());
    const high = new Uint8Array(await (await tts('Short text here.', { query: '?output_format=mp3_44100_192' })).arrayBuffer());
    expect(high.length).toBeGreaterThan(low.length * 5);
    expect(mp3Seconds(low)).toBeCloseTo(mp3Seconds(high)!, 5);
    const bad = await tts('x', { query: '?output_format=flac_9' });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { detail: { loc: string[] }[] }).detail[0]!.loc).toEqual(['query', 'output_format']);
  });

  it('answers 401 with ElevenLabs error bodies for a missing or wrong key, 404 for an unknown voice, 422 without text', async () => {
    expect(await (await tts('hi', { key: null })).json()).toMatchObject({ detail: { status: 'needs_authorization' } });
    const wrong = await tts('hi', { key: 'sk_wrong' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ detail: { status: 'invalid_api_key', message: 'Invalid API key' } });
    const unknown = await tts('hi', { voice: 'no-such-voice' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ detail: { status: 'voice_not_found' } });
    const missing = await tts(undefined);
    expect(missing.status).toBe(422);
    expect(await missing.json()).toMatchObject({ detail: [{ loc: ['body', 'text'], msg: 'field required' }] });
  });

  it('plays the scripted failures once each, in order, then answers again', async () => {
    eleven.fail({ kind: 'quota_exceeded', route: 'tts' });
    eleven.fail({ kind: 'rate_limited' });
    eleven.fail({ kind: 'server_error', times: 2 });
    const quota = await tts('hello');
    expect(quota.status).toBe(401);
    expect(await quota.json()).toMatchObject({ detail: { status: 'quota_exceeded' } });
    expect((await tts('hello')).status).toBe(429);
    expect((await tts('hello')).status).toBe(500);
    expect((await tts('hello')).status).toBe(500);
    expect((await tts('hello')).status).toBe(200);
    expect(eleven.calls.map((c) => c.status)).toEqual([401, 429, 500, 500, 200]);
  });

  it('hangs when told to, so only a client timeout ends the call', async () => {
    eleven.fail({ kind: 'hang' });
    const hung = await fetch(`${eleven.url}/v1/text-to-speech/${eleven.defaultVoiceId}`, {
      method: 'POST',
      headers: { 'xi-api-key': eleven.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hello' }),
      signal: AbortSignal.timeout(300),
    }).then(
      () => 'answered',
      (e: Error) => e.name,
    );
    expect(hung).toBe('TimeoutError');
    expect(eleven.calls[0]!.status).toBe(0);
    expect((await tts('hello')).status).toBe(200);
  });

  it('refuses text past the character quota with 401 quota_exceeded', async () => {
    eleven.setCharacterLimit(10);
    expect((await tts('12345')).status).toBe(200);
    const over = await tts('123456');
    expect(over.status).toBe(401);
    expect(((await over.json()) as { detail: { status: string; message: string } }).detail).toMatchObject({
      status: 'quota_exceeded',
      message: expect.stringContaining('You have 5 credits remaining'),
    });
  });
});

describe('instant voice cloning', () => {
  it('makes a cloned voice from a multipart form, then speaks with it and deletes it', async () => {
    const sample = new Uint8Array(await (await tts('A sample of the speaker reading a policy aloud.')).arrayBuffer());
    const added = await fetch(`${eleven.url}/v1/voices/add`, {
      method: 'POST',
      headers: { 'xi-api-key': eleven.apiKey },
      body: sampleForm('Acme compliance voice', [
        { name: 'one.mp3', bytes: sample },
        { name: 'two.mp3', bytes: sample },
      ]),
    });
    expect(added.status).toBe(200);
    const { voice_id: voiceId, requires_verification } = (await added.json()) as {
      voice_id: string;
      requires_verification: boolean;
    };
    expect(requires_verification).toBe(false);
    expect(eleven.voices.get(voiceId)).toMatchObject({
      name: 'Acme compliance voice',
      category: 'cloned',
      files: [
        { name: 'one.mp3', size: sample.length },
        { name: 'two.mp3', size: sample.length },
      ],
    });
    expect((await tts('Spoken with the org voice.', { voice: voiceId })).status).toBe(200);
    const got = await fetch(`${eleven.url}/v1/voices/${voiceId}`, { headers: { 'xi-api-key': eleven.apiKey } });
    expect(await got.json()).toMatchObject({ voice_id: voiceId, name: 'Acme compliance voice', category: 'cloned' });
    const deleted = await fetch(`${eleven.url}/v1/voices/${voiceId}`, {
      method: 'DELETE',
      headers: { 'xi-api-key': eleven.apiKey },
    });
    expect(await deleted.json()).toEqual({ status: 'ok' });
    expect((await tts('Gone.', { voice: voiceId })).status).toBe(404);
    expect(eleven.count('voices.add')).toBe(1);
    expect(eleven.count('voices.delete')).toBe(1);
  });

  it('answers 422 without a name or without files, and 401 without the key', async () => {
    const noName = await fetch(`${eleven.url}/v1/voices/add`, {
      method: 'POST',
      headers: { 'xi-api-key': eleven.apiKey },
      body: sampleForm(null, [{ name: 'a.mp3', bytes: new Uint8Array([1, 2, 3]) }]),
    });
    expect(await noName.json()).toMatchObject({ detail: [{ loc: ['body', 'name'] }] });
    const noFiles = await fetch(`${eleven.url}/v1/voices/add`, {
      method: 'POST',
      headers: { 'xi-api-key': eleven.apiKey },
      body: sampleForm('Voice', []),
    });
    expect(noFiles.status).toBe(422);
    expect(await noFiles.json()).toMatchObject({ detail: [{ loc: ['body', 'files'] }] });
    const noKey = await fetch(`${eleven.url}/v1/voices/add`, { method: 'POST', body: sampleForm('Voice', []) });
    expect(noKey.status).toBe(401);
    expect(eleven.voices.size).toBe(1);
  });

  it('takes its controls over HTTP too, for end-to-end tests', async () => {
    await fetch(`${eleven.url}/__stand-in/fail`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'server_error', route: 'tts' }),
    });
    expect((await tts('hello')).status).toBe(500);
    const calls = (await (await fetch(`${eleven.url}/__stand-in/calls`)).json()) as { route: string; status: number }[];
    expect(calls).toEqual([expect.objectContaining({ route: 'tts', status: 500 })]);
    const bad = await fetch(`${eleven.url}/__stand-in/fail`, { method: 'POST', body: JSON.stringify({ kind: 'explode' }) });
    expect(bad.status).toBe(400);
  });
});
