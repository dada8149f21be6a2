/**
 * One organization workspace's transfers over a real replica file and blob store, talking to a
 * storage URL with a fixed token: what the transfer tests and the kill worker share.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, type Db } from '../../../../src-main/core/db/database';
import type { CoreDeps } from '../../../../src-main/core/deps';
import { createBlobStore, type BlobStore } from '../../../../src-main/core/evidence/blob-store';
import {
  createWorkspaceTransfers,
  type TransferOptions,
  type WorkspaceTransfers,
} from '../../../../src-main/core/transfers/transfers';

export const ORG_ID = '6f1c2a4e-1b2c-4d3e-8f90-123456789abc';
export const TOKEN = 'test-access-token';
export const ANON_KEY = 'test-anon-key';

export interface Fixture {
  db: Db;
  blobs: BlobStore;
  blobsRoot: string;
  transfers: WorkspaceTransfers;
  events: { name: string; payload: unknown }[];
  errors: string[];
  close(): void;
}

/** The server's RPCs as this device's session calls them, and the person's role in the org. */
export interface SessionStandIn {
  rpc(name: string, args: Record<string, unknown>): Promise<unknown>;
  role: string;
}

export function openFixture(
  dir: string,
  storageUrl: string,
  options: TransferOptions = {},
  now = () => new Date().toISOString(),
  session?: SessionStandIn,
  /** Another project and caller than the tiny storage's (the stack's gateway and a signed-in user). */
  identity: { orgId: string; token: string; anonKey: string } = { orgId: ORG_ID, token: TOKEN, anonKey: ANON_KEY },
): Fixture {
  mkdirSync(dir, { recursive: true });
  const db = openDatabase(path.join(dir, 'replica.sqlite3'));
  const blobsRoot = path.join(dir, 'blobs');
  const blobs = createBlobStore(blobsRoot);
  const events: Fixture['events'] = [];
  const errors: string[] = [];
  const deps = {
    db,
    orgId: identity.orgId,
    paths: { root: dir, database: path.join(dir, 'replica.sqlite3'), blobs: blobsRoot },
    dataDir: dir,
    appVersion: '0.0.0-test',
    now,
    log: { error: (message: string, detail?: unknown) => void errors.push(`${message} ${String(detail ?? '')}`) },
    emit: (name: string, payload: unknown) => void events.push({ name, payload }),
    changed: () => undefined,
    functionAccess: () => Promise.resolve({ url: storageUrl, anonKey: identity.anonKey, accessToken: identity.token }),
    sync: session ? { rpc: session.rpc } : undefined,
    membership: session ? () => ({ orgId: ORG_ID, orgName: 'Org', role: session.role }) : undefined,
  } as unknown as CoreDeps;
  const transfers = createWorkspaceTransfers(deps, { backoff: { firstMs: 50, maxMs: 200 }, clientRetryDelays: [], ...options });
  return {
    db,
    blobs,
    blobsRoot,
    transfers,
    events,
    errors,
    close() {
      transfers.stop();
      db.close();
    },
  };
}

/** An evidence record holding a file, as evidence.add leaves it (optionally still in the outbox). */
export function addEvidence(
  db: Db,
  file: { sha256: string; sizeBytes: number },
  options: { pending?: boolean; deletedAt?: string | null; auditId?: string | null; title?: string } = {},
): string {
  const id = randomUUID();
  const at = new Date().toISOString();
  db.prepare(
    `INSERT INTO evidence (id, org_id, title, sha256, size_bytes, as_of_date, created_at, updated_at, updated_by, deleted_at, audit_id)
     VALUES (?, ?, ?, ?, ?, '2026-01-01', ?, ?, 'tester', ?, ?)`,
  ).run(
    id,
    ORG_ID,
    options.title ?? 'Evidence',
    file.sha256,
    file.sizeBytes,
    at,
    at,
    options.deletedAt ?? null,
    options.auditId ?? null,
  );
  if (options.pending) markPending(db, id);
  return id;
}

/** A change of the record waits in the outbox (not on the server yet). */
export function markPending(db: Db, evidenceId: string, op: 'insert' | 'update' | 'delete' = 'insert'): void {
  db.prepare(
    `INSERT INTO outbox (mutation_id, org_id, table_name, record_id, op, patch, created_at) VALUES (?, ?, 'evidence', ?, ?, '{}', ?)`,
  ).run(randomUUID(), ORG_ID, evidenceId, op, new Date().toISOString());
}

/** The server acknowledged every waiting change of the record (push removes them from the outbox). */
export function markPushed(db: Db, evidenceId: string): void {
  db.prepare(`DELETE FROM outbox WHERE table_name = 'evidence' AND record_id = ?`).run(evidenceId);
}

export async function until<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
