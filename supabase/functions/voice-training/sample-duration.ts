// How long a voice sample plays, read from its bytes (never from what the client claims): MP3 by
// walking its MPEG audio frames (after any ID3v2 tag), WAV from its RIFF header. Pure, so Deno
// unit tests and the stand-in's own test can use it. Null when the bytes are neither.

const MPEG1_L3_KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MPEG2_L3_KBPS = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

export interface SampleAudio {
  format: 'mp3' | 'wav';
  seconds: number;
}

function id3Length(bytes: Uint8Array): number {
  if (bytes.length < 10 || bytes[0] !== 0x49 || bytes[1] !== 0x44 || bytes[2] !== 0x33) return 0;
  const size = ((bytes[6]! & 0x7f) << 21) | ((bytes[7]! & 0x7f) << 14) | ((bytes[8]! & 0x7f) << 7) | (bytes[9]! & 0x7f);
  return 10 + size + (bytes[5]! & 0x10 ? 10 : 0);
}

/** Seconds of MPEG Layer III audio, or null when fewer than two valid frames follow each other. */
export function mp3Seconds(bytes: Uint8Array): number | null {
  let offset = id3Length(bytes);
  let seconds = 0;
  let frames = 0;
  while (offset + 4 <= bytes.length) {
    const b1 = bytes[offset + 1]!;
    const b2 = bytes[offset + 2]!;
    const version = (b1 >> 3) & 0x3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
    const layer = (b1 >> 1) & 0x3; // 1: Layer III
    const bitrateIndex = b2 >> 4;
    const rateIndex = (b2 >> 2) & 0x3;
    if (bytes[offset] !== 0xff || (b1 & 0xe0) !== 0xe0 || version === 1 || layer !== 1 || rateIndex === 3) break;
    if (bitrateIndex === 0 || bitrateIndex === 15) break;
    const kbps = (version === 3 ? MPEG1_L3_KBPS : MPEG2_L3_KBPS)[bitrateIndex]!;
    const rate = RATES[version]![rateIndex]!;
    const samples = version === 3 ? 1152 : 576;
    const size = Math.floor(((samples / 8) * kbps * 1000) / rate) + ((b2 >> 1) & 0x1);
    if (offset + size > bytes.length) break;
    seconds += samples / rate;
    frames += 1;
    offset += size;
  }
  return frames >= 2 ? seconds : null;
}

/** Seconds of a RIFF/WAVE file from its fmt and data chunks, or null. */
export function wavSeconds(bytes: Uint8Array): number | null {
  const text = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || text(0) !== 'RIFF' || text(8) !== 'WAVE') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let byteRate = 0;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = text(offset);
    const size = view.getUint32(offset + 4, true);
    if (id === 'fmt ' && offset + 16 <= bytes.length) byteRate = view.getUint32(offset + 16, true);
    if (id === 'data') return byteRate > 0 ? Math.min(size, bytes.length - offset - 8) / byteRate : null;
    offset += 8 + size + (size % 2);
  }
  return null;
}

export function sampleAudio(bytes: Uint8Array): SampleAudio | null {
  const wav = wavSeconds(bytes);
  if (wav !== null) return { format: 'wav', seconds: wav };
  const mp3 = mp3Seconds(bytes);
  return mp3 === null ? null : { format: 'mp3', seconds: mp3 };
}
