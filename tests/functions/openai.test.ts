// _shared/openai.ts under Deno: the real SDK over a fake fetch that answers as OpenAI does, so
// the retry reads the headers the SDK hands it. Sleeps are recorded, never waited.
import {
  AiUnavailable,
  aiUnavailableResponse,
  openaiClient,
  openaiModel,
  retryAfterMs,
  withRetryAfter,
} from '../../supabase/functions/_shared/openai.ts';

function assertEquals(actual: unknown, expected: unknown, message = ''): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message} expected ${e}, got ${a}`);
}

const env = (values: Record<string, string>) => ({ get: (name: string) => values[name] });
const ENV = env({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: 'http://openai.test/v1' });

const completion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok', refusal: null }, finish_reason: 'stop', logprobs: null }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
};

type Answer = { status: number; headers?: Record<string, string> } | 'drop';

/** A fetch that answers each call with the next of `answers` and counts the calls. */
function scriptedFetch(answers: Answer[]) {
  const seen: { url: string; authorization: string | null }[] = [];
  const fetchFn = ((input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    seen.push({ url, authorization: new Headers(init?.headers).get('authorization') });
    const answer = answers.shift() ?? { status: 200 };
    if (answer === 'drop') return Promise.reject(new TypeError('connection reset'));
    const body =
      answer.status === 200
        ? completion
        : { error: { message: 'Incorrect API key provided: sk-te**', type: 'x', param: null, code: null } };
    return Promise.resolve(
      new Response(JSON.stringify(body), {
        status: answer.status,
        headers: { 'content-type': 'application/json', ...answer.headers },
      }),
    );
  }) as typeof fetch;
  return { fetchFn, seen };
}

const ask = (client: ReturnType<typeof openaiClient>) => () =>
  client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

Deno.test('openaiClient reads the key and base URL through requireEnv and names what is missing', async () => {
  const { fetchFn, seen } = scriptedFetch([{ status: 200 }]);
  const answer = await ask(openaiClient(ENV, { fetch: fetchFn }))();
  assertEquals(answer.choices[0]!.message.content, 'ok');
  assertEquals(seen, [{ url: 'http://openai.test/v1/chat/completions', authorization: 'Bearer sk-test' }]);
  for (const missing of ['OPENAI_API_KEY', 'OPENAI_BASE_URL']) {
    const partial = env({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://x/v1', [missing]: ' ' });
    let message = '';
    try {
      openaiClient(partial);
    } catch (error) {
      message = (error as Error).message;
    }
    assertEquals(message, `missing environment variable ${missing}`);
  }
  assertEquals(openaiModel(env({})), 'gpt-4o-mini');
  assertEquals(openaiModel(env({ OPENAI_MODEL: 'gpt-4.1' })), 'gpt-4.1');
});

Deno.test('a 429 with retry-after-ms is waited out and retried, and the SDK itself never retries', async () => {
  const { fetchFn, seen } = scriptedFetch([
    { status: 429, headers: { 'retry-after-ms': '1200', 'retry-after': '2' } },
    { status: 200 },
  ]);
  const waits: number[] = [];
  const answer = await withRetryAfter(ask(openaiClient(ENV, { fetch: fetchFn })), { sleep: async (ms) => void waits.push(ms) });
  assertEquals(answer.choices[0]!.message.content, 'ok');
  assertEquals(waits, [1200]);
  assertEquals(seen.length, 2);
});

Deno.test('a 500 then a dropped connection are retried with back-off, then the third failure is AiUnavailable', async () => {
  const { fetchFn, seen } = scriptedFetch([{ status: 500 }, 'drop', { status: 503 }]);
  const waits: number[] = [];
  const error = await rejection(
    withRetryAfter(ask(openaiClient(ENV, { fetch: fetchFn })), { sleep: async (ms) => void waits.push(ms) }),
  );
  assertEquals(error instanceof AiUnavailable, true);
  assertEquals((error as AiUnavailable).status, 503);
  assertEquals(error.message, 'AI is unavailable: the AI provider had an error (503)');
  assertEquals(waits, [250, 500]);
  assertEquals(seen.length, 3);
});

Deno.test('a retry-after beyond the bound is not waited: AiUnavailable at once, in words', async () => {
  const { fetchFn, seen } = scriptedFetch([{ status: 429, headers: { 'retry-after': '30' } }]);
  const waits: number[] = [];
  const error = await rejection(
    withRetryAfter(ask(openaiClient(ENV, { fetch: fetchFn })), { maxWaitMs: 8000, sleep: async (ms) => void waits.push(ms) }),
  );
  assertEquals((error as AiUnavailable).status, 429);
  assertEquals(error.message, 'AI is unavailable: the AI provider is busy (rate limited) for another 30 s');
  assertEquals(waits, []);
  assertEquals(seen.length, 1);
});

Deno.test('a refused key is not retried and its answer never quotes the provider (which echoes the key)', async () => {
  const { fetchFn, seen } = scriptedFetch([{ status: 401 }]);
  const error = await rejection(withRetryAfter(ask(openaiClient(ENV, { fetch: fetchFn })), { sleep: async () => {} }));
  assertEquals(seen.length, 1);
  const response = aiUnavailableResponse(error as AiUnavailable);
  assertEquals(response.status, 503);
  const body = await response.json();
  assertEquals(body, { code: 'ai_unavailable', message: "AI is unavailable: the AI provider refused this project's API key" });
  assertEquals(JSON.stringify(body).includes('sk-te'), false);
});

Deno.test('errors that are not the provider’s pass through untouched', async () => {
  const ours = new Error('bad schema');
  const error = await rejection(withRetryAfter(() => Promise.reject(ours)));
  assertEquals(error === ours, true);
});

Deno.test('retryAfterMs reads milliseconds, seconds and an HTTP date', () => {
  assertEquals(retryAfterMs(new Headers({ 'retry-after-ms': '150' })), 150);
  assertEquals(retryAfterMs(new Headers({ 'retry-after': '1.5' })), 1500);
  const now = Date.parse('2026-12-02T01:00:00Z');
  assertEquals(retryAfterMs(new Headers({ 'retry-after': 'Wed, 02 Dec 2026 01:00:04 GMT' }), now), 4000);
  assertEquals(retryAfterMs(new Headers({ 'retry-after': 'soon' })), null);
  assertEquals(retryAfterMs(new Headers()), null);
});
