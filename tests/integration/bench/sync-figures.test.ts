/**
 * The bounded CI share of `npm run bench:sync`: the same run on 2,000 rows, checking that every
 * row, pushed change and propagated edit arrived. Counts only: timings are bench figures.
 */
import { expect, it } from 'vitest';
import { runSyncFigures } from '../../../bench/sync-figures';

it('a first sync, a push and A → B edits all arrive when the bench runs on 2,000 rows', async () => {
  const { checks } = await runSyncFigures({ rows: 2000, million: false, propagationChanges: 2, pushChanges: 200 });
  expect(Object.keys(checks).sort()).toEqual([
    'first sync controls',
    'first sync evidence',
    'first sync frameworks',
    'first sync links',
    'propagated',
    'pushed and applied',
  ]);
  for (const [what, { got, want }] of Object.entries(checks)) expect({ what, got }).toEqual({ what, got: want });
}, 180_000);
