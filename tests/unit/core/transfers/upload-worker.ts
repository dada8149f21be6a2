/**
 * A process that does only what the core does for an upload: opens the workspace's replica and
 * blob store, starts its transfer queue, and exits when nothing is left to send. The kill test
 * SIGKILLs it mid-upload and starts it again on the same folder.
 *   node --import tsx upload-worker.ts <client dir> <storage url> [<identity json: orgId, token, anonKey>]
 */
import { openFixture } from './fixture';

const [dir, storageUrl, identity] = process.argv.slice(2);
const fixture = openFixture(
  dir,
  storageUrl,
  { backoff: { firstMs: 100, maxMs: 500 } },
  undefined,
  undefined,
  identity ? (JSON.parse(identity) as { orgId: string; token: string; anonKey: string }) : undefined,
);
fixture.transfers.start();
process.stdout.write('started\n');
void fixture.transfers.queue!.idle().then(() => {
  const rows = fixture.db.prepare('SELECT state, last_error FROM file_transfers').all();
  process.stdout.write(`idle ${JSON.stringify(rows)} ${fixture.errors.join('; ')}\n`);
  fixture.close();
  process.exit(0);
});
