import { describe, expect, it } from 'vitest';
import { createParamRenderer } from '../../../../src-main/core/frameworks/oscal/walker';
import { jsonPath, type OscalParam } from '../../../../src-main/core/frameworks/oscal/schema';

describe('parameter placeholders', () => {
  const params = new Map<string, OscalParam>([
    ['p1', { id: 'p1', label: 'frequency' }],
    ['p2', { id: 'p2', label: 'organization-defined personnel' }],
    ['p3', { id: 'p3', select: { choice: ['daily', 'every {{ insert: param, p1 }}'] } }],
    ['p4', { id: 'p4', values: ['30 days'] }],
    ['loop', { id: 'loop', select: { choice: ['{{ insert: param, loop }}'] } }],
  ]);
  const { substitute } = createParamRenderer(params);

  it('reads like NIST prose', () => {
    expect(substitute('Review {{ insert: param, p1 }}.')).toBe('Review [Assignment: organization-defined frequency].');
    expect(substitute('Notify {{insert: param, p2}}.')).toBe('Notify [Assignment: organization-defined personnel].');
    expect(substitute('Run {{ insert: param, p3 }}.')).toBe(
      'Run [Selection: daily; every [Assignment: organization-defined frequency]].',
    );
    expect(substitute('Keep for {{ insert: param, p4 }}.')).toBe('Keep for 30 days.');
    expect(substitute('Unknown {{ insert: param, nope }}.')).toBe('Unknown [Assignment: nope].');
  });

  it('stops on a parameter that inserts itself', () => {
    expect(substitute('{{ insert: param, loop }}').length).toBeLessThan(500);
  });
});

describe('jsonPath', () => {
  it('writes zod paths as JSON paths', () => {
    expect(jsonPath(['catalog', 'groups', 2, 'controls', 0, 'id'])).toBe('catalog.groups[2].controls[0].id');
    expect(jsonPath(['catalog', 'metadata', 'oscal-version'])).toBe('catalog.metadata.oscal-version');
    expect(jsonPath(['catalog', 'a b'])).toBe('catalog["a b"]');
    expect(jsonPath([])).toBe('(the document)');
  });
});
