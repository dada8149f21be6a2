// Real MP3 bytes for the ElevenLabs stand-in: MPEG-1 Layer III frames of digital silence (a
// header, zeroed side information and an empty main data area), so a browser's decoder plays
// them for as long as the text would take to speak. No encoder needed, no sample files.

const BITRATES_KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const SAMPLE_RATES = [44100, 48000, 32000];
const SAMPLES_PER_FRAME = 1152;

export interface Mp3Format {
  sampleRate: number;
  kbps: number;
}

/**
 * ElevenLabs' `output_format` query values for MP3 (`mp3_44100_128` …), restricted to the
 * MPEG-1 rates this generator writes. Null for anything else (the caller answers 422).
 */
export function parseOutputFormat(value: string | null): Mp3Format | null {
  const match = /^mp3_(\d+)_(\d+)$/.exec(value ?? 'mp3_44100_128');
  if (!match) return null;
  const format = { sampleRate: Number(match[1]), kbps: Number(match[2]) };
  if (!SAMPLE_RATES.includes(format.sampleRate) || !BITRATES_KBPS.includes(format.kbps) || format.kbps === 0) return null;
  return format;
}

/** One silent mono frame in this format (padding alternates so the bitrate is exact). */
function frame(format: Mp3Format, padded: boolean): Buffer {
  const size = Math.floor((144 * format.kbps * 1000) / format.sampleRate) + (padded ? 1 : 0);
  const bytes = Buffer.alloc(size);
  bytes[0] = 0xff;
  bytes[1] = 0xfb; // sync, MPEG-1, Layer III, no CRC
  bytes[2] = (BITRATES_KBPS.indexOf(format.kbps) << 4) | (SAMPLE_RATES.indexOf(format.sampleRate) << 2) | (padded ? 2 : 0);
  bytes[3] = 0xc0; // mono; side information (17 bytes) and main data stay zero: silence
  return bytes;
}

/** Silent MP3 audio lasting at least `seconds` (at least one frame). */
export function silentMp3(seconds: number, format: Mp3Format = { sampleRate: 44100, kbps: 128 }): Buffer {
  const frames = Math.max(1, Math.ceil((seconds * format.sampleRate) / SAMPLES_PER_FRAME));
  const exact = (144 * format.kbps * 1000) / format.sampleRate;
  const parts: Buffer[] = [];
  let written = 0;
  for (let i = 0; i < frames; i++) {
    const padded = Math.floor(exact * (i + 1)) - Math.floor(exact * i) > Math.floor(exact);
    const f = frame(format, padded);
    written += f.length;
    parts.push(f);
  }
  return Buffer.concat(parts, written);
}

/** Roughly how long a voice takes to read this text aloud (about 15 characters a second). */
export function spokenSeconds(text: string): number {
  return Math.max(1, Math.min(600, text.length / 15));
}
