import { z } from 'zod';
import { FleetFilter, FleetList, UpdatePolicyInput } from '../domain/fleet';
import { FileDownload } from '../domain/files';
import { OrgUpdatePolicy } from '../domain/update-policy';
import { method } from './define';

/**
 * Settings → Fleet (issue 11): the organization's update policy (every member reads it; owners
 * and admins set it) and the fleet view of every device of the org (owners and admins).
 */
export const FleetPolicyAnswer = z.object({
  /** Null: the organization has not set a policy (or none has reached this computer yet). */
  policy: OrgUpdatePolicy.nullable(),
  /** True when the server answered just now; false: the copy kept from the last sync. */
  fresh: z.boolean(),
  /** Why the copy is not fresh, in words (offline, local workspace), else null. */
  message: z.string().nullable(),
});
export type FleetPolicyAnswer = z.infer<typeof FleetPolicyAnswer>;

export const fleetApi = {
  /** The org's update policy: asked from the server when it answers, else the copy kept from the last sync. */
  policy: method(z.strictObject({}), FleetPolicyAnswer),
  /** Owners and admins save the whole policy; answers it as the server saved it (who and when). */
  setPolicy: method(UpdatePolicyInput, OrgUpdatePolicy),
  /** Every device of the org as it last reported at sync (owners and admins; needs a connection). */
  devices: method(z.strictObject({}), FleetList),
  /** The fleet view (as filtered) as a CSV download; cells that could run as a formula are escaped. */
  exportCsv: method(z.strictObject({ filter: FleetFilter.prefault({}) }), FileDownload),
  /** Revokes a device of the org (the devices' revoke: one-way; this computer's sync stops at once). */
  revoke: method(z.strictObject({ deviceId: z.uuid() }), z.object({ revokedAt: z.string(), thisComputer: z.boolean() })),
};

export const fleetEvents = {
  /**
   * A sync (or a save here) brought an update policy that differs from the one kept before (null:
   * the org no longer has one). The updater re-resolves its settings on it; Settings → Updates refreshes.
   */
  'fleet.policyChanged': z.object({ policy: OrgUpdatePolicy.nullable() }),
} as const;
