// A damaged object on the server is detected by the device that downloads it, reported, and
// repaired by a device that holds the right bytes and whose person may overwrite; the first
// device's download then completes. Two replicas, one real @tus/server; the three RPCs answer
// as 20260101001850_damaged_files.sql does (its rules are tested on PGlite in
// tests/integration/supabase/damaged-files.pglite.test.ts).
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../support/temp-dir';
import { addEvidence, openFixture, ORG_ID, TOKEN, until, type Fixture, type SessionStandIn } from './fixture';
import type { TransferOptions } from '../../../../src-main/core/transfers/transfers';
import { startTinyStorage, type TinyStorage } from './tiny-storage';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The open reports of one org, with the RPCs' rules: members report and list, repairers close. */
function damagedFilesServer() {
  const open = new Set<string>();
  const calls: string[] = [];
  const sessionAs = (role: string): SessionStandIn => ({
    role,
    rpc(name, args) {
      calls.push(`${role}:${name}`);
      if (args.p_org_id !== ORG_ID) return Promise.reject(new Error('not a member of this organization'));
      const file = String(args.p_sha256 ?? '');
      if (name === 'report_damaged_file') return Promise.resolve(void open.add(file));
      if (name === 'damaged_files')
        return Promise.resolve([...open].map((sha256) => ({ sha256, reported_at: '2026-01-01T00:00:00Z' })));
      if (name === 'file_repaired') {
        if (!['owner', 'admin', 'compliance_officer'].includes(role))
          return Promise.reject(new Error('only an owner, admin or compliance officer may repair a file of this organization'));
        return Promise.resolve(open.delete(file));
      }
      return Promise.reject(new Error(`no RPC ${name}`));
    },
  });
  return { open, calls, sessionAs };
}

describe('repair of a damaged object', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup.length = 0;
  });

  async function world() {
    const dir = tempDir('complyflow-repair-');
    cleanup.push(() => dir.remove());
    const storage: TinyStorage = await startTinyStorage({ dir: path.join(dir.path, 'server'), token: TOKEN });
    cleanup.push(() => storage.close());
    const server = damagedFilesServer();
    const device = (name: string, role: string, options: TransferOptions = {}): Fixture => {
      const fixture = openFixture(path.join(dir.path, name), storage.url, options, undefined, server.sessionAs(role));
      cleanup.push(() => fixture.close());
      return fixture;
    };
    return { storage, server, device };
  }

  it('the downloader reports it, a compliance officer holding the bytes re-uploads them, the download then completes', async () => {
    const { storage, server, device } = await world();
    const bytes = randomBytes(300_000);
    const sha256 = sha(bytes);
    storage.corrupt(ORG_ID, sha256, randomBytes(300_000)); // the server's copy is something else

    const holder = device('holder', 'compliance_officer');
    holder.blobs.put(bytes);
    addEvidence(holder.db, { sha256, sizeBytes: bytes.length });
    const reader = device('reader', 'viewer');
    const evidenceId = addEvidence(reader.db, { sha256, sizeBytes: bytes.length });

    holder.transfers.start();
    await holder.transfers.queue!.idle(); // its upload found the (damaged) object there: counted done
    reader.transfers.start();
    await reader.transfers.handlers.download({ evidenceId }, { actor: 't' });
    await reader.transfers.queue!.idle();
    expect(reader.blobs.has(sha256)).toBe(false);
    await until(() => server.open.has(sha256), 'the damaged file to be reported');

    // The holder's next sync round: it checks its copy and overwrites the server's.
    holder.transfers.synced();
    await until(() => !server.open.has(sha256), 'the repair to close the report');
    expect(sha(readFileSync(storage.objectPath(ORG_ID, sha256)!))).toBe(sha256);
    expect(server.calls).toContain('compliance_officer:file_repaired');

    // The reader's next round sees the report closed and fetches again.
    reader.transfers.synced();
    await until(() => reader.blobs.has(sha256), 'the download after the repair');
    expect(reader.blobs.read(sha256).equals(bytes)).toBe(true);
  });

  it.each([
    ['shorter', 1200],
    ['longer', 9000],
  ])('a server copy %s than the file is damaged too: reported, and nothing is stored', async (_name, size) => {
    const { storage, server, device } = await world();
    const bytes = randomBytes(5000);
    const sha256 = sha(bytes);
    storage.corrupt(ORG_ID, sha256, randomBytes(size));
    const reader = device('reader', 'viewer');
    const evidenceId = addEvidence(reader.db, { sha256, sizeBytes: bytes.length });
    reader.transfers.start();
    await reader.transfers.handlers.download({ evidenceId }, { actor: 't' });
    await until(() => server.open.has(sha256), 'the damaged file to be reported');
    await reader.transfers.queue!.idle();
    expect(reader.blobs.has(sha256)).toBe(false);
    const transfer = reader.db.prepare("SELECT state FROM file_transfers WHERE direction = 'download'").get() as {
      state: string;
    };
    expect(transfer.state).toBe('damaged');
  });

  it('a download waiting for its repair asks by itself, without a sync round, and completes once repaired', async () => {
    const { storage, server, device } = await world();
    const bytes = randomBytes(4000);
    const sha256 = sha(bytes);
    storage.corrupt(ORG_ID, sha256, randomBytes(4000));
    const reader = device('reader', 'viewer', { repairWatchMs: 100 });
    const evidenceId = addEvidence(reader.db, { sha256, sizeBytes: bytes.length });
    reader.transfers.start();
    await reader.transfers.handlers.download({ evidenceId }, { actor: 't' });
    await until(() => server.open.has(sha256), 'the damaged file to be reported');
    // Repaired elsewhere: the right bytes are on the server and the report is closed; no round runs here.
    storage.corrupt(ORG_ID, sha256, bytes);
    server.open.delete(sha256);
    await until(() => reader.blobs.has(sha256), 'the download after the repair');
    expect(reader.blobs.read(sha256).equals(bytes)).toBe(true);
  });

  it('a viewer holding the bytes does not overwrite (the storage policy would refuse it)', async () => {
    const { storage, server, device } = await world();
    const bytes = randomBytes(1000);
    const sha256 = sha(bytes);
    const wrong = randomBytes(1000);
    storage.corrupt(ORG_ID, sha256, wrong);
    server.open.add(sha256);
    const viewer = device('viewer', 'viewer');
    viewer.blobs.put(bytes);
    addEvidence(viewer.db, { sha256, sizeBytes: bytes.length });
    viewer.transfers.start();
    expect(await viewer.transfers.repairer!.check()).toBe(0);
    await viewer.transfers.queue!.idle();
    expect(readFileSync(storage.objectPath(ORG_ID, sha256)!).equals(wrong)).toBe(true);
    expect(server.open.has(sha256)).toBe(true);
  });
});
