/**
 * Update decisions for the app (issue 11): the policy resolved per key (machine > organization >
 * user), staged rollout per device, pin, minimum version, deferral and install modes. Pure
 * functions here; updates-service.ts keeps the state and talks to the desktop shell's updater.
 */
export {
  currentChannel,
  resolveUpdatePolicy,
  UPDATE_DEFAULTS,
  type EffectiveUpdatePolicy,
  type OrgUpdatePolicyValues,
  type PolicyInputs,
  type UpdateChannel,
  type UserUpdateChoices,
} from './policy';
export { allowDowngradeFor, belowMinimum, deferralFor, feedUrlProblem, installPlan, judgeOffer } from './decide';
export { rolloutBucket } from './rollout';
export { readCurrentChannel } from './channel';
export { createUpdatesService, type UpdatesService } from './updates-service';
