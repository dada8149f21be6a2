/**
 * A control named in the query ranks first: exact label or control_key, then labels that start
 * with it, then the rest, in global search and in the control pickers; "AC-2", "ac-2", "AC 2",
 * "ac2" and "ac-02" all name AC-2.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { controlRef, normalizeControlRef } from '../../../../src-main/core/search/control-ref';
import type { SearchOutput } from '../../../../src-shared/domain/search';
import { openHarness, type Harness } from '../policies/harness';

let h: Harness;
beforeEach(() => {
  h = openHarness();
});
afterEach(() => h.close());

// Statements that mention AC-2 often make bm25 prefer other controls over AC-2 itself.
const CONTROLS = [
  { label: 'AC-1', title: 'Policy and Procedures', statement: 'See AC-2. AC-2 accounts; ac 2 and AC-2 again, 2 2 2.' },
  { label: 'AC-2', title: 'Account Management', statement: 'Manage system accounts.' },
  { label: 'AC-2(1)', title: 'Automated System Account Management', statement: 'Support AC-2 with automation.' },
  { label: 'AC-3', title: 'Access Enforcement', statement: 'Enforce AC-2 approvals: AC 2, AC-2, AC-2.' },
  { label: 'AC-8', title: 'System Use Notification', statement: 'AC-2 AC-2 AC-2 AC-2 AC-2 2 2' },
  { label: 'AC-20', title: 'Use of External Systems', statement: 'Accounts per AC-2 AC-2 AC-2.' },
  { label: 'AU-2', title: 'Event Logging', statement: 'Log AC-2 account events: AC-2, AC-2.' },
  { label: 'IA-2', title: 'Identification and Authentication', statement: 'AC-2 AC-2 AC-2 AC-2.' },
  { label: 'PS-4', title: 'Personnel Termination', statement: 'Disable AC-2 accounts, AC 2, AC-2.' },
  { label: 'SC-7', title: 'Boundary Protection', statement: 'AC-2 AC-2 AC-2 AC-2 AC-2 AC-2 AC-2.' },
];

describe('control references', () => {
  it('normalize the ways people type them', () => {
    for (const q of ['AC-2', 'ac-2', 'AC 2', 'ac2', 'ac-02', ' Ac–2 ']) expect(controlRef(q), q).toBe('ac-2');
    expect(normalizeControlRef('AC-2(1)')).toBe(normalizeControlRef('ac-2.1'));
    expect(controlRef('account')).toBeNull();
    expect(controlRef('2')).toBeNull();
  });

  it.each(['AC-2', 'ac-2', 'AC 2', 'ac-02'])('rank AC-2 first in search.all for %j, then label prefixes', async (query) => {
    h.seedControls('NIST SP 800-53', CONTROLS);
    const out = await h.ok('search', 'all', { query, limitPerKind: 10 });
    const controls = (out as SearchOutput).groups.find((g) => g.kind === 'control')!;
    const labels = controls.hits.map((hit) => hit.label);
    expect(labels[0]).toBe('AC-2');
    expect(labels.slice(1, 3).sort()).toEqual(['AC-2(1)', 'AC-20']);
  });

  it.each(['AC-2', 'ac-2', 'AC 2', 'ac-02'])('rank AC-2 first in policies.searchControls for %j', async (query) => {
    h.seedControls('NIST SP 800-53', CONTROLS);
    const found = await h.ok('policies', 'searchControls', { query, limit: 10 });
    expect(found[0]?.label).toBe('AC-2');
    expect(
      found
        .slice(1, 3)
        .map((c) => c.label)
        .sort(),
    ).toEqual(['AC-2(1)', 'AC-20']);
  });

  it('rank AC-2 first in the evidence and audit control pickers', async () => {
    h.seedControls('NIST SP 800-53', CONTROLS);
    const evidence = await h.ok('evidence', 'searchControls', { query: 'ac 2', limit: 10 });
    expect(evidence.items[0]?.label).toBe('AC-2');
    const audit = await h.ok('audits', 'searchControls', { query: 'AC-2', limit: 10 });
    expect(audit.items[0]?.label).toBe('AC-2');
  });

  it('rank AC-2 first in the shipped NIST SP 800-53 moderate baseline (search.all and the policy picker)', async () => {
    await h.ok('frameworks', 'importShipped', { name: 'nist-800-53r5-moderate' });
    for (const query of ['AC-2', 'ac 2']) {
      const out = (await h.ok('search', 'all', { query, limitPerKind: 8 })) as SearchOutput;
      expect(out.groups.find((g) => g.kind === 'control')!.hits[0]?.label, query).toBe('AC-2');
      const picked = await h.ok('policies', 'searchControls', { query, limit: 20 });
      expect(picked[0]?.label, query).toBe('AC-2');
      expect(picked[1]?.label, query).toMatch(/^AC-2/);
    }
  });

  it('leave ordinary word searches as they were', async () => {
    h.seedControls('NIST SP 800-53', CONTROLS);
    const found = await h.ok('policies', 'searchControls', { query: 'boundary', limit: 10 });
    expect(found.map((c) => c.label)).toEqual(['SC-7']);
  });
});
