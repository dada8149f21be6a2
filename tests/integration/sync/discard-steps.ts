/**
 * Steps the discard tests share (discard-in-flight, discard-after-restart): a stalled change to
 * discard, and what the push gate saw of it.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { ok, until, type Device } from './harness';

/** Runs one statement on the device's replica file, as an arranging step (not through the core). */
export function writeReplica(device: Device, orgId: string, sql: string, ...args: unknown[]): void {
  const replica = new Database(path.join(device.dataDir, 'workspaces', orgId, 'replica.sqlite3'));
  try {
    replica.prepare(sql).run(...args);
  } finally {
    replica.close();
  }
}

/** The mutation ids a push request carries. */
export const sentIds = (request: string) =>
  (JSON.parse(request) as { p_mutations: { id: string }[] }).p_mutations.map((m) => m.id);

/** The server's answer to one mutation of a push, from the bodies the gate saw: null when not carried, 'sending' before the answer. */
export function answerTo(mutationId: string, call: { request: string; answer: string | null }): string | null {
  const index = sentIds(call.request).indexOf(mutationId);
  if (index < 0) return null;
  if (call.answer === null) return 'sending';
  const answer = JSON.parse(call.answer) as { results?: { status: string }[] };
  return answer.results?.[index]?.status ?? null;
}

/** A finding whose audit the server does not have: retried, and stalled (first failure 11 minutes ago). */
export async function stalledFinding(
  device: Device,
  orgId: string,
): Promise<{ findingId: string; auditId: string; mutationId: string }> {
  const findingId = randomUUID();
  const auditId = randomUUID();
  const mutationId = randomUUID();
  writeReplica(
    device,
    orgId,
    `INSERT INTO outbox (mutation_id, org_id, table_name, record_id, op, patch, base, created_at)
     VALUES (?, ?, 'findings', ?, 'insert', ?, NULL, ?)`,
    mutationId,
    orgId,
    findingId,
    JSON.stringify({ audit_id: auditId, title: `Found ${findingId.slice(0, 8)}`, severity: 'low' }),
    new Date().toISOString(),
  );
  await until(
    async () => {
      await ok(device.core, 'sync', 'retryNow');
      return (await ok<{ items: { mutationId: string; state: string }[] }>(device.core, 'sync', 'outbox', {})).items;
    },
    (items) => items.some((i) => i.mutationId === mutationId && i.state === 'retrying'),
    'the finding to be retried',
  );
  writeReplica(
    device,
    orgId,
    `UPDATE outbox SET first_failed_at = ? WHERE mutation_id = ?`,
    new Date(Date.now() - 11 * 60_000).toISOString(),
    mutationId,
  );
  const attention = await ok<{ items: { mutationId: string; state: string }[] }>(device.core, 'sync', 'outbox', {
    state: 'attention',
  });
  expect(attention.items).toContainEqual(expect.objectContaining({ mutationId, state: 'stalled' }));
  return { findingId, auditId, mutationId };
}
