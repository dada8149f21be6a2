// /functions/v1/voice-training: the org voice, made by instant voice cloning from an owner's or
// admin's samples.
//   GET     the org voice (any member): { voice: { voiceId, name, sampleSeconds, createdAt } | null }
//   POST    multipart consent, name, samples: consent recorded first (server-stamped), samples
//           stored in the private voice-training bucket under the org, ElevenLabs
//           POST /v1/voices/add, then the voice saved; an earlier voice and its samples go.
//   DELETE  removes the voice row, its samples and the ElevenLabs voice.
// A viewer, auditor or compliance officer gets 403 in words before anything is stored.
import { type ElevenLabs, VoiceUnavailable } from '../_shared/elevenlabs.ts';
import { type VoiceCaller, voiceError } from '../_shared/voice-caller.ts';
import { FormProblem, readTrainingForm } from './samples.ts';

export interface TrainingDeps {
  voice: ElevenLabs;
}

const FORBIDDEN = 'Only an owner or admin of the organization can train or delete its voice.';

async function mayTrain(caller: VoiceCaller): Promise<boolean> {
  const { data, error } = await caller.db.rpc('can_train_org_voice', { p_org_id: caller.orgId });
  if (error) throw new Error(`role check failed: ${error.message}`);
  return data === true;
}

async function removeSamples(caller: VoiceCaller, paths: string[] | null | undefined) {
  if (paths && paths.length > 0) await caller.db.storage.from('voice-training').remove(paths);
}

export async function voiceTraining(req: Request, caller: VoiceCaller, deps: TrainingDeps): Promise<Response> {
  if (req.method === 'GET') {
    const { data, error } = await caller.db.rpc('org_voice', { p_org_id: caller.orgId });
    if (error) return voiceError(502, 'database_error', `Could not read the org voice: ${error.message}`);
    const row = (data as { voice_id: string; name: string; sample_seconds: number; created_at: string }[])[0];
    return Response.json({
      voice: row
        ? { voiceId: row.voice_id, name: row.name, sampleSeconds: Number(row.sample_seconds), createdAt: row.created_at }
        : null,
    });
  }
  if (req.method !== 'POST' && req.method !== 'DELETE') return voiceError(405, 'method_not_allowed', 'Use GET, POST or DELETE.');
  if (!(await mayTrain(caller))) return voiceError(403, 'forbidden', FORBIDDEN);
  if (req.method === 'DELETE') return await remove(caller, deps);

  let form;
  try {
    form = await readTrainingForm(caller.body, req.headers.get('content-type'));
  } catch (error) {
    if (error instanceof FormProblem) return voiceError(400, 'invalid_samples', error.message);
    throw error;
  }
  const consent = await caller.db.rpc('voice_consent_record', {
    p_org_id: caller.orgId,
    p_consent_text: form.consent,
    p_device_id: caller.deviceId,
  });
  if (consent.error) return voiceError(403, 'forbidden', FORBIDDEN);
  const consentId = consent.data as string;

  const paths: string[] = [];
  for (const [i, sample] of form.samples.entries()) {
    const path = `${caller.orgId}/${consentId}/${i + 1}.${sample.type === 'audio/mpeg' ? 'mp3' : 'wav'}`;
    const stored = await caller.db.storage.from('voice-training').upload(path, sample.bytes, { contentType: sample.type });
    if (stored.error) {
      await removeSamples(caller, paths);
      return voiceError(502, 'storage_error', `Could not store the samples: ${stored.error.message}`);
    }
    paths.push(path);
  }

  let voiceId: string;
  try {
    voiceId = await deps.voice.addVoice({
      name: form.name,
      description: 'Organization voice for ComplyFlow policy summaries',
      files: form.samples.map((s, i) => ({
        name: `sample-${i + 1}.${s.type === 'audio/mpeg' ? 'mp3' : 'wav'}`,
        type: s.type,
        bytes: s.bytes,
      })),
    });
  } catch (error) {
    await removeSamples(caller, paths);
    if (error instanceof VoiceUnavailable)
      return voiceError(503, 'voice_unavailable', `Voice training is unavailable: ${error.reason}.`);
    throw error;
  }

  const saved = await caller.db.rpc('org_voice_save', {
    p_org_id: caller.orgId,
    p_voice_id: voiceId,
    p_name: form.name,
    p_sample_paths: paths,
    p_sample_seconds: form.seconds,
    p_consent_id: consentId,
  });
  if (saved.error) {
    await deps.voice.deleteVoice(voiceId).catch(() => undefined);
    await removeSamples(caller, paths);
    return voiceError(502, 'database_error', `Could not save the voice: ${saved.error.message}`);
  }
  const previous = (saved.data as { previous_voice_id: string | null; previous_sample_paths: string[] | null }[])[0];
  if (previous?.previous_voice_id) {
    await removeSamples(caller, previous.previous_sample_paths);
    await deps.voice.deleteVoice(previous.previous_voice_id).catch(() => undefined);
  }
  return Response.json({ voice: { voiceId, name: form.name, sampleSeconds: form.seconds }, consentId }, { status: 201 });
}

async function remove(caller: VoiceCaller, deps: TrainingDeps): Promise<Response> {
  const { data, error } = await caller.db.rpc('org_voice_remove', { p_org_id: caller.orgId });
  if (error) return voiceError(403, 'forbidden', FORBIDDEN);
  const row = (data as { voice_id: string; sample_paths: string[] }[])[0];
  if (!row) return voiceError(404, 'not_found', 'The organization has no trained voice.');
  await removeSamples(caller, row.sample_paths);
  try {
    await deps.voice.deleteVoice(row.voice_id);
  } catch (error) {
    const reason = error instanceof VoiceUnavailable ? error.reason : 'the voice service failed';
    return Response.json({
      deleted: true,
      voiceId: row.voice_id,
      warning: `The samples are deleted; the voice service still has the voice: ${reason}.`,
    });
  }
  return Response.json({ deleted: true, voiceId: row.voice_id });
}
