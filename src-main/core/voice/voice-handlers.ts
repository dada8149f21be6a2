/** The voice namespace's handlers: see voice-service.ts. */
import type { ApiHandlers } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';
import { voiceService, type VoiceServiceOptions } from './voice-service';

export function voiceHandlers(deps: CoreDeps, options: VoiceServiceOptions = {}): ApiHandlers['voice'] {
  const service = voiceService(deps, options);
  return {
    summary: (input) => service.summary(input),
    audio: (input) => service.audio(input.revisionId),
    orgVoice: () => service.orgVoice(),
    train: (input, ctx) => service.train(input, ctx.actor),
    deleteOrgVoice: (_input, ctx) => service.deleteOrgVoice(ctx.actor),
  };
}
