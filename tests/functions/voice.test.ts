// The voice functions' logic under Deno, with the database, Storage and ElevenLabs faked at
// their client interfaces: sample durations read from bytes, the training form's checks,
// ElevenLabs failures turned into reasons, and voice-summary's cache and fallback.
import { elevenLabs, VoiceUnavailable } from '../../supabase/functions/_shared/elevenlabs.ts';
import type { VoiceCaller } from '../../supabase/functions/_shared/voice-caller.ts';
import { voiceFailure } from '../../supabase/functions/_shared/voice-failure.ts';
import { summaryCacheKey } from '../../supabase/functions/voice-summary/cache-key.ts';
import { voiceSummary, type SummaryDeps } from '../../supabase/functions/voice-summary/handler.ts';
import { mp3Seconds, sampleAudio, wavSeconds } from '../../supabase/functions/voice-training/sample-duration.ts';
import { readTrainingForm } from '../../supabase/functions/voice-training/samples.ts';

function assertEquals(actual: unknown, expected: unknown, message = ''): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message} expected ${e}, got ${a}`);
}
function assert(condition: unknown, message: string): void {
  if (!condition) throw new Error(message);
}
async function rejection(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** Silent MPEG-1 Layer III frames at 32 kbps / 32 kHz (144 bytes, 36 ms each). */
function mp3(seconds: number): Uint8Array {
  const frames = Math.ceil((seconds * 32000) / 1152);
  const bytes = new Uint8Array(frames * 144);
  for (let i = 0; i < frames; i++) bytes.set([0xff, 0xfb, 0x18, 0xc0], i * 144);
  return bytes;
}
/** A 16-bit mono 8 kHz PCM WAV of silence. */
function wav(seconds: number): Uint8Array {
  const data = Math.round(seconds * 16000);
  const bytes = new Uint8Array(44 + data);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => [...s].forEach((c, i) => (bytes[at + i] = c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + data, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, 8000, true);
  view.setUint32(28, 16000, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, data, true);
  return bytes;
}

Deno.test('sample durations come from the bytes: MP3 frames, WAV header, anything else is refused', () => {
  assert(Math.abs(mp3Seconds(mp3(90))! - 90) < 0.05, `mp3 ${mp3Seconds(mp3(90))}`);
  assertEquals(wavSeconds(wav(75)), 75);
  assertEquals(sampleAudio(wav(2))?.format, 'wav');
  assertEquals(sampleAudio(new TextEncoder().encode('<html>not audio</html>')), null);
  assertEquals(mp3Seconds(mp3(0.01)), null, 'one frame is not enough to call it audio');
});

function trainingForm(parts: { consent?: string; name?: string; samples: [string, Uint8Array][] }): Promise<Request> {
  const form = new FormData();
  if (parts.consent !== undefined) form.set('consent', parts.consent);
  if (parts.name !== undefined) form.set('name', parts.name);
  for (const [name, bytes] of parts.samples) form.append('samples', new Blob([bytes as BlobPart]), name);
  return Promise.resolve(new Request('http://x/', { method: 'POST', body: form }));
}
async function read(req: Request) {
  return readTrainingForm(new Uint8Array(await req.arrayBuffer()), req.headers.get('content-type'));
}
const CONSENT = 'I agree that my recorded voice is used to make the organization voice.';

Deno.test('the training form needs consent, a name and 1 to 3 minutes of MP3 or WAV in all', async () => {
  const ok = await read(
    await trainingForm({
      consent: CONSENT,
      name: 'Acme',
      samples: [
        ['a.mp3', mp3(40)],
        ['b.wav', wav(40)],
      ],
    }),
  );
  assertEquals(
    ok.samples.map((s) => s.type),
    ['audio/mpeg', 'audio/wav'],
  );
  assert(ok.seconds >= 80 && ok.seconds < 80.1, `seconds ${ok.seconds}`);
  const short = await rejection(async () =>
    read(await trainingForm({ consent: CONSENT, name: 'A', samples: [['a.mp3', mp3(30)]] })),
  );
  assert(/last 30 seconds in all; a voice needs 1 to 3 minutes/.test(short.message), short.message);
  const long = await rejection(async () =>
    read(await trainingForm({ consent: CONSENT, name: 'A', samples: [['a.wav', wav(200)]] })),
  );
  assert(/1 to 3 minutes/.test(long.message), long.message);
  const noConsent = await rejection(async () => read(await trainingForm({ name: 'A', samples: [['a.mp3', mp3(90)]] })));
  assert(/consent text is missing/.test(noConsent.message), noConsent.message);
  const notAudio = await rejection(async () =>
    read(await trainingForm({ consent: CONSENT, name: 'A', samples: [['x.mp3', new TextEncoder().encode('hello')]] })),
  );
  assert(/x\.mp3 is not MP3 or WAV audio/.test(notAudio.message), notAudio.message);
  const json = await rejection(() => readTrainingForm(new TextEncoder().encode('{}'), 'application/json'));
  assert(/multipart\/form-data/.test(json.message), json.message);
});

const env = (values: Record<string, string>) => ({ get: (name: string) => values[name] });
const KEYS = { ELEVENLABS_API_KEY: 'sk_secret_key', ELEVENLABS_BASE_URL: 'http://eleven.test' };

Deno.test('ElevenLabs failures become reasons in words, without the key', async () => {
  const answering = (status: number, body: unknown) =>
    elevenLabs({ env: env(KEYS), fetchFn: () => Promise.resolve(Response.json(body, { status })) });
  const speak = (client: ReturnType<typeof elevenLabs>) =>
    rejection(() => client.textToSpeech({ text: 'hi', voiceId: 'v1', modelId: 'eleven_multilingual_v2' }));
  const quota = (await speak(answering(401, { detail: { status: 'quota_exceeded', message: 'over' } }))) as VoiceUnavailable;
  assertEquals([quota.reason, quota.providerCode], ["the voice service's quota for this period is used up", 'quota_exceeded']);
  assert(/busy/.test((await speak(answering(429, { detail: { status: 'too_many_concurrent_requests' } }))).message), '429');
  assert(/failed \(HTTP 503\)/.test((await speak(answering(503, 'down'))).message), '5xx');
  const hanging = elevenLabs({
    env: env(KEYS),
    timeoutMs: 50,
    fetchFn: (_input, init) =>
      new Promise((_, reject) => init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason))),
  });
  assertEquals((await speak(hanging)).message, 'the voice service did not answer within 1 second');
  const unreachable = elevenLabs({ env: env(KEYS), fetchFn: () => Promise.reject(new TypeError('connection refused')) });
  assertEquals((await speak(unreachable)).message, 'the voice service cannot be reached');
  const noKey = await rejection(() =>
    elevenLabs({ env: env({}) }).textToSpeech({ text: 'hi', voiceId: 'v', modelId: 'eleven_multilingual_v2' }),
  );
  assertEquals(noKey.message, 'missing environment variable ELEVENLABS_API_KEY');
  for (const error of [quota]) assert(!error.message.includes('sk_secret_key'), 'no key in the reason');
});

Deno.test('ElevenLabs calls carry xi-api-key, the voice in the path and the output format', async () => {
  const seen: Request[] = [];
  const client = elevenLabs({
    env: env(KEYS),
    fetchFn: (input, init) => {
      seen.push(new Request(input as string, init));
      return Promise.resolve(
        new Response(new Uint8Array([0xff, 0xfb, 0x90, 0xc0]), { headers: { 'content-type': 'audio/mpeg' } }),
      );
    },
  });
  const audio = await client.textToSpeech({ text: 'Hello there', voiceId: 'abc', modelId: 'eleven_multilingual_v2' });
  assertEquals(audio.length, 4);
  assertEquals(seen[0]!.url, 'http://eleven.test/v1/text-to-speech/abc?output_format=mp3_44100_128');
  assertEquals(seen[0]!.headers.get('xi-api-key'), 'sk_secret_key');
  assertEquals(((await seen[0]!.json()) as { text: string }).text, 'Hello there');
});

Deno.test('rate limits and AI outages answer 429 with Retry-After and 503 in words', async () => {
  class RateLimited extends Error {
    retryAfterSeconds = 42;
  }
  class AiUnavailable extends Error {
    reason = 'OpenAI answered 500 three times';
  }
  const limited = voiceFailure(new RateLimited(), { RateLimited, AiUnavailable })!;
  assertEquals([limited.status, limited.headers.get('retry-after')], [429, '42']);
  assertEquals(await limited.json(), { code: 'rate_limited', message: 'Too many requests for now: try again in 42 seconds.' });
  const ai = voiceFailure(new AiUnavailable(), { RateLimited, AiUnavailable })!;
  assertEquals(await ai.json(), { code: 'ai_unavailable', message: 'AI is unavailable: OpenAI answered 500 three times.' });
  assertEquals(voiceFailure(new Error('other'), { RateLimited, AiUnavailable }), null);
});

// A caller whose database and Storage are in memory, recording what the handler did.
const ORG = '11111111-1111-4111-8111-111111111111';
const REVISION = '22222222-2222-4222-8222-222222222222';
function fakeCaller(body: unknown, revision: { org_id: string; title: string; body: string } | null) {
  const cache = new Map<string, { transcript: string; audio_path: string | null }>();
  const objects = new Map<string, Uint8Array>();
  const rpc = (name: string, args: Record<string, unknown>) => {
    if (name === 'voice_revision_source') return Promise.resolve({ data: revision ? [revision] : [], error: null });
    if (name === 'org_voice') return Promise.resolve({ data: [], error: null });
    if (name === 'voice_summary_cached') {
      const row = cache.get(args.p_cache_key as string);
      return Promise.resolve({ data: row ? [row] : [], error: null });
    }
    if (name === 'voice_summary_store') {
      cache.set(args.p_cache_key as string, {
        transcript: args.p_transcript as string,
        audio_path: args.p_audio_path as string | null,
      });
      return Promise.resolve({ data: null, error: null });
    }
    throw new Error(`unexpected rpc ${name}`);
  };
  const storage = {
    from: (bucket: string) => ({
      upload: (path: string, bytes: Uint8Array) => (
        objects.set(`${bucket}/${path}`, bytes),
        Promise.resolve({ data: {}, error: null })
      ),
      createSignedUrl: (path: string, seconds: number) =>
        Promise.resolve(
          objects.has(`${bucket}/${path}`)
            ? { data: { signedUrl: `http://storage.test/${bucket}/${path}?token=t&ttl=${seconds}` }, error: null }
            : { data: null, error: { message: 'Object not found' } },
        ),
    }),
  };
  const client = { rpc, storage } as unknown as VoiceCaller['db'];
  const caller: VoiceCaller = {
    userId: 'u',
    deviceId: 'd',
    orgId: ORG,
    db: client,
    admin: client,
    body: new TextEncoder().encode(JSON.stringify(body)),
  };
  return { caller, cache, objects };
}

function fakeDeps(speak: () => Promise<Uint8Array>) {
  const counts = { summarize: 0, speak: 0 };
  const deps: SummaryDeps = {
    summarize: () => (counts.summarize++, Promise.resolve({ text: 'Everyone gets least privilege.', tokens: 50 })),
    voice: {
      textToSpeech: () => (counts.speak++, speak()),
      addVoice: () => Promise.reject(new Error('unused')),
      deleteVoice: () => Promise.reject(new Error('unused')),
    },
    ttsModel: 'eleven_multilingual_v2',
    defaultVoiceId: 'premade1',
    consume: () => Promise.resolve(),
    recordUsage: () => Promise.resolve(),
    failure: () => null,
  };
  return { deps, counts };
}
const post = () => new Request('http://x/voice-summary', { method: 'POST' });
const source = { org_id: ORG, title: 'Access', body: '# Access\n\nLeast privilege for everyone.' };

Deno.test('voice-summary speaks a miss once, then answers the cache without calling either provider', async () => {
  const { caller, objects } = fakeCaller({ revisionId: REVISION }, source);
  const { deps, counts } = fakeDeps(() => Promise.resolve(new Uint8Array([1, 2, 3])));
  const first = (await (await voiceSummary(post(), caller, deps)).json()) as Record<string, unknown>;
  const key = await summaryCacheKey({ body: source.body, voiceId: 'premade1', model: 'eleven_multilingual_v2' });
  assertEquals(first, {
    revisionId: REVISION,
    voice: 'default',
    transcript: 'Everyone gets least privilege.',
    audio: {
      url: `http://storage.test/voice-summaries/${ORG}/${key}.mp3?token=t&ttl=300`,
      expiresInSeconds: 300,
      contentType: 'audio/mpeg',
      cacheKey: key,
    },
    audioUnavailable: null,
    cached: false,
  });
  assertEquals([...objects.keys()], [`voice-summaries/${ORG}/${key}.mp3`]);
  const second = (await (await voiceSummary(post(), caller, deps)).json()) as { cached: boolean };
  assertEquals(second.cached, true);
  assertEquals(counts, { summarize: 1, speak: 1 });
});

Deno.test(
  'voice-summary answers the transcript with "Audio unavailable" when ElevenLabs fails, and retries only the audio',
  async () => {
    const { caller } = fakeCaller({ revisionId: REVISION }, source);
    let fail = true;
    const { deps, counts } = fakeDeps(() =>
      fail
        ? Promise.reject(new VoiceUnavailable("the voice service's quota for this period is used up", 401, 'quota_exceeded'))
        : Promise.resolve(new Uint8Array([1])),
    );
    const first = (await (await voiceSummary(post(), caller, deps)).json()) as Record<string, unknown>;
    assertEquals(
      [first.transcript, first.audio, first.audioUnavailable],
      ['Everyone gets least privilege.', null, "Audio unavailable: the voice service's quota for this period is used up"],
    );
    fail = false;
    const second = (await (await voiceSummary(post(), caller, deps)).json()) as { audio: unknown };
    assert(second.audio !== null, 'audio once the voice service answers');
    assertEquals(counts, { summarize: 1, speak: 2 });
  },
);

Deno.test('voice-summary refuses bad input and a revision of another org, in words', async () => {
  const { deps, counts } = fakeDeps(() => Promise.resolve(new Uint8Array([1])));
  const bad = await voiceSummary(post(), fakeCaller({ revisionId: 'nope' }, source).caller, deps);
  assertEquals(
    [bad.status, await bad.json()],
    [400, { code: 'invalid_request', message: 'revisionId must be the uuid of a policy revision.' }],
  );
  const other = await voiceSummary(post(), fakeCaller({ revisionId: REVISION }, { ...source, org_id: REVISION }).caller, deps);
  assertEquals(other.status, 404);
  const voice = await voiceSummary(post(), fakeCaller({ revisionId: REVISION, voiceId: 'someoneElse' }, source).caller, deps);
  assertEquals([voice.status, ((await voice.json()) as { code: string }).code], [400, 'unknown_voice']);
  assertEquals(counts, { summarize: 0, speak: 0 });
});
