// A stand-in for the ElevenLabs API on 127.0.0.1, speaking the parts of its HTTP API that the
// voice functions use, with its status codes and error bodies ({ detail: { status, message } }):
//   POST   /v1/text-to-speech/{voice_id}[?output_format=mp3_44100_128]  JSON {text, model_id,
//          voice_settings} with xi-api-key → audio/mpeg (real, silent MPEG-1 Layer III frames)
//   POST   /v1/voices/add   multipart/form-data name, files[, description, labels] → {voice_id, …}
//   GET    /v1/voices/{voice_id}, DELETE /v1/voices/{voice_id}
// Tests count calls (`calls`, `count`) to prove a cache, and script failures (`fail`): 401
// quota_exceeded, 429, 500, or a hang that never answers (what a timeout is for). The same
// controls are reachable over HTTP for e2e: POST /__stand-in/fail {kind, route?, times?},
// GET /__stand-in/calls, POST /__stand-in/reset.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseOutputFormat, silentMp3, spokenSeconds } from './mp3.ts';

export type Route = 'tts' | 'voices.add' | 'voices.get' | 'voices.delete';
export type FailureKind = 'quota_exceeded' | 'rate_limited' | 'server_error' | 'hang';

export interface Failure {
  kind: FailureKind;
  /** Only calls to this route fail (any route when absent). */
  route?: Route;
  /** How many calls in a row fail (1 when absent). */
  times?: number;
}

export interface SampleFile {
  name: string;
  type: string;
  size: number;
}

export interface RecordedCall {
  route: Route;
  method: string;
  path: string;
  voiceId: string | null;
  /** TTS: the JSON body; voices.add: the form's text fields. */
  body: Record<string, unknown>;
  /** voices.add: the uploaded files. */
  files: SampleFile[];
  /** What the stand-in answered (0 for a hang). */
  status: number;
}

export interface Voice {
  voice_id: string;
  name: string;
  category: 'premade' | 'cloned';
  description: string | null;
  files: SampleFile[];
}

export interface ElevenLabsStandIn {
  /** Base URL without /v1, as ELEVENLABS_BASE_URL: http://127.0.0.1:PORT */
  url: string;
  apiKey: string;
  /** A premade voice every account has (what summaries use without an org voice). */
  defaultVoiceId: string;
  calls: RecordedCall[];
  count(route: Route): number;
  voices: Map<string, Voice>;
  /** The next matching call(s) fail this way. */
  fail(failure: Failure): void;
  /** Characters of TTS left; past it, 401 quota_exceeded as ElevenLabs answers (default: no limit). */
  setCharacterLimit(limit: number | null): void;
  reset(): void;
  stop(): Promise<void>;
}

const PREMADE = { voice_id: '21m00Tcm4TlvDq8ikWAM', name: 'Rachel' };
const MODELS = new Set(['eleven_multilingual_v2', 'eleven_turbo_v2_5', 'eleven_flash_v2_5', 'eleven_monolingual_v1']);

class Answer extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${status}`);
  }
}

const detail = (status: number, code: string, message: string) => new Answer(status, { detail: { status: code, message } });
const validation = (loc: string[], msg: string, type: string) => new Answer(422, { detail: [{ loc, msg, type }] });

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startElevenLabsStandIn(options: { port?: number; apiKey?: string } = {}): Promise<ElevenLabsStandIn> {
  const apiKey = options.apiKey ?? `sk_standin_${randomBytes(12).toString('hex')}`;
  const calls: RecordedCall[] = [];
  const voices = new Map<string, Voice>();
  const failures: (Failure & { left: number })[] = [];
  const hanging = new Set<ServerResponse>();
  let characterLimit: number | null = null;
  let charactersUsed = 0;
  const resetVoices = () => {
    voices.clear();
    voices.set(PREMADE.voice_id, { ...PREMADE, category: 'premade', description: null, files: [] });
  };
  resetVoices();

  const takeFailure = (route: Route): FailureKind | null => {
    const index = failures.findIndex((f) => f.route === undefined || f.route === route);
    if (index < 0) return null;
    const failure = failures[index]!;
    failure.left -= 1;
    if (failure.left <= 0) failures.splice(index, 1);
    return failure.kind;
  };

  function authorize(req: IncomingMessage): void {
    const key = req.headers['xi-api-key'];
    if (key === undefined) {
      throw detail(401, 'needs_authorization', 'Neither authorization header nor xi-api-key received, please provide one.');
    }
    if (key !== apiKey) throw detail(401, 'invalid_api_key', 'Invalid API key');
  }

  function scripted(kind: FailureKind, res: ServerResponse): boolean {
    if (kind === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return true;
    }
    if (kind === 'quota_exceeded') {
      throw detail(
        401,
        'quota_exceeded',
        'This request exceeds your quota of 10000. You have 0 credits remaining, while 91 credits are required for this request.',
      );
    }
    if (kind === 'rate_limited') {
      throw detail(
        429,
        'too_many_concurrent_requests',
        'Too many concurrent requests for your subscription. Please try again later or upgrade your subscription.',
      );
    }
    throw detail(500, 'internal_server_error', 'An internal server error occurred. Please try again later.');
  }

  async function textToSpeech(req: IncomingMessage, res: ServerResponse, url: URL, voiceId: string, call: RecordedCall) {
    const raw = await readBody(req);
    authorize(req);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw validation(['body'], 'Expecting value: line 1 column 1 (char 0)', 'value_error.jsondecode');
    }
    if (typeof body !== 'object' || body === null) throw validation(['body'], 'value is not a valid dict', 'type_error.dict');
    call.body = body as Record<string, unknown>;
    const { text, model_id: modelId } = body as { text?: unknown; model_id?: unknown };
    if (typeof text !== 'string') throw validation(['body', 'text'], 'field required', 'value_error.missing');
    if (modelId !== undefined && (typeof modelId !== 'string' || !MODELS.has(modelId))) {
      throw detail(400, 'model_not_found', `A model with model ID ${String(modelId)} does not exist.`);
    }
    const format = parseOutputFormat(url.searchParams.get('output_format'));
    if (!format) {
      throw validation(
        ['query', 'output_format'],
        `unsupported output format ${url.searchParams.get('output_format')}`,
        'value_error',
      );
    }
    if (!voices.has(voiceId)) throw detail(404, 'voice_not_found', `A voice with the voice_id ${voiceId} was not found.`);
    const failure = takeFailure('tts');
    if (failure && scripted(failure, res)) return;
    if (characterLimit !== null && charactersUsed + text.length > characterLimit) {
      throw detail(
        401,
        'quota_exceeded',
        `This request exceeds your quota of ${characterLimit}. You have ${characterLimit - charactersUsed} credits remaining, while ${text.length} credits are required for this request.`,
      );
    }
    charactersUsed += text.length;
    const audio = silentMp3(spokenSeconds(text), format);
    call.status = 200;
    res.writeHead(200, {
      'content-type': 'audio/mpeg',
      'content-length': audio.length,
      'character-cost': String(text.length),
      'request-id': randomBytes(10).toString('hex'),
    });
    res.end(audio);
  }

  async function addVoice(req: IncomingMessage, res: ServerResponse, call: RecordedCall) {
    const raw = await readBody(req);
    authorize(req);
    const type = String(req.headers['content-type'] ?? '');
    if (!type.startsWith('multipart/form-data')) throw validation(['body', 'name'], 'field required', 'value_error.missing');
    let form: FormData;
    try {
      form = await new Request('http://stand-in/', { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
    } catch {
      throw validation(['body'], 'could not parse the multipart body', 'value_error');
    }
    const files: SampleFile[] = [];
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') call.body[key] = value;
      else if (key === 'files') files.push({ name: value.name, type: value.type, size: value.size });
    }
    call.files = files;
    const name = form.get('name');
    if (typeof name !== 'string' || name.trim() === '')
      throw validation(['body', 'name'], 'field required', 'value_error.missing');
    if (files.length === 0) throw validation(['body', 'files'], 'field required', 'value_error.missing');
    if (files.some((f) => f.size === 0)) throw detail(400, 'invalid_audio', 'One of the uploaded files is empty.');
    const failure = takeFailure('voices.add');
    if (failure && scripted(failure, res)) return;
    // ElevenLabs voice ids are 20 letters and digits.
    const voiceId = randomBytes(10).toString('hex');
    const description = form.get('description');
    voices.set(voiceId, {
      voice_id: voiceId,
      name,
      category: 'cloned',
      description: typeof description === 'string' ? description : null,
      files,
    });
    call.status = 200;
    send(res, 200, { voice_id: voiceId, requires_verification: false });
  }

  function voiceRoute(req: IncomingMessage, res: ServerResponse, voiceId: string, route: Route, call: RecordedCall) {
    authorize(req);
    const voice = voices.get(voiceId);
    if (!voice) throw detail(404, 'voice_not_found', `A voice with the voice_id ${voiceId} was not found.`);
    const failure = takeFailure(route);
    if (failure && scripted(failure, res)) return;
    call.status = 200;
    if (route === 'voices.get') {
      return send(res, 200, {
        voice_id: voice.voice_id,
        name: voice.name,
        category: voice.category,
        description: voice.description,
      });
    }
    if (voice.category === 'premade') throw detail(400, 'voice_not_deletable', 'Premade voices cannot be deleted.');
    voices.delete(voiceId);
    send(res, 200, { status: 'ok' });
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string) {
    if (req.method === 'GET' && path === '/__stand-in/calls') return send(res, 200, calls);
    if (req.method === 'POST' && path === '/__stand-in/reset') return send(res, 200, (reset(), { ok: true }));
    if (req.method === 'POST' && path === '/__stand-in/fail') {
      const failure = JSON.parse((await readBody(req)).toString('utf8')) as Failure;
      if (!['quota_exceeded', 'rate_limited', 'server_error', 'hang'].includes(failure.kind)) {
        return send(res, 400, { message: `unknown failure kind ${String(failure.kind)}` });
      }
      fail(failure);
      return send(res, 200, { ok: true });
    }
    send(res, 404, { message: `no stand-in control ${req.method} ${path}` });
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = url.pathname;
      if (path.startsWith('/__stand-in/')) return control(req, res, path);
      const tts = /^\/v1\/text-to-speech\/([^/]+)(\/stream)?$/.exec(path);
      const voice = /^\/v1\/voices\/([^/]+)$/.exec(path);
      let route: Route | null = null;
      let voiceId: string | null = null;
      if (req.method === 'POST' && tts) [route, voiceId] = ['tts', decodeURIComponent(tts[1]!)];
      else if (req.method === 'POST' && path === '/v1/voices/add') route = 'voices.add';
      else if (voice && (req.method === 'GET' || req.method === 'DELETE') && voice[1] !== 'add') {
        [route, voiceId] = [req.method === 'GET' ? 'voices.get' : 'voices.delete', decodeURIComponent(voice[1]!)];
      }
      if (!route) return send(res, 404, { detail: 'Not Found' });
      const call: RecordedCall = { route, method: req.method!, path: path + url.search, voiceId, body: {}, files: [], status: 0 };
      calls.push(call);
      try {
        if (route === 'tts') await textToSpeech(req, res, url, voiceId!, call);
        else if (route === 'voices.add') await addVoice(req, res, call);
        else voiceRoute(req, res, voiceId!, route, call);
      } catch (error) {
        const answer = error instanceof Answer ? error : detail(500, 'internal_server_error', (error as Error).message);
        call.status = answer.status;
        if (!res.headersSent) send(res, answer.status, answer.body);
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  function fail(failure: Failure): void {
    failures.push({ ...failure, left: Math.max(1, failure.times ?? 1) });
  }
  function reset(): void {
    calls.length = 0;
    failures.length = 0;
    characterLimit = null;
    charactersUsed = 0;
    resetVoices();
  }

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    defaultVoiceId: PREMADE.voice_id,
    calls,
    count: (route) => calls.filter((c) => c.route === route).length,
    voices,
    fail,
    setCharacterLimit(limit) {
      characterLimit = limit;
      charactersUsed = 0;
    },
    reset,
    async stop() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
