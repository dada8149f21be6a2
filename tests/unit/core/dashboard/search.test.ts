/** search.all through the router: four kinds, grouped, safe against FTS syntax in the query. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { SEARCH_COUNT_CAP, SNIPPET_END, SNIPPET_START, type SearchOutput } from '../../../../src-shared/domain/search';
import { LOCAL_ORG_ID } from '../../../../src-shared/domain/common';
import { ErrorCode } from '../../../../src-shared/errors';
import { snapshot } from '../../../support/db-snapshot';
import { tempDir } from '../../../support/temp-dir';
import { seedAudit, seedControl, seedEvidence, seedFinding, seedFramework } from './seed';

let dir: ReturnType<typeof tempDir>;
let core: Core;
const ctx = { actor: 'local' };

beforeEach(() => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, log: { error: () => undefined } });
});
afterEach(() => {
  core.close();
  dir.remove();
});

async function search(query: string, limitPerKind?: number): Promise<SearchOutput> {
  const result = await core.router.call('search', 'all', { query, limitPerKind }, ctx);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as SearchOutput;
}

describe('search.all', () => {
  it('finds a word in policies, controls, evidence and findings, grouped by kind', async () => {
    const created = await core.router.call(
      'policies',
      'create',
      { title: 'Encryption Policy', body: 'Laptops use full-disk encryption.' },
      ctx,
    );
    const policyId = (created as { value: { id: string } }).value.id;
    const fw = seedFramework(core, 'NIST Low');
    const controlId = seedControl(core, fw, {
      key: 'sc-28',
      title: 'Protection of Information at Rest',
      statement: 'Use encryption at rest.',
    });
    const evidence = seedEvidence(core, { title: 'BitLocker encryption report', fileName: 'bitlocker.pdf' });
    const audit = seedAudit(core, { title: 'Q1' });
    const findingId = seedFinding(core, audit, {
      title: 'Unencrypted USB drives',
      severity: 'medium',
      description: 'No encryption on removable media',
    });
    seedControl(core, fw, { key: 'ac-2', title: 'Account Management' });

    const out = await search('encryption');
    expect(out.groups.map((g) => [g.kind, g.count])).toEqual([
      ['policy', 1],
      ['control', 1],
      ['evidence', 1],
      ['finding', 1],
    ]);
    const [policy, control, ev, finding] = out.groups.map((g) => g.hits[0]!);
    expect(policy).toMatchObject({ kind: 'policy', id: policyId, title: 'Encryption Policy' });
    expect(control).toMatchObject({
      kind: 'control',
      id: controlId,
      label: 'SC-28',
      frameworkId: fw,
      frameworkTitle: 'NIST Low',
    });
    expect(ev).toMatchObject({ kind: 'evidence', id: evidence.id });
    expect(finding).toMatchObject({ kind: 'finding', id: findingId, auditId: audit });
    expect(policy!.snippet).toContain(`${SNIPPET_START}Encryption${SNIPPET_END}`);
  });

  it('matches word prefixes and leaves out deleted records', async () => {
    await core.router.call('policies', 'create', { title: 'Vendor Management' }, ctx);
    const gone = await core.router.call('policies', 'create', { title: 'Vendor Onboarding' }, ctx);
    await core.router.call('policies', 'delete', { id: (gone as { value: { id: string } }).value.id }, ctx);
    const out = await search('vend');
    expect(out.groups).toHaveLength(1);
    expect(out.groups[0]!.count).toBe(1);
    expect(out.groups[0]!.hits.map((h) => h.title)).toEqual(['Vendor Management']);
  });

  it('limits hits per kind but counts every match', async () => {
    for (let i = 0; i < 30; i++) await core.router.call('policies', 'create', { title: `Backup policy ${i}` }, ctx);
    const out = await search('backup', 5);
    expect(out.groups[0]).toMatchObject({ kind: 'policy', count: 30, capped: false });
    expect(out.groups[0]!.hits).toHaveLength(5);
  });

  it('ranks a specific word by relevance (title first) and a very common one newest first', async () => {
    await core.router.call('policies', 'create', { title: 'Logging standard', body: 'mentions retention once' }, ctx);
    await core.router.call('policies', 'create', { title: 'Retention schedule', body: 'how long we keep records' }, ctx);
    expect((await search('retention')).groups[0]!.hits.map((h) => h.title)).toEqual(['Retention schedule', 'Logging standard']);

    const insert = core.db.prepare(
      `INSERT INTO policies (id, org_id, title, body, created_at, updated_at, updated_by) VALUES (?, ?, ?, 'common words', ?, ?, 'local')`,
    );
    core.db.transaction(() => {
      for (let i = 0; i < 260; i++)
        insert.run(crypto.randomUUID(), LOCAL_ORG_ID, `Common ${i}`, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
    })();
    const common = (await search('common', 3)).groups[0]!;
    expect(common).toMatchObject({ count: 260, capped: false });
    expect(common.hits.map((h) => h.title)).toEqual(['Common 259', 'Common 258', 'Common 257']);
  });

  it('matches finished words whole and only the word being typed as a prefix', async () => {
    await core.router.call('policies', 'create', { title: 'Access review', body: 'quarterly' }, ctx);
    await core.router.call('policies', 'create', { title: 'Accessibility statement', body: 'web content' }, ctx);
    await core.router.call('policies', 'create', { title: 'Accessories review', body: 'desk gear' }, ctx);
    const titles = async (query: string) => (await search(query)).groups[0]?.hits.map((h) => h.title).sort() ?? [];
    expect(await titles('access')).toEqual(['Access review', 'Accessibility statement', 'Accessories review']);
    expect(await titles('access ')).toEqual(['Access review']);
    expect(await titles('access rev')).toEqual(['Access review']);
    expect(await titles('accessories rev')).toEqual(['Accessories review']);
    expect(await titles('acc review')).toEqual([]);
  });

  it('counts a typed word past the cap from its whole-word matches, newest first', async () => {
    const insert = core.db.prepare(
      `INSERT INTO policies (id, org_id, title, body, created_at, updated_at, updated_by) VALUES (?, ?, ?, '', ?, ?, 'local')`,
    );
    core.db.transaction(() => {
      for (let i = 0; i < 600; i++)
        insert.run(crypto.randomUUID(), LOCAL_ORG_ID, `Vendor ${i}`, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
      insert.run(crypto.randomUUID(), LOCAL_ORG_ID, 'Vendors list', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
    })();
    const group = (await search('vendor', 2)).groups[0]!;
    expect(group).toMatchObject({ kind: 'policy', count: SEARCH_COUNT_CAP, capped: true });
    expect(group.hits.map((h) => h.title)).toEqual(['Vendor 599', 'Vendor 598']);
    // Under the cap the prefix runs: "vendors" alone is found as "vendors", and as "vendo" by prefix.
    expect((await search('vendors')).groups[0]).toMatchObject({ count: 1, capped: false });
    expect((await search('vendo', 1)).groups[0]).toMatchObject({ count: SEARCH_COUNT_CAP, capped: true });
  });

  it('matches one- and two-letter words whole, not as prefixes', async () => {
    await core.router.call('policies', 'create', { title: 'IT asset policy', body: 'Applies to it and items' }, ctx);
    await core.router.call('policies', 'create', { title: 'Items list', body: 'itinerary' }, ctx);
    const out = await search('it');
    expect(out.groups[0]!.hits.map((h) => h.title)).toEqual(['IT asset policy']);
  });

  it('treats FTS5 operators and quotes in the query as plain words', async () => {
    await core.router.call('policies', 'create', { title: 'Password rules', body: 'NEAR the title' }, ctx);
    for (const query of ['"', 'title:password', 'password OR', 'NEAR(', '*', ') AND (', "'; DROP TABLE policies; --"]) {
      await expect(search(query)).resolves.toBeDefined();
    }
    expect((await search('title:password')).groups[0]!.hits[0]!.title).toBe('Password rules');
    expect(await search('   ')).toEqual({ query: '', groups: [] });
  });

  it('refuses bad input and changes nothing', async () => {
    const before = snapshot(core.db);
    for (const input of [
      {},
      { query: 5 },
      { query: 'x', limitPerKind: 0 },
      { query: 'x', limitPerKind: 51 },
      { query: 'x'.repeat(201) },
      { query: 'x', extra: 1 },
    ]) {
      const result = await core.router.call('search', 'all', input, ctx);
      expect(result).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidInput } });
    }
    expect(snapshot(core.db)).toEqual(before);
  });
});
