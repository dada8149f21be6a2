/**
 * The app's side of voice summaries on a real core and replica, with the organization's edge
 * functions answered by a FunctionCaller fake (the real ones run in
 * tests/integration/functions/voice-*.test.ts): the audio is kept for offline listening,
 * offline without it says a connection is needed, and training writes the consent to the trail
 * before any sample is sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FunctionCall, FunctionCaller } from '../../../../src-main/core/functions/function-caller';
import { voiceService } from '../../../../src-main/core/voice/voice-service';
import { AppError, ErrorCode } from '../../../../src-shared/errors';
import { silentMp3 } from '../../../support/elevenlabs/mp3';
import { openHarness, type Harness } from '../policies/harness';

let h: Harness;
beforeEach(() => {
  h = openHarness();
});
afterEach(() => h.close());

const AUDIO_URL = 'http://127.0.0.1:9/storage/v1/object/sign/voice-summaries/org/key.mp3?token=t';
const mp3 = silentMp3(3);

function fakeFunctions(answer: (call: FunctionCall) => Response | Promise<Response>) {
  const calls: FunctionCall[] = [];
  const caller: FunctionCaller & { online: boolean } = {
    online: true,
    async call(request) {
      calls.push(request);
      if (!caller.online) throw new AppError(ErrorCode.Offline, 'the server cannot be reached');
      return answer(request);
    },
  };
  return { caller, calls };
}
const downloads: string[] = [];
const fetchAudio = (async (url: URL | string) => {
  downloads.push(String(url));
  return new Response(mp3, { headers: { 'content-type': 'audio/mpeg' } });
}) as typeof fetch;

async function revision(body = 'Access is granted on least privilege and reviewed yearly.') {
  const policy = await h.ok('policies', 'create', { title: 'Access Control Policy', body });
  return policy.currentRevisionId as string;
}

const summaryAnswer = (revisionId: string, audio: boolean) =>
  Response.json({
    revisionId,
    transcript: 'Access follows least privilege.',
    audio: audio ? { url: AUDIO_URL, expiresInSeconds: 300, contentType: 'audio/mpeg' } : null,
    audioUnavailable: audio ? null : "Audio unavailable: the voice service's quota for this period is used up",
    cached: false,
    voice: 'default',
  });

describe('voice summaries on this computer', () => {
  it('keeps the audio of a summary and plays it offline without asking the server again', async () => {
    const id = await revision();
    const { caller, calls } = fakeFunctions(() => summaryAnswer(id, true));
    const voice = voiceService({ ...h.core.deps, functions: caller }, { fetch: fetchAudio });
    const first = await voice.summary({ revisionId: id });
    expect(first).toMatchObject({ transcript: 'Access follows least privilege.', hasAudio: true, fromThisComputer: false });
    expect(calls.map((c) => [c.name, c.body])).toEqual([['voice-summary', { revisionId: id }]]);
    caller.online = false;
    const again = await voice.summary({ revisionId: id });
    expect(again).toMatchObject({ hasAudio: true, fromThisComputer: true, audioUnavailable: null });
    expect(calls).toHaveLength(1);
    expect(Buffer.from(voice.audio(id).contentBase64, 'base64').equals(mp3)).toBe(true);
  });

  it('offline with nothing kept, says the summary needs a connection', async () => {
    const id = await revision();
    const { caller } = fakeFunctions(() => summaryAnswer(id, true));
    caller.online = false;
    const voice = voiceService({ ...h.core.deps, functions: caller }, { fetch: fetchAudio });
    await expect(voice.summary({ revisionId: id })).rejects.toThrow(/^The voice summary needs a connection/);
    expect(() => voice.audio(id)).toThrow('No audio of this summary is kept on this computer');
  });

  it('keeps a transcript without audio and shows why, then asks again for the audio next time', async () => {
    const id = await revision();
    let withAudio = false;
    const { caller, calls } = fakeFunctions(() => summaryAnswer(id, withAudio));
    const voice = voiceService({ ...h.core.deps, functions: caller }, { fetch: fetchAudio });
    expect(await voice.summary({ revisionId: id })).toMatchObject({
      hasAudio: false,
      audioUnavailable: "Audio unavailable: the voice service's quota for this period is used up",
    });
    withAudio = true;
    expect(await voice.summary({ revisionId: id })).toMatchObject({ hasAudio: true, audioUnavailable: null });
    expect(calls).toHaveLength(2);
  });

  it('refuses an audio address that is not a signed Storage URL, and keeps the transcript', async () => {
    const id = await revision();
    const { caller } = fakeFunctions(() =>
      Response.json({
        ...summaryAnswerBody(id),
        audio: { url: 'file:///etc/passwd', expiresInSeconds: 1, contentType: 'audio/mpeg' },
      }),
    );
    const voice = voiceService({ ...h.core.deps, functions: caller }, { fetch: fetchAudio });
    const summary = await voice.summary({ revisionId: id });
    expect(summary.hasAudio).toBe(false);
    expect(summary.audioUnavailable).toContain('not a signed Storage URL');
  });

  it('in the local workspace (no functions), says an organization is needed', async () => {
    const id = await revision();
    const voice = voiceService(h.core.deps);
    await expect(voice.summary({ revisionId: id })).rejects.toThrow('The voice summary needs an organization connected');
  });
});

function summaryAnswerBody(revisionId: string) {
  return {
    revisionId,
    transcript: 'Access follows least privilege.',
    audioUnavailable: null,
    cached: false,
    voice: 'default',
  };
}

describe('voice training from this computer', () => {
  it('writes the consent to the trail before the samples are sent, as multipart', async () => {
    let trailAtCall: unknown[] = [];
    const { caller, calls } = fakeFunctions(() => {
      trailAtCall = h.core.db.prepare(`SELECT after FROM audit_events WHERE record_table = 'org_voice'`).all();
      return Response.json({ voice: { voiceId: 'v123', name: 'Acme voice', sampleSeconds: 90 } }, { status: 201 });
    });
    const voice = voiceService({ ...h.core.deps, functions: caller });
    const consent = 'I agree that my voice samples are used to make the organization voice.';
    const result = await voice.train(
      { consent, name: 'Acme voice', samples: [{ fileName: 'me.mp3', contentBase64: silentMp3(90).toString('base64') }] },
      'Owner Olga',
    );
    expect(result.voice).toMatchObject({ voiceId: 'v123', name: 'Acme voice', sampleSeconds: 90 });
    expect(trailAtCall).toHaveLength(1);
    expect(JSON.parse((trailAtCall[0] as { after: string }).after)).toEqual({
      consent,
      voiceName: 'Acme voice',
      samples: ['me.mp3'],
    });
    const sent = calls[0]!;
    expect(sent).toMatchObject({ name: 'voice-training', method: 'POST' });
    expect(sent.contentType).toMatch(/^multipart\/form-data; boundary=/);
    const form = await new Request('http://x/', {
      method: 'POST',
      headers: { 'content-type': sent.contentType! },
      body: sent.body as Uint8Array,
    }).formData();
    expect([form.get('consent'), form.get('name'), (form.get('samples') as File).size]).toEqual([
      consent,
      'Acme voice',
      silentMp3(90).length,
    ]);
  });

  it('passes on the server’s refusal in its words', async () => {
    const { caller } = fakeFunctions(() =>
      Response.json(
        { code: 'forbidden', message: 'Only an owner or admin of the organization can train or delete its voice.' },
        { status: 403 },
      ),
    );
    const voice = voiceService({ ...h.core.deps, functions: caller });
    const error = await voice.deleteOrgVoice('Viewer Vic').catch((e: AppError) => e);
    expect(error).toMatchObject({
      code: ErrorCode.Forbidden,
      message: 'Deleting the voice failed: Only an owner or admin of the organization can train or delete its voice.',
    });
  });
});
