/**
 * Mutation sources pushed with the outbox. The trail chain (SRV-B's trail-chain/:
 * pendingTrailMutations / markTrailPushed) plugs in here; until it lands the list is empty and
 * the trail stays on this computer.
 */
import type { MutationSource } from './push';

export const trailSources: readonly MutationSource[] = [];
