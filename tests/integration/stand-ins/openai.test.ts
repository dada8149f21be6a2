// The OpenAI stand-in is only worth its name if the unmodified `openai` SDK takes its answers
// as it takes OpenAI's: streamed chunks and the usage chunk, structured output, error classes
// with their headers. Every expectation here goes through the SDK, not through our own parsing.
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAiStandIn, type OpenAiStandIn } from '../../support/openai/stand-in.ts';

let standIn: OpenAiStandIn;
let client: OpenAI;

beforeAll(async () => {
  standIn = await startOpenAiStandIn();
  client = new OpenAI({ apiKey: standIn.apiKey, baseURL: standIn.url, maxRetries: 0 });
});
afterAll(() => standIn.stop());
beforeEach(() => standIn.reset());

const gapSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['findings'],
  properties: {
    findings: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['control_id', 'status', 'sentence'],
        properties: {
          control_id: { type: 'string' },
          status: { type: 'string', enum: ['addresses', 'partly', 'misses'] },
          sentence: { type: ['string', 'null'] },
        },
      },
    },
  },
};

describe('OpenAI stand-in through the openai SDK', () => {
  it('answers a chat completion with the scripted text and token usage, and records the call', async () => {
    standIn.script({ content: 'Least privilege is enforced.' });
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Summarise the access policy.' }],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]!.message.content).toBe('Least privilege is enforced.');
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + completion.usage!.completion_tokens);
    expect(completion.usage!.completion_tokens).toBeGreaterThan(0);
    expect(standIn.calls).toHaveLength(1);
    expect(standIn.calls[0]!.authorization).toBe(`Bearer ${standIn.apiKey}`);
    expect(standIn.calls[0]!.body!.messages[0]!.content).toBe('Summarise the access policy.');
  });

  it('streams chat.completion.chunk deltas that the SDK joins, then the usage chunk with no choices', async () => {
    const text = 'Access is granted on least privilege and reviewed yearly.';
    standIn.script({ content: text });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Draft a sentence.' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    const joined = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(joined).toBe(text);
    expect(chunks.filter((c) => (c.choices[0]?.delta.content ?? '') !== '').length).toBeGreaterThan(3);
    const finishing = chunks.filter((c) => c.choices[0]?.finish_reason);
    expect(finishing.map((c) => c.choices[0]!.finish_reason)).toEqual(['stop']);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage!.total_tokens).toBeGreaterThan(0);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });

  it('streams without a usage chunk when include_usage is not asked for, and the SDK stream helper assembles it', async () => {
    standIn.script({ content: 'One two three.' });
    const runner = client.chat.completions.stream({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Count.' }],
    });
    const deltas: string[] = [];
    runner.on('content', (delta) => deltas.push(delta));
    const final = await runner.finalChatCompletion();
    expect(final.choices[0]!.message.content).toBe('One two three.');
    expect(deltas.join('')).toBe('One two three.');
  });

  it('gives json_schema structured output that the SDK parses, and refuses a script that misses a required key', async () => {
    const findings = [{ control_id: 'ac-1', status: 'addresses', sentence: 'Access is granted on least privilege.' }];
    standIn.script({ json: { findings } });
    const format = { type: 'json_schema' as const, json_schema: { name: 'gap_analysis', schema: gapSchema, strict: true } };
    const completion = await client.chat.completions.parse({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Analyse.' }],
      response_format: format,
    });
    expect(JSON.parse(completion.choices[0]!.message.content!)).toEqual({ findings });
    expect(standIn.calls[0]!.body!.response_format).toEqual(format);

    standIn.script({ json: { findings: [{ control_id: 'ac-1', status: 'addresses' }] } });
    const wrong = client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Analyse.' }],
      response_format: format,
    });
    await expect(wrong).rejects.toThrow(/lacks the required key "sentence"/);
  });

  it('answers the smallest valid structured output, or a text naming the prompt, when nothing is scripted', async () => {
    const structured = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Analyse.' }],
      response_format: { type: 'json_schema', json_schema: { name: 'gap_analysis', schema: gapSchema, strict: true } },
    });
    expect(JSON.parse(structured.choices[0]!.message.content!)).toEqual({ findings: [] });
    const text = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Write about backups.' }],
    });
    expect(text.choices[0]!.message.content).toContain('Write about backups.');
  });

  it('fails with 429 and retry-after headers the SDK exposes on RateLimitError, then answers the next call', async () => {
    standIn.fail({ status: 429, retryAfter: 2, retryAfterMs: 1500 });
    standIn.script({ content: 'after the wait' });
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rate = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rate.status).toBe(429);
    expect(rate.code).toBe('rate_limit_exceeded');
    expect(rate.headers.get('retry-after')).toBe('2');
    expect(rate.headers.get('retry-after-ms')).toBe('1500');
    const next = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });
    expect(next.choices[0]!.message.content).toBe('after the wait');
    expect(standIn.calls.map((c) => c.status)).toEqual([429, 200]);
  });

  it('fails with 500 as InternalServerError with OpenAI’s server_error body, also for a stream', async () => {
    standIn.fail({ status: 500, times: 2 });
    const plain = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(plain).toBeInstanceOf(OpenAI.InternalServerError);
    expect((plain as InstanceType<typeof OpenAI.APIError>).type).toBe('server_error');
    const streamed = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], stream: true })
      .catch((e: unknown) => e);
    expect(streamed).toBeInstanceOf(OpenAI.InternalServerError);
  });

  it('answers 401 invalid_api_key to a wrong key and records that the call was refused', async () => {
    const wrongKey = new OpenAI({ apiKey: 'sk-wrong', baseURL: standIn.url, maxRetries: 0 });
    const error = await wrongKey.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('invalid_api_key');
    expect((error as Error).message).toMatch(/Incorrect API key/);
    expect(standIn.calls.map((c) => c.status)).toEqual([401]);
  });

  it('answers 400 invalid_request_error, naming the parameter, for a request without messages', async () => {
    const error = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.APIError>).param).toBe('messages');
  });

  it('a stream cut off mid-way ends the SDK iteration with an error, not with a silently short text', async () => {
    standIn.script({ content: 'one two three four five six', cutAfterPieces: 2 });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    const received: string[] = [];
    const outcome = await (async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((e: unknown) => e);
    expect(received.join('')).toBe('one two ');
    expect(outcome).toBeInstanceOf(Error);
  });

  it('is scripted and read over HTTP too, for e2e tests and dev:stack', async () => {
    const origin = standIn.url.replace(/\/v1$/, '');
    const queued = await fetch(`${origin}/__stand-in/script`, {
      method: 'POST',
      body: JSON.stringify({ reply: { content: 'scripted over HTTP' } }),
    });
    expect(queued.status).toBe(200);
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });
    expect(completion.choices[0]!.message.content).toBe('scripted over HTTP');
    const calls = (await (await fetch(`${origin}/__stand-in/calls`)).json()) as { status: number }[];
    expect(calls.map((c) => c.status)).toEqual([200]);
  });
});
