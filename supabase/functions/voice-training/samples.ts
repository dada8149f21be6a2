// The training request's form, checked before anything is stored: the consent text, a voice
// name, and 1–3 minutes of MP3 or WAV samples in all (durations read from the bytes).
import { sampleAudio } from './sample-duration.ts';

export const MIN_SECONDS = 60;
export const MAX_SECONDS = 180;
const MAX_FILES = 10;

export interface Sample {
  name: string;
  type: 'audio/mpeg' | 'audio/wav';
  bytes: Uint8Array;
  seconds: number;
}

export interface TrainingForm {
  consent: string;
  name: string;
  samples: Sample[];
  seconds: number;
}

export class FormProblem extends Error {}

export async function readTrainingForm(body: Uint8Array, contentType: string | null): Promise<TrainingForm> {
  if (!contentType?.startsWith('multipart/form-data')) {
    throw new FormProblem('Send the samples as multipart/form-data with consent, name and samples fields.');
  }
  let form: FormData;
  try {
    form = await new Response(body as BodyInit, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new FormProblem('The form could not be read.');
  }
  const consent = form.get('consent');
  if (typeof consent !== 'string' || consent.trim().length < 20) {
    throw new FormProblem('The consent text is missing: the speaker must agree to the voice being cloned.');
  }
  const name = form.get('name');
  if (typeof name !== 'string' || name.trim() === '' || name.length > 100) {
    throw new FormProblem('Give the voice a name of 1 to 100 characters.');
  }
  const files = form.getAll('samples').filter((v): v is File => typeof v !== 'string');
  if (files.length === 0) throw new FormProblem('Add at least one voice sample (MP3 or WAV).');
  if (files.length > MAX_FILES) throw new FormProblem(`Add at most ${MAX_FILES} samples.`);
  const samples: Sample[] = [];
  for (const file of files) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const audio = sampleAudio(bytes);
    if (!audio) throw new FormProblem(`${file.name || 'A sample'} is not MP3 or WAV audio.`);
    samples.push({ name: file.name, type: audio.format === 'mp3' ? 'audio/mpeg' : 'audio/wav', bytes, seconds: audio.seconds });
  }
  const seconds = samples.reduce((sum, s) => sum + s.seconds, 0);
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
    throw new FormProblem(`The samples last ${Math.round(seconds)} seconds in all; a voice needs 1 to 3 minutes.`);
  }
  return { consent: consent.trim(), name: name.trim(), samples, seconds: Math.round(seconds * 10) / 10 };
}
