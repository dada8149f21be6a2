// A stand-in for the OpenAI API on 127.0.0.1, speaking POST /v1/chat/completions as OpenAI does
// (JSON or SSE streaming, json_schema structured outputs, usage, error bodies with retry-after).
// Tests script replies and failures (a queue, in order) and read every call back, so they can
// prove a cache hit made no call. e2e and `npm run dev:stack` reach the same controls over HTTP:
// POST /__stand-in/script {reply} | {fail}, GET /__stand-in/calls, POST /__stand-in/reset.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  completionBody,
  errorBody,
  streamFrames,
  textOf,
  usageFor,
  type ChatRequest,
  type ErrorReply,
  type ReplyContent,
} from './replies.ts';
import { defaultFor, schemaMismatch } from './schema.ts';

export type { ChatRequest, ErrorReply, ReplyContent } from './replies.ts';

/** The key the stand-in accepts unless told otherwise (OPENAI_API_KEY of the functions). */
export const STAND_IN_API_KEY = 'sk-stand-in-0000000000000000';

export interface RecordedCall {
  method: string;
  path: string;
  /** The Authorization header as sent (the functions' key, never the user's token). */
  authorization: string | null;
  body: ChatRequest | null;
  /** The status the stand-in answered. */
  status: number;
}

export type ReplyExtras = {
  /** Milliseconds before answering (headers included), for time-outs. */
  delayMs?: number;
  /** Streaming only: cut the connection after this many content pieces (no [DONE]). */
  cutAfterPieces?: number;
};
export type Reply =
  (ReplyContent & ReplyExtras) | ((request: ChatRequest) => (ReplyContent & ReplyExtras) | Promise<ReplyContent & ReplyExtras>);

export interface OpenAiStandIn {
  /** The base URL for the SDK (`baseURL`), ending in /v1. */
  url: string;
  apiKey: string;
  calls: RecordedCall[];
  /** Queue the next answer. */
  script(reply: Reply): void;
  /** Queue a failure for the next call (`times` for that many calls in a row). */
  fail(next: ErrorReply & { times?: number }): void;
  /** Forget queued replies and recorded calls. */
  reset(): void;
  stop(): Promise<void>;
}

export interface StandInOptions {
  port?: number;
  /** The accepted key; null accepts any bearer key. */
  apiKey?: string | null;
  /** Pause between streamed chunks, so a UI visibly receives text as it arrives. */
  chunkDelayMs?: number;
}

type Queued = { kind: 'reply'; reply: Reply } | { kind: 'fail'; error: ErrorReply };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class BadRequest extends Error {
  constructor(
    message: string,
    readonly param: string | null,
  ) {
    super(message);
  }
}

function parseRequest(raw: string): ChatRequest {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new BadRequest(
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
      null,
    );
  }
  const request = body as ChatRequest;
  if (!request || typeof request !== 'object') throw new BadRequest('The request body must be a JSON object.', null);
  if (typeof request.model !== 'string' || request.model === '')
    throw new BadRequest('you must provide a model parameter', 'model');
  if (!Array.isArray(request.messages) || request.messages.length === 0) {
    throw new BadRequest("Invalid 'messages': empty array. Expected an array with minimum length 1.", 'messages');
  }
  const format = request.response_format;
  if (format?.type === 'json_schema') {
    if (!format.json_schema || typeof format.json_schema.name !== 'string') {
      throw new BadRequest("Missing required parameter: 'response_format.json_schema.name'.", 'response_format.json_schema.name');
    }
    if (!format.json_schema.schema || typeof format.json_schema.schema !== 'object') {
      throw new BadRequest(
        "Missing required parameter: 'response_format.json_schema.schema'.",
        'response_format.json_schema.schema',
      );
    }
  }
  return request;
}

/** With nothing scripted: the smallest valid structured answer, or text naming the prompt. */
function defaultReply(request: ChatRequest): ReplyContent {
  const format = request.response_format;
  if (format?.type === 'json_schema') return { json: defaultFor(format.json_schema.schema) };
  const last = [...request.messages].reverse().find((m) => m.role === 'user');
  const prompt = textOf(last?.content).replace(/\s+/g, ' ').trim().slice(0, 200);
  return { content: `Stand-in answer (no reply was scripted) to: ${prompt}` };
}

function contentOf(request: ChatRequest, reply: ReplyContent): string {
  const content = 'json' in reply ? JSON.stringify(reply.json) : reply.content;
  const format = request.response_format;
  if (format?.type === 'json_schema' && !reply.unchecked) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      throw new Error('the scripted reply is not JSON but the request asked for json_schema output');
    }
    const problem = schemaMismatch(parsed, format.json_schema.schema);
    if (problem) throw new Error(`the scripted reply does not fit the schema "${format.json_schema.name}": ${problem}`);
  }
  return content;
}

export async function startOpenAiStandIn(options: StandInOptions = {}): Promise<OpenAiStandIn> {
  const apiKey = options.apiKey === undefined ? STAND_IN_API_KEY : options.apiKey;
  const queue: Queued[] = [];
  const calls: RecordedCall[] = [];
  const sockets = new Set<Socket>();

  const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      'x-request-id': `req_${Math.random().toString(16).slice(2)}`,
      'openai-processing-ms': '1',
      ...headers,
    });
    res.end(text);
  };
  const sendError = (res: ServerResponse, error: ErrorReply) => {
    const headers: Record<string, string> = {};
    if (error.retryAfter !== undefined) headers['retry-after'] = String(error.retryAfter);
    if (error.retryAfterMs !== undefined) headers['retry-after-ms'] = String(error.retryAfterMs);
    // OpenAI says whether the SDK may retry; the functions' SDK has maxRetries 0 anyway.
    headers['x-should-retry'] = error.status === 429 || error.status >= 500 ? 'true' : 'false';
    sendJson(res, error.status, errorBody(error), headers);
  };

  const readAll = async (req: IncomingMessage): Promise<string> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };

  const completions = async (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const call: RecordedCall = {
      method: req.method ?? '',
      path: new URL(req.url ?? '/', 'http://x').pathname,
      authorization: req.headers.authorization ?? null,
      body: null,
      status: 0,
    };
    calls.push(call);
    const answer = (status: number) => (call.status = status);
    const key = /^Bearer\s+(\S+)$/i.exec(call.authorization ?? '')?.[1];
    if (!key || (apiKey !== null && key !== apiKey)) {
      answer(401);
      return sendError(res, {
        status: 401,
        ...(key
          ? {}
          : {
              message:
                "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
              code: null,
            }),
      });
    }
    let request: ChatRequest;
    try {
      request = parseRequest(raw);
    } catch (error) {
      answer(400);
      const bad = error as BadRequest;
      return sendError(res, { status: 400, message: bad.message, param: bad.param, code: bad.param ? 'invalid_value' : null });
    }
    call.body = request;
    const next = queue.shift();
    if (next?.kind === 'fail') {
      answer(next.error.status);
      return sendError(res, next.error);
    }
    let reply: ReplyContent & ReplyExtras;
    let content: string;
    try {
      const scripted = next ? next.reply : defaultReply;
      reply = typeof scripted === 'function' ? await scripted(request) : scripted;
      content = contentOf(request, reply);
    } catch (error) {
      // A mistake in the test's script, said as loudly as an answer can.
      answer(500);
      return sendError(res, { status: 500, type: 'stand_in_script_error', message: (error as Error).message });
    }
    if (reply.delayMs) await sleep(reply.delayMs);
    const finishReason = reply.finishReason ?? 'stop';
    const usage = usageFor(request, content, reply.usage);
    answer(200);
    if (!request.stream) return sendJson(res, 200, completionBody(request, content, finishReason, usage));
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-request-id': `req_${Math.random().toString(16).slice(2)}`,
    });
    res.flushHeaders();
    const frames = streamFrames(request, content, finishReason, usage);
    for (const [index, frame] of frames.entries()) {
      // Frame 0 is the role chunk, so content piece n is frame n.
      if (reply.cutAfterPieces !== undefined && index > reply.cutAfterPieces) {
        res.socket?.destroy();
        return;
      }
      // Each frame is on the wire before the next (and before a cut), as a real stream is.
      await new Promise<void>((resolve) => res.write(frame, () => resolve()));
      if (options.chunkDelayMs) await sleep(options.chunkDelayMs);
    }
    res.end();
  };

  const control = (req: IncomingMessage, res: ServerResponse, path: string, raw: string) => {
    if (req.method === 'GET' && path === '/__stand-in/calls') return sendJson(res, 200, calls);
    if (req.method === 'POST' && path === '/__stand-in/reset') {
      queue.length = 0;
      calls.length = 0;
      return sendJson(res, 200, { ok: true });
    }
    if (req.method === 'POST' && path === '/__stand-in/script') {
      const body = (raw ? JSON.parse(raw) : {}) as { reply?: ReplyContent; fail?: ErrorReply & { times?: number } };
      if (body.fail) standIn.fail(body.fail);
      else if (body.reply) standIn.script(body.reply);
      else return sendJson(res, 400, { message: 'send {reply: {content}|{json}} or {fail: {status}}' });
      return sendJson(res, 200, { queued: queue.length });
    }
    return sendJson(res, 404, { message: `no stand-in control ${req.method} ${path}` });
  };

  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const raw = await readAll(req);
      if (path.startsWith('/__stand-in/')) return control(req, res, path, raw);
      if (req.method === 'POST' && path === '/v1/chat/completions') return completions(req, res, raw);
      return sendJson(res, 404, errorBody({ status: 404, message: `Invalid URL (${req.method} ${path})`, code: null }));
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorBody({ status: 500, message: (error as Error).message }));
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const standIn: OpenAiStandIn = {
    url: `http://127.0.0.1:${port}/v1`,
    apiKey: apiKey ?? STAND_IN_API_KEY,
    calls,
    script(reply) {
      queue.push({ kind: 'reply', reply });
    },
    fail(next) {
      const { times = 1, ...error } = next;
      for (let i = 0; i < times; i++) queue.push({ kind: 'fail', error });
    },
    reset() {
      queue.length = 0;
      calls.length = 0;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return standIn;
}
