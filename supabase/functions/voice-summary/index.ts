// POST /functions/v1/voice-summary: see handler.ts. Wires the signed-request guard, the shared
// OpenAI client with its Retry-After policy, the rate limits and ElevenLabs.
import { elevenLabs } from '../_shared/elevenlabs.ts';
import { serveSigned } from '../_shared/guard.ts';
import { AiUnavailable, openaiClient, openaiModel, withRetryAfter } from '../_shared/openai.ts';
import { consume, RateLimited, recordUsage } from '../_shared/rate-limit.ts';
import { voiceFailure } from '../_shared/voice-failure.ts';
import { voiceSummary } from './handler.ts';
import { summarizeWith } from './summarize.ts';

const DEFAULT_VOICE = '21m00Tcm4TlvDq8ikWAM'; // ElevenLabs' premade "Rachel"

Deno.serve(
  serveSigned((req, caller) =>
    voiceSummary(req, caller, {
      summarize: (source) => withRetryAfter(() => summarizeWith(openaiClient(), openaiModel(), source)),
      voice: elevenLabs({ timeoutMs: Number(Deno.env.get('ELEVENLABS_TIMEOUT_MS') ?? 20_000) }),
      ttsModel: Deno.env.get('ELEVENLABS_MODEL_ID') ?? 'eleven_multilingual_v2',
      defaultVoiceId: Deno.env.get('ELEVENLABS_DEFAULT_VOICE_ID') ?? DEFAULT_VOICE,
      consume: (c, kind, estimate) => consume(c, { kind, estimateTokens: estimate }),
      recordUsage: (c, usage) => recordUsage(c, usage),
      failure: (error) => voiceFailure(error, { AiUnavailable, RateLimited }),
    }),
  ),
);
