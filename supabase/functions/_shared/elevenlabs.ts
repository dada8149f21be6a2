// The ElevenLabs API as the voice functions use it: text to speech, instant voice cloning and
// deleting a cloned voice. The key (ELEVENLABS_API_KEY) and base URL (ELEVENLABS_BASE_URL,
// https://api.elevenlabs.io when unset) come from the function's secrets; the key never appears
// in an answer or a log. Every failure is a VoiceUnavailable with a reason in words, which
// voice-summary turns into "Audio unavailable: <reason>" next to the transcript.
import { requireEnv } from './env.ts';

type Env = { get(name: string): string | undefined };

export class VoiceUnavailable extends Error {
  constructor(
    /** Why, in words a user understands (no key, no provider internals). */
    readonly reason: string,
    /** The provider's HTTP status (0: no answer). */
    readonly status: number,
    /** The provider's own status word, e.g. quota_exceeded. */
    readonly providerCode: string | null = null,
  ) {
    super(reason);
  }
}

export interface ElevenLabs {
  textToSpeech(input: { text: string; voiceId: string; modelId: string; outputFormat?: string }): Promise<Uint8Array>;
  addVoice(input: {
    name: string;
    description?: string;
    files: { name: string; type: string; bytes: Uint8Array }[];
  }): Promise<string>;
  /** Deletes a cloned voice; one ElevenLabs no longer has counts as deleted. */
  deleteVoice(voiceId: string): Promise<void>;
}

export interface ElevenLabsOptions {
  env?: Env;
  fetchFn?: typeof fetch;
  /** How long one call may take before it counts as unavailable (default 20 s). */
  timeoutMs?: number;
}

async function providerCode(answer: Response): Promise<{ code: string | null; message: string | null }> {
  try {
    const body = (await answer.json()) as { detail?: unknown };
    const detail = body.detail;
    if (detail && typeof detail === 'object' && !Array.isArray(detail)) {
      const d = detail as { status?: unknown; message?: unknown };
      return { code: typeof d.status === 'string' ? d.status : null, message: typeof d.message === 'string' ? d.message : null };
    }
    if (Array.isArray(detail)) return { code: 'validation_error', message: null };
  } catch {
    // Not JSON: the status alone says enough.
  }
  return { code: null, message: null };
}

/** The reason a user reads for a provider answer that is not a success. */
export async function reasonFor(answer: Response): Promise<VoiceUnavailable> {
  const { code } = await providerCode(answer);
  const status = answer.status;
  if (status === 401 && code === 'quota_exceeded') {
    return new VoiceUnavailable("the voice service's quota for this period is used up", status, code);
  }
  if (status === 401 || status === 403) {
    return new VoiceUnavailable('the voice service refused the server’s credentials; ask an administrator', status, code);
  }
  if (status === 429) return new VoiceUnavailable('the voice service is busy right now; try again in a minute', status, code);
  if (status >= 500) return new VoiceUnavailable(`the voice service failed (HTTP ${status}); try again later`, status, code);
  if (status === 404 && code === 'voice_not_found')
    return new VoiceUnavailable('the voice no longer exists at the voice service', status, code);
  return new VoiceUnavailable(`the voice service refused the request (HTTP ${status})`, status, code);
}

export function elevenLabs(options: ElevenLabsOptions = {}): ElevenLabs {
  const env = options.env ?? Deno.env;
  const fetchFn = options.fetchFn ?? fetch;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const base = () => (env.get('ELEVENLABS_BASE_URL')?.trim() || 'https://api.elevenlabs.io').replace(/\/+$/, '');

  async function send(path: string, init: RequestInit): Promise<Response> {
    const key = requireEnv('ELEVENLABS_API_KEY', env);
    try {
      return await fetchFn(`${base()}${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string> | undefined), 'xi-api-key': key },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        const seconds = Math.max(1, Math.round(timeoutMs / 1000));
        throw new VoiceUnavailable(`the voice service did not answer within ${seconds} second${seconds === 1 ? '' : 's'}`, 0);
      }
      throw new VoiceUnavailable('the voice service cannot be reached', 0);
    }
  }

  return {
    async textToSpeech({ text, voiceId, modelId, outputFormat = 'mp3_44100_128' }) {
      const answer = await send(`/v1/text-to-speech/${encodeURIComponent(voiceId)}?output_format=${outputFormat}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'audio/mpeg' },
        body: JSON.stringify({ text, model_id: modelId, voice_settings: { stability: 0.5, similarity_boost: 0.75 } }),
      });
      if (!answer.ok) throw await reasonFor(answer);
      try {
        const bytes = new Uint8Array(await answer.arrayBuffer());
        if (bytes.length === 0) throw new Error('empty');
        return bytes;
      } catch {
        throw new VoiceUnavailable('the voice service stopped sending the audio', 0);
      }
    },

    async addVoice({ name, description, files }) {
      const form = new FormData();
      form.set('name', name);
      if (description) form.set('description', description);
      for (const file of files) form.append('files', new Blob([file.bytes as BlobPart], { type: file.type }), file.name);
      const answer = await send('/v1/voices/add', { method: 'POST', body: form });
      if (!answer.ok) throw await reasonFor(answer);
      const body = (await answer.json()) as { voice_id?: unknown };
      if (typeof body.voice_id !== 'string')
        throw new VoiceUnavailable('the voice service answered without a voice', answer.status);
      return body.voice_id;
    },

    async deleteVoice(voiceId) {
      const answer = await send(`/v1/voices/${encodeURIComponent(voiceId)}`, { method: 'DELETE' });
      if (answer.ok || answer.status === 404) {
        await answer.body?.cancel();
        return;
      }
      throw await reasonFor(answer);
    },
  };
}
