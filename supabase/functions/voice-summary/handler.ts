// POST /functions/v1/voice-summary { revisionId, voiceId? }: a short spoken summary of a policy
// revision the caller may read. The revision text comes from the database as the caller (RLS),
// never from the body. Cached per org under hash(revision body, voice, model): a hit answers a
// short-lived signed URL and the transcript without calling OpenAI or ElevenLabs. When ElevenLabs
// cannot speak (quota, 429, 5xx, timeout) the answer is the transcript with "Audio unavailable:
// <reason>", and the next request tries the audio again (the transcript stays cached).
import type { ElevenLabs } from '../_shared/elevenlabs.ts';
import { VoiceUnavailable } from '../_shared/elevenlabs.ts';
import { type VoiceCaller, voiceError } from '../_shared/voice-caller.ts';
import { summaryAudioPath, summaryCacheKey } from './cache-key.ts';

export interface SummaryDeps {
  /** The summary text (OpenAI); throws what `failure` turns into an answer. */
  summarize(source: { title: string; body: string }): Promise<{ text: string; tokens: number }>;
  voice: ElevenLabs;
  ttsModel: string;
  defaultVoiceId: string;
  /** Rate limits before each provider call, usage after (rate-limit.ts). */
  consume(caller: VoiceCaller, kind: 'ai' | 'voice', estimate: number): Promise<void>;
  recordUsage(caller: VoiceCaller, usage: { kind: 'ai' | 'voice'; tokens: number; characters?: number }): Promise<void>;
  /** The answer for a rate limit or an AI outage, or null for anything else. */
  failure(error: unknown): Response | null;
  signedUrlSeconds?: number;
}

export interface SummaryAnswer {
  revisionId: string;
  transcript: string;
  audio: { url: string; expiresInSeconds: number; contentType: 'audio/mpeg'; cacheKey: string } | null;
  /** "Audio unavailable: <reason>" when there is a transcript but no audio. */
  audioUnavailable: string | null;
  cached: boolean;
  voice: 'org' | 'default';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VOICE_ID = /^[A-Za-z0-9]{1,64}$/;

class Refusal extends Error {
  constructor(readonly response: Response) {
    super('refused');
  }
}

function parseInput(bytes: Uint8Array): { revisionId: string; voiceId: string | null } {
  let input: unknown;
  try {
    input = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Refusal(voiceError(400, 'invalid_request', 'The request body must be JSON: { "revisionId": "<uuid>" }.'));
  }
  const { revisionId, voiceId } = (input ?? {}) as { revisionId?: unknown; voiceId?: unknown };
  if (typeof revisionId !== 'string' || !UUID.test(revisionId)) {
    throw new Refusal(voiceError(400, 'invalid_request', 'revisionId must be the uuid of a policy revision.'));
  }
  if (voiceId !== undefined && voiceId !== null && (typeof voiceId !== 'string' || !VOICE_ID.test(voiceId))) {
    throw new Refusal(voiceError(400, 'invalid_request', 'voiceId must be a voice id of letters and digits.'));
  }
  return { revisionId: revisionId.toLowerCase(), voiceId: (voiceId as string | null | undefined) ?? null };
}

async function rpcRows<T>(call: PromiseLike<{ data: unknown; error: { message: string } | null }>, what: string): Promise<T[]> {
  const { data, error } = await call;
  if (error) throw new Refusal(voiceError(502, 'database_error', `Could not read ${what}: ${error.message}`));
  return (Array.isArray(data) ? data : data === null ? [] : [data]) as T[];
}

export async function voiceSummary(req: Request, caller: VoiceCaller, deps: SummaryDeps): Promise<Response> {
  if (req.method !== 'POST') return voiceError(405, 'method_not_allowed', 'Use POST with { "revisionId": "<uuid>" }.');
  try {
    const input = parseInput(caller.body);
    const [source] = await rpcRows<{ org_id: string; title: string; body: string }>(
      caller.db.rpc('voice_revision_source', { p_revision_id: input.revisionId }),
      'the revision',
    );
    if (!source || source.org_id !== caller.orgId) {
      return voiceError(404, 'not_found', 'There is no such policy revision in this organization, or you may not read it.');
    }
    if (source.body.trim() === '') return voiceError(422, 'empty_revision', 'This revision has no text to summarise.');
    const [orgVoice] = await rpcRows<{ voice_id: string }>(
      caller.db.rpc('org_voice', { p_org_id: caller.orgId }),
      'the org voice',
    );
    const allowed = new Set([deps.defaultVoiceId, ...(orgVoice ? [orgVoice.voice_id] : [])]);
    if (input.voiceId !== null && !allowed.has(input.voiceId)) {
      return voiceError(400, 'unknown_voice', 'That voice is neither the organization’s voice nor the default voice.');
    }
    const voiceId = input.voiceId ?? orgVoice?.voice_id ?? deps.defaultVoiceId;
    const cacheKey = await summaryCacheKey({ body: source.body, voiceId, model: deps.ttsModel });
    const voice = voiceId === orgVoice?.voice_id ? 'org' : 'default';
    const answer = (partial: Omit<SummaryAnswer, 'revisionId' | 'voice'>): Response =>
      Response.json({ revisionId: input.revisionId, voice, ...partial } satisfies SummaryAnswer);

    const [hit] = await rpcRows<{ transcript: string; audio_path: string | null }>(
      caller.db.rpc('voice_summary_cached', { p_org_id: caller.orgId, p_cache_key: cacheKey }),
      'the summary cache',
    );
    if (hit?.audio_path) {
      const audio = await signedAudio(caller, hit.audio_path, cacheKey, deps);
      if (audio) return answer({ transcript: hit.transcript, audio, audioUnavailable: null, cached: true });
    }

    let transcript = hit?.transcript ?? null;
    if (transcript === null) {
      await deps.consume(caller, 'ai', Math.ceil(source.body.length / 4) + 400);
      const summary = await deps.summarize({ title: source.title, body: source.body });
      await deps.recordUsage(caller, { kind: 'ai', tokens: summary.tokens });
      transcript = summary.text.trim().slice(0, 4000);
      if (transcript === '') return voiceError(503, 'ai_unavailable', 'AI is unavailable: the summary came back empty.');
      await store(caller, { cacheKey, revisionId: input.revisionId, voiceId, model: deps.ttsModel, transcript, audioPath: null });
    }

    let bytes: Uint8Array;
    try {
      await deps.consume(caller, 'voice', transcript.length);
      bytes = await deps.voice.textToSpeech({ text: transcript, voiceId, modelId: deps.ttsModel });
    } catch (error) {
      if (!(error instanceof VoiceUnavailable)) throw error;
      return answer({
        transcript,
        audio: null,
        audioUnavailable: `Audio unavailable: ${error.reason}`,
        cached: hit !== undefined,
      });
    }
    await deps.recordUsage(caller, { kind: 'voice', tokens: 0, characters: transcript.length });
    const path = summaryAudioPath(caller.orgId, cacheKey);
    const uploaded = await caller.admin.storage
      .from('voice-summaries')
      .upload(path, bytes, { contentType: 'audio/mpeg', upsert: true });
    if (uploaded.error) return voiceError(502, 'storage_error', `Could not keep the audio: ${uploaded.error.message}`);
    await store(caller, { cacheKey, revisionId: input.revisionId, voiceId, model: deps.ttsModel, transcript, audioPath: path });
    const audio = await signedAudio(caller, path, cacheKey, deps);
    if (!audio) return voiceError(502, 'storage_error', 'Could not hand out the audio: signing its URL failed.');
    return answer({ transcript, audio, audioUnavailable: null, cached: false });
  } catch (error) {
    if (error instanceof Refusal) return error.response;
    const mapped = deps.failure(error);
    if (mapped) return mapped;
    throw error;
  }
}

/** A short-lived URL for the caller (signed as the caller, so Storage's object policies decide). */
async function signedAudio(caller: VoiceCaller, path: string, cacheKey: string, deps: SummaryDeps) {
  const expiresInSeconds = deps.signedUrlSeconds ?? 300;
  const { data, error } = await caller.db.storage.from('voice-summaries').createSignedUrl(path, expiresInSeconds);
  if (error || !data?.signedUrl) return null;
  return { url: data.signedUrl, expiresInSeconds, contentType: 'audio/mpeg' as const, cacheKey };
}

async function store(
  caller: VoiceCaller,
  row: { cacheKey: string; revisionId: string; voiceId: string; model: string; transcript: string; audioPath: string | null },
) {
  const { error } = await caller.admin.rpc('voice_summary_store', {
    p_org_id: caller.orgId,
    p_cache_key: row.cacheKey,
    p_revision_id: row.revisionId,
    p_voice_id: row.voiceId,
    p_model: row.model,
    p_transcript: row.transcript,
    p_audio_path: row.audioPath,
  });
  if (error) throw new Refusal(voiceError(502, 'database_error', `Could not keep the summary: ${error.message}`));
}
