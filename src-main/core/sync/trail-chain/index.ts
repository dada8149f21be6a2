/** The audit trail across devices: what the sync engine calls (sync-contract, "Trail chains"). */
export { markTrailPushed, pendingTrailMutations, type TrailMutation } from './push-events';
export { applyRemoteTrailEvent, RemoteTrailRow, type ApplyOutcome } from './remote-events';
export { trailChainSource } from './source';
export { verifyChains } from './verify-chains';
