/**
 * Settings → Organization voice: which voice speaks policy summaries, and for owners and
 * admins, training one from 1–3 minutes of uploaded samples (MP3 or WAV; recording in the app
 * is not offered yet) after the speaker's consent, which is recorded in the trail first, and
 * deleting it (samples and the cloned voice go too). Others see the state only.
 */
import { useEffect, useState } from 'react';
import type { WorkspaceInfo } from '../../../src-shared/api/app';
import type { OrgVoice } from '../../../src-shared/api/voice';
import { call, complyflow } from '../../api/complyflow';
import './voice.css';

export const CONSENT_TEXT =
  'I am the person speaking in these samples. I agree that they are stored by our organization and sent to ' +
  'ElevenLabs to make a cloned voice that reads policy summaries to our members, and I know an owner or admin can ' +
  'delete the samples and the voice at any time.';

function base64Of(file: File): Promise<string> {
  return file.arrayBuffer().then((buffer) => {
    const bytes = new Uint8Array(buffer);
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  });
}

export function VoiceTraining() {
  const [workspace, setWorkspace] = useState<WorkspaceInfo | null>(null);
  const [voice, setVoice] = useState<OrgVoice | null | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [agreed, setAgreed] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void call(complyflow().app.workspace({})).then(setWorkspace, (e: Error) => setProblem(e.message));
  }, []);
  const inOrg = workspace !== null && workspace.role !== 'local';
  useEffect(() => {
    if (!inOrg) return;
    call(complyflow().voice.orgVoice({})).then(
      (answer) => setVoice(answer.voice),
      (e: Error) => setProblem(e.message),
    );
  }, [inOrg]);

  if (!workspace) return null;
  if (!inOrg)
    return <p className="settings-hint">The organization voice needs an organization connected to its Supabase project.</p>;
  const trainer = workspace.role === 'owner' || workspace.role === 'admin';

  async function train() {
    setBusy(true);
    setProblem(null);
    setNote(null);
    try {
      const samples = await Promise.all(files.map(async (f) => ({ fileName: f.name, contentBase64: await base64Of(f) })));
      const answer = await call(complyflow().voice.train({ consent: CONSENT_TEXT, name, samples }));
      setVoice(answer.voice);
      setFiles([]);
      setAgreed(false);
      setNote(`The voice “${answer.voice.name}” now reads policy summaries.`);
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    setProblem(null);
    try {
      const answer = await call(complyflow().voice.deleteOrgVoice({}));
      setVoice(null);
      setNote(answer.warning ?? 'The voice, its samples and the cloned voice are deleted.');
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="voice-training">
      <p data-testid="org-voice-state">
        {voice === undefined
          ? 'Reading the organization voice…'
          : voice
            ? `Summaries are spoken in “${voice.name}”, trained from ${Math.round(voice.sampleSeconds)} seconds of samples.`
            : 'No organization voice: summaries use the default voice.'}
      </p>
      {trainer && voice && (
        <button type="button" className="danger" onClick={() => void remove()} disabled={busy}>
          Delete the organization voice
        </button>
      )}
      {trainer && (
        <form
          aria-label="Train the organization voice"
          onSubmit={(event) => {
            event.preventDefault();
            void train();
          }}
        >
          <p className="settings-hint">
            Upload 1 to 3 minutes of one person reading aloud (MP3 or WAV). Recording in the app is not available yet.
          </p>
          <label>
            Voice name
            <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} required />
          </label>
          <label>
            Samples
            <input
              type="file"
              accept="audio/mpeg,audio/wav,.mp3,.wav"
              multiple
              onChange={(e) => setFiles([...(e.target.files ?? [])])}
            />
          </label>
          <blockquote className="voice-consent">{CONSENT_TEXT}</blockquote>
          <label className="checkbox">
            <input type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} />
            The speaker has read this and agrees
          </label>
          <button type="submit" className="primary" disabled={busy || !agreed || files.length === 0 || name.trim() === ''}>
            {busy ? 'Training…' : voice ? 'Replace the voice' : 'Train the voice'}
          </button>
        </form>
      )}
      {note && <p role="status">{note}</p>}
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
