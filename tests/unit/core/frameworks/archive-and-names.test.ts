/**
 * Frameworks side by side: each baseline is named so it can be told apart, and a framework can
 * be archived (left out of the list and the dashboard, everything kept) and restored.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { catalogSource, frameworkShortName } from '../../../../src-shared/domain/catalog-source';
import { ErrorCode } from '../../../../src-shared/errors';
import { snapshot } from '../../../support/db-snapshot';
import { tempDir } from '../../../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
let core: Core;
const ctx = { actor: 'local' };

async function call<T>(ns: string, method: string, input: unknown): Promise<T> {
  const result = await core.router.call(ns, method, input, ctx);
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.value as T;
}
type Listed = {
  items: { id: string; shortName: string; baseline: string; archivedAt: string | null }[];
  total: number;
  archived: number;
};

beforeEach(() => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, log: { error: () => {} } });
});
afterEach(() => {
  core.close();
  dir.remove();
});

describe('names', () => {
  it('NIST baselines read by their baseline first; other catalogs keep their title', () => {
    const family = 'NIST Special Publication 800-53 Revision 5.1.1';
    expect(frameworkShortName(`${family} LOW IMPACT BASELINE`, 'u1')).toBe(`LOW · ${family}`);
    expect(frameworkShortName(`${family} PRIVACY BASELINE`, 'u2')).toBe(`PRIVACY · ${family}`);
    expect(catalogSource(`${family} HIGH IMPACT BASELINE`, 'u3').key).toBe(
      catalogSource(`${family} MODERATE IMPACT BASELINE`, 'u4').key,
    );
    expect(catalogSource('ISO/IEC 27001 Annex A', 'u5')).toEqual({
      key: 'uuid:u5',
      baseline: '',
      family: 'ISO/IEC 27001 Annex A',
    });
  });

  it('three shipped baselines list with three different names', async () => {
    for (const name of ['nist-800-53r5-low', 'nist-800-53r5-moderate', 'nist-800-53r5-high']) {
      await call('frameworks', 'importShipped', { name });
    }
    const list = await call<Listed>('frameworks', 'list', {});
    expect(list.items.map((f) => f.baseline)).toEqual(['LOW', 'MODERATE', 'HIGH']);
    expect(new Set(list.items.map((f) => f.shortName)).size).toBe(3);
  });
});

describe('archive', () => {
  it('hides a framework from the list and the dashboard, keeps it, and restores it', async () => {
    const { frameworkId: low } = await call<{ frameworkId: string }>('frameworks', 'importShipped', {
      name: 'nist-800-53r5-low',
    });
    const { frameworkId: privacy } = await call<{ frameworkId: string }>('frameworks', 'importShipped', {
      name: 'nist-800-53r5-privacy',
    });
    const archived = await call<{ archivedAt: string | null }>('frameworks', 'archive', { id: privacy, archived: true });
    expect(archived.archivedAt).not.toBeNull();

    const list = await call<Listed>('frameworks', 'list', {});
    expect(list).toMatchObject({ total: 1, archived: 1 });
    expect(list.items.map((f) => f.id)).toEqual([low]);
    const all = await call<Listed>('frameworks', 'list', { includeArchived: true });
    expect(all.items.map((f) => [f.id, f.archivedAt !== null])).toEqual([
      [low, false],
      [privacy, true],
    ]);
    const dashboard = await call<{ frameworks: { frameworkId: string }[] }>('dashboard', 'summary', {});
    expect(dashboard.frameworks.map((f) => f.frameworkId)).toEqual([low]);
    // Its controls are still there, and still open by id.
    expect((await call<{ id: string }>('frameworks', 'get', { id: privacy })).id).toBe(privacy);

    // Archiving twice writes nothing the second time.
    const before = snapshot(core.db);
    await call('frameworks', 'archive', { id: privacy, archived: true });
    expect(snapshot(core.db)).toEqual(before);

    await call('frameworks', 'archive', { id: privacy, archived: false });
    expect((await call<Listed>('frameworks', 'list', {})).items.map((f) => f.id)).toEqual([low, privacy]);
    const trail = core.db
      .prepare(`SELECT action FROM audit_events WHERE record_table = 'frameworks' AND record_id = ? ORDER BY seq`)
      .all(privacy) as { action: string }[];
    expect(trail.map((e) => e.action)).toEqual(['create', 'update', 'update']);
  });

  it('an unknown framework is refused in words and changes nothing', async () => {
    const before = snapshot(core.db);
    const result = await core.router.call(
      'frameworks',
      'archive',
      { id: '6b42e299-5a37-4efb-8b40-6d3d1a7b2748', archived: true },
      ctx,
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: ErrorCode.NotFound, message: 'No framework with id 6b42e299-5a37-4efb-8b40-6d3d1a7b2748.' },
    });
    expect(snapshot(core.db)).toEqual(before);
  });
});
