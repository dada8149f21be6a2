// The cache key of a spoken summary: what it is made from, hashed, so the same revision text in
// the same voice and model is spoken once per org, and any edit, voice or model change is new.
export async function summaryCacheKey(input: { body: string; voiceId: string; model: string }): Promise<string> {
  const bytes = new TextEncoder().encode(['voice-summary-v1', input.voiceId, input.model, input.body].join('\n'));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Where the audio of a summary lives in the voice-summaries bucket: under its org. */
export const summaryAudioPath = (orgId: string, cacheKey: string) => `${orgId}/${cacheKey}.mp3`;
