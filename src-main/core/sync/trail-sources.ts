/**
 * Mutation sources pushed with the outbox: this device's audit-trail events with their chain
 * (SRV-B's trail-chain/), sent once the device has an id.
 */
import type { MutationSource } from './push';
import { trailChainSource } from './trail-chain';

export const trailSources: readonly MutationSource[] = [trailChainSource];
