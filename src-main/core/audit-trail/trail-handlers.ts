import { randomUUID } from 'node:crypto';
import type { ApiHandlers } from '../../../src-shared/api';
import type { CoreDeps } from '../deps';
import { verifyChains } from '../sync/trail-chain';
import { eventsForRecordPage, verifyTrail } from './trail';
import { toEventView } from './trail-view';

export function trailHandlers(deps: CoreDeps): ApiHandlers['trail'] {
  return {
    // `table` is one of the fixed TrailTable names (the schema refused anything else), and it is
    // bound as a parameter, never spliced into SQL.
    forRecord: ({ table, id, offset, limit }) => {
      const page = eventsForRecordPage(deps.db, table, id, { offset, limit });
      return { events: page.events.map(toEventView), total: page.total };
    },
    verify: ({ jobId }) => {
      const job = jobId ?? randomUUID();
      const label = 'Verifying the audit trail';
      const own = verifyTrail(deps.db, (done, total) => deps.emit('job.progress', { jobId: job, label, done, total }));
      // Other devices' chains, once sync has pulled some (none in the local workspace).
      const chains = verifyChains(deps.db);
      return chains.length > 0 ? { ...own, chains } : own;
    },
  };
}
