import { z } from 'zod';
import { OrgUpdatePolicy } from '../domain/update-policy';

/**
 * Settings → Fleet (issue 11): the organization's update policy and the fleet view. The events
 * are sent by the core; the methods follow in this file.
 */
export const fleetEvents = {
  /**
   * A sync brought an update policy that differs from the one kept before (null: the org no
   * longer has one). The updater re-resolves its settings on it; Settings → Updates refreshes.
   */
  'fleet.policyChanged': z.object({ policy: OrgUpdatePolicy.nullable() }),
} as const;
