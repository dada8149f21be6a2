/**
 * The trail chain as one of push's mutation sources (push.ts MutationSource): the engine sends
 * this device's unsent events with each batch, and the events the server kept move the pushed
 * mark. Nothing is sent before the device has an id (its chain is named by it).
 */
import type { Db } from '../../db/database';
import type { MutationSource } from '../push';
import { markTrailPushed, pendingTrailMutations } from './push-events';

const KEPT = new Set(['applied', 'merged']);

export const trailChainSource: MutationSource = {
  pending: (db: Db, { orgId, deviceId, limit }) => (deviceId ? pendingTrailMutations(db, { orgId, deviceId, limit }) : []),
  answered: (db, answers) => {
    const seqs = answers
      .filter(({ answer }) => KEPT.has(answer.status))
      .map(({ mutation }) => mutation.patch.seq)
      .filter((seq): seq is number => typeof seq === 'number');
    if (seqs.length > 0) markTrailPushed(db, seqs);
  },
};
