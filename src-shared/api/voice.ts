/**
 * The voice namespace: spoken summaries of policy revisions (edge function voice-summary, audio
 * kept on this computer for offline listening) and the organization's trained voice
 * (voice-training, owners and admins).
 */
import { z } from 'zod';
import { Id } from '../domain/common';
import { method } from './define';

/** About 3 minutes of WAV at 44.1 kHz mono, base64: the most one sample upload may carry. */
const MAX_SAMPLE_BASE64 = 24 * 1024 * 1024;

export const VoiceSummaryInput = z.object({
  revisionId: Id,
  /** Ask the server again even when this computer keeps a summary of the same text. */
  refresh: z.boolean().optional(),
});

export const VoiceSummary = z.object({
  revisionId: Id,
  transcript: z.string(),
  /** True when the audio is on this computer (voice.audio answers it, offline too). */
  hasAudio: z.boolean(),
  /** "Audio unavailable: <reason>" when the server gave only the transcript. */
  audioUnavailable: z.string().nullable(),
  /** Which voice speaks: the organization's trained voice or the default one. */
  voice: z.enum(['org', 'default']),
  /** When this computer got it (ISO time). */
  fetchedAt: z.string(),
  /** True when answered from this computer without asking the server. */
  fromThisComputer: z.boolean(),
});
export type VoiceSummary = z.infer<typeof VoiceSummary>;

export const VoiceAudio = z.object({ mimeType: z.literal('audio/mpeg'), contentBase64: z.string() });

export const OrgVoice = z.object({
  voiceId: z.string(),
  name: z.string(),
  sampleSeconds: z.number(),
  createdAt: z.string().nullable(),
});
export type OrgVoice = z.infer<typeof OrgVoice>;

export const VoiceTrainingInput = z.object({
  /** The consent text exactly as the person accepted it (recorded in the trail first). */
  consent: z.string().trim().min(20, 'the consent text is missing'),
  name: z.string().trim().min(1, 'give the voice a name').max(100, 'a voice name has at most 100 characters'),
  samples: z
    .array(
      z.object({
        fileName: z.string().min(1).max(255),
        contentBase64: z.string().min(1, 'a sample is empty').max(MAX_SAMPLE_BASE64, 'a sample is larger than 18 MB'),
      }),
    )
    .min(1, 'add at least one voice sample')
    .max(10, 'add at most 10 samples'),
});
export type VoiceTrainingInput = z.infer<typeof VoiceTrainingInput>;

export const voiceApi = {
  /** The spoken summary of a revision: from this computer when kept, else from the server. */
  summary: method(VoiceSummaryInput, VoiceSummary),
  /** The kept MP3 of a revision's summary (offline too). */
  audio: method(z.object({ revisionId: Id }), VoiceAudio),
  /** The organization's trained voice, or null. */
  orgVoice: method(z.object({}), z.object({ voice: OrgVoice.nullable() })),
  /** Owners and admins: make the organization's voice from 1–3 minutes of samples. */
  train: method(VoiceTrainingInput, z.object({ voice: OrgVoice })),
  /** Owners and admins: delete the organization's voice, its samples and the cloned voice. */
  deleteOrgVoice: method(z.object({}), z.object({ deleted: z.boolean(), warning: z.string().nullable() })),
};
