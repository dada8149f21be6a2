/** Ids made from a key (issue 8, item 5): the same key gives the same valid uuid on every device. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { auditResultId, linkId, stableId } from '../../../../src-main/core/sync/stable-id';

describe('stable ids', () => {
  it('are UUIDv5-shaped, the same for the same key, different for any other key', () => {
    const id = linkId('policy_controls', 'org', 'policy', 'control');
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(id[14]).toBe('5');
    expect('89ab').toContain(id[19]);
    expect(linkId('policy_controls', 'org', 'policy', 'control')).toBe(id);
    expect(
      new Set([
        id,
        linkId('evidence_controls', 'org', 'policy', 'control'),
        linkId('policy_controls', 'org2', 'policy', 'control'),
        linkId('policy_controls', 'org', 'control', 'policy'),
        auditResultId('org', 'policy', 'control'),
      ]).size,
    ).toBe(5);
  });

  it('cannot be made to collide by moving the separator between parts', () => {
    expect(stableId('ab', 'c')).not.toBe(stableId('a', 'bc'));
    expect(() => stableId('a\0b')).toThrow(/NUL/);
  });
});
