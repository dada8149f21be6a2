/**
 * Voice on this computer: asks the organization's voice-summary function for a revision's spoken
 * summary (signed, through deps.functions), downloads the audio from its short-lived signed URL
 * and keeps both (summary-store.ts), so the summary plays offline. Training goes to
 * voice-training; the consent is appended to the trail before any sample leaves the computer.
 */
import { z } from 'zod';
import type { OrgVoice, VoiceSummary, VoiceTrainingInput } from '../../../src-shared/api/voice';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import { appendEvent } from '../audit-trail/trail';
import type { CoreDeps } from '../deps';
import type { FunctionCaller } from '../functions/function-caller';
import { readAnswer } from './function-answers';
import { summaryStore, type KeptSummary } from './summary-store';

const ServerSummary = z.object({
  revisionId: z.string(),
  transcript: z.string(),
  audio: z.object({ url: z.string(), expiresInSeconds: z.number(), contentType: z.literal('audio/mpeg') }).nullable(),
  audioUnavailable: z.string().nullable(),
  cached: z.boolean(),
  voice: z.enum(['org', 'default']),
});
const ServerVoice = z.object({
  voiceId: z.string(),
  name: z.string(),
  sampleSeconds: z.number(),
  createdAt: z.string().nullable().optional(),
});
const MAX_AUDIO_BYTES = 50 * 1024 * 1024;

export interface VoiceServiceOptions {
  /** Fetches the signed audio URL (tests pass the stack's fetch); global fetch by default. */
  fetch?: typeof fetch;
}

export function voiceService(deps: CoreDeps, options: VoiceServiceOptions = {}) {
  const store = summaryStore(deps.paths.root);
  const download = options.fetch ?? fetch;

  function functions(feature: string): FunctionCaller {
    if (!deps.functions) {
      throw new AppError(ErrorCode.Offline, `${feature} needs an organization connected to its Supabase project`);
    }
    return deps.functions;
  }

  /** Calls a function; a missing connection becomes "<feature> needs a connection". */
  async function call(feature: string, request: Parameters<FunctionCaller['call']>[0]): Promise<Response> {
    try {
      return await functions(feature).call(request);
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.Offline) {
        throw new AppError(ErrorCode.Offline, `${feature} needs a connection: ${error.message}`);
      }
      throw error;
    }
  }

  function revisionBody(revisionId: string): string {
    const row = deps.db
      .prepare('SELECT body FROM policy_revisions WHERE id = ? AND org_id = ? AND deleted_at IS NULL')
      .get(revisionId, deps.orgId) as { body: string } | undefined;
    if (!row) throw new AppError(ErrorCode.NotFound, 'There is no such policy revision in this workspace');
    return row.body;
  }

  async function fetchAudio(url: string): Promise<Uint8Array> {
    const parsed = new URL(url);
    // Only a Storage signed-object URL is fetched: the answer names what to download, nothing else.
    if (!/^https?:$/.test(parsed.protocol) || !parsed.pathname.includes('/storage/v1/object/sign/')) {
      throw new AppError(ErrorCode.BadServerAnswer, 'The voice summary named an audio address that is not a signed Storage URL');
    }
    const answer = await download(parsed, { signal: AbortSignal.timeout(60_000) });
    if (!answer.ok) throw new AppError(ErrorCode.BadServerAnswer, `Downloading the audio failed (HTTP ${answer.status})`);
    const bytes = new Uint8Array(await answer.arrayBuffer());
    if (bytes.length === 0 || bytes.length > MAX_AUDIO_BYTES) {
      throw new AppError(ErrorCode.BadServerAnswer, 'The audio of the voice summary is empty or too large');
    }
    return bytes;
  }

  const view = (kept: KeptSummary, fromThisComputer: boolean): VoiceSummary => ({
    revisionId: kept.revisionId,
    transcript: kept.transcript,
    hasAudio: kept.audioSha256 !== null,
    audioUnavailable: kept.audioUnavailable,
    voice: kept.voice,
    fetchedAt: kept.fetchedAt,
    fromThisComputer,
  });

  return {
    async summary(input: { revisionId: string; refresh?: boolean }): Promise<VoiceSummary> {
      const body = revisionBody(input.revisionId);
      const kept = store.find(input.revisionId, body);
      // Kept with audio: play it (offline too). Kept without audio: ask again for the audio.
      if (kept && kept.audioSha256 && !input.refresh) return view(kept, true);
      let answer: Response;
      try {
        answer = await call('The voice summary', { name: 'voice-summary', body: { revisionId: input.revisionId } });
      } catch (error) {
        if (kept && error instanceof AppError && error.code === ErrorCode.Offline) return view(kept, true);
        throw error;
      }
      const summary = await readAnswer(answer, ServerSummary, 'The voice summary failed');
      let audio: Uint8Array | null = null;
      let unavailable = summary.audioUnavailable;
      if (summary.audio) {
        try {
          audio = await fetchAudio(summary.audio.url);
        } catch (error) {
          unavailable = `Audio unavailable: ${(error as Error).message}`;
        }
      }
      const stored = store.keep(
        {
          revisionId: input.revisionId,
          body,
          transcript: summary.transcript,
          audioUnavailable: audio ? null : (unavailable ?? 'Audio unavailable: the server sent no audio'),
          voice: summary.voice,
          fetchedAt: deps.now(),
        },
        audio,
      );
      return view(stored, false);
    },

    audio(revisionId: string) {
      const bytes = store.audio(revisionId);
      if (!bytes) throw new AppError(ErrorCode.NotFound, 'No audio of this summary is kept on this computer');
      return { mimeType: 'audio/mpeg' as const, contentBase64: bytes.toString('base64') };
    },

    async orgVoice(): Promise<{ voice: OrgVoice | null }> {
      const answer = await call('The organization voice', { name: 'voice-training', method: 'GET' });
      const { voice } = await readAnswer(
        answer,
        z.object({ voice: ServerVoice.nullable() }),
        'Reading the organization voice failed',
      );
      return { voice: voice ? { ...voice, createdAt: voice.createdAt ?? null } : null };
    },

    async train(input: VoiceTrainingInput, actor: string): Promise<{ voice: OrgVoice }> {
      const samples = input.samples.map((s) => ({ fileName: s.fileName, bytes: Buffer.from(s.contentBase64, 'base64') }));
      if (samples.some((s) => s.bytes.length === 0)) throw new AppError(ErrorCode.InvalidInput, 'A voice sample is empty');
      functions('Voice training');
      // The consent goes into this computer's hash-chained trail before any sample leaves it.
      deps.db.transaction(() =>
        appendEvent(deps.db, {
          orgId: deps.orgId,
          recordTable: 'org_voice',
          recordId: deps.orgId,
          action: 'create',
          actor,
          at: deps.now(),
          before: null,
          after: { consent: input.consent, voiceName: input.name, samples: samples.map((s) => s.fileName) },
        }),
      )();
      const form = new FormData();
      form.set('consent', input.consent);
      form.set('name', input.name);
      for (const s of samples) form.append('samples', new Blob([s.bytes]), s.fileName);
      // Let the platform write the multipart body; the signature covers exactly these bytes.
      const encoded = new Request('http://multipart.invalid/', { method: 'POST', body: form });
      const body = new Uint8Array(await encoded.arrayBuffer());
      const answer = await call('Voice training', {
        name: 'voice-training',
        method: 'POST',
        body,
        contentType: encoded.headers.get('content-type')!,
      });
      const { voice } = await readAnswer(answer, z.object({ voice: ServerVoice }), 'Training the voice failed');
      deps.changed('org_voice', [deps.orgId]);
      return { voice: { ...voice, createdAt: voice.createdAt ?? deps.now() } };
    },

    async deleteOrgVoice(actor: string) {
      const answer = await call('Deleting the organization voice', { name: 'voice-training', method: 'DELETE' });
      const result = await readAnswer(
        answer,
        z.object({ deleted: z.boolean(), voiceId: z.string(), warning: z.string().optional() }),
        'Deleting the voice failed',
      );
      deps.db.transaction(() =>
        appendEvent(deps.db, {
          orgId: deps.orgId,
          recordTable: 'org_voice',
          recordId: deps.orgId,
          action: 'delete',
          actor,
          at: deps.now(),
          before: { voiceId: result.voiceId },
          after: null,
        }),
      )();
      deps.changed('org_voice', [deps.orgId]);
      return { deleted: result.deleted, warning: result.warning ?? null };
    },
  };
}
