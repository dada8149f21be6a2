/**
 * Capture you can prove, in Chromium against the real core (browser host): evidence captured in
 * an audit's fieldwork shows "Captured offline on <device> at <time>, signature valid" in the
 * evidence view; once its claimed capture time is changed in the replica (as a doctored copy
 * would be), the same view says the signature does not match, as an alert.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import type { ComplyflowApi } from '../../src-shared/api';
import { expect, test } from './fixtures';
import { stageInPage } from './stage-in-page';

type AppWindow = { complyflow: ComplyflowApi };
const replica = (dataDir: string) => path.join(dataDir, 'workspaces/local/replica.sqlite3');

test('a fieldwork capture shows its signature as valid, and as not matching once its time is changed', async ({ app, host }) => {
  const badge = await stageInPage(app, 'badge.txt', 'badge 4411 07:02\n');
  const id = await app.evaluate(async (stagedFileId) => {
    const api = (globalThis as unknown as AppWindow).complyflow;
    const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    const fw = unwrap(await api.frameworks.importShipped({ name: 'nist-800-53r5-low', jobId: 'e2e-low' }));
    const controls = unwrap(await api.controls.list({ frameworkId: fw.frameworkId, query: 'PE-3', limit: 5 }));
    const pe3 = controls.items.find((c) => c.label === 'PE-3')!;
    const audit = unwrap(
      await api.audits.create({
        title: 'Site walk-through',
        frameworkId: fw.frameworkId,
        windowStart: '2026-01-01',
        windowEnd: '2026-12-31',
      }),
    );
    unwrap(await api.audits.update({ id: audit.id, status: 'fieldwork' }));
    const evidence = unwrap(
      await api.evidence.add({
        title: 'Badge reader log',
        stagedFileId,
        asOfDate: '2026-12-01',
        controlIds: [pe3.id],
        auditId: audit.id,
      }),
    );
    return evidence.id;
  }, badge.id);

  await app.evaluate(`window.location.hash = '#/evidence/${id}'`);
  const line = app.getByTestId('evidence-capture-line');
  await expect(line).toHaveAttribute('data-status', 'valid');
  await expect(line).toContainText(/^Captured offline on .+ at .+, signature valid · key [0-9a-f]{16}$/);
  await app.screenshot({ path: test.info().outputPath('capture-valid.png') });

  const db = new Database(replica(host.dataDir));
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('UPDATE evidence SET claimed_captured_at = ? WHERE id = ?').run('2026-01-02T03:04:05.000Z', id);
  } finally {
    db.close();
  }
  await app.reload();
  await expect(line).toHaveAttribute('data-status', 'mismatch');
  await expect(line).toHaveRole('alert');
  await expect(line).toContainText('the signature does not match (the file, its time, audit, controls or device changed');
  await app.screenshot({ path: test.info().outputPath('capture-mismatch.png') });
});
