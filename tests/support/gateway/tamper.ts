// The gateway's test-only misbehaviours, switched on the returned Gateway object (never over
// HTTP), so the app's tests can see what a broken or hostile server does to it:
//   'expired-tokens'        every access token issued from now on is already expired (the
//                           session JSON still claims an hour, as a misbehaving server would)
//   'forged-tokens'         every access token issued is signed with a key the project does
//                           not have (the gateway itself then refuses it, as Supabase would)
//   'not-uuid-memberships'  my_memberships answers org ids that are not UUIDs
//   'token-500'             POST /auth/v1/token answers 500, as GoTrue does with its database
//                           down; `token500s` counts those answers
//   null                    back to normal
export const TAMPER_MODES = ['expired-tokens', 'forged-tokens', 'not-uuid-memberships', 'token-500'] as const;
export type TamperMode = (typeof TAMPER_MODES)[number];

export class Tamper {
  mode: TamperMode | null = null;
  /** How many token requests the 'token-500' mode refused so far. */
  token500s = 0;

  set(mode: TamperMode | null): void {
    if (mode !== null && !TAMPER_MODES.includes(mode)) {
      throw new Error(`unknown tamper mode ${JSON.stringify(mode)}: use one of ${TAMPER_MODES.join(', ')} or null`);
    }
    this.mode = mode;
  }
}
