// /functions/v1/voice-training: see handler.ts. Wires the signed-request guard and ElevenLabs.
import { elevenLabs } from '../_shared/elevenlabs.ts';
import { serveSigned } from '../_shared/guard.ts';
import { voiceTraining } from './handler.ts';

Deno.serve(serveSigned((req, caller) => voiceTraining(req, caller, { voice: elevenLabs({ timeoutMs: 60_000 }) })));
