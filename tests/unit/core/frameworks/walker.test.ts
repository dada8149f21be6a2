import { describe, expect, it } from 'vitest';
import { createParamRenderer, walkCatalog } from '../../../../src-main/core/frameworks/oscal/walker';
import { jsonPath, OscalCatalogDocument, type OscalParam } from '../../../../src-main/core/frameworks/oscal/schema';
import { renderStatement, statementParamIds } from '../../../../src-main/core/frameworks/statement';

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

describe('statement templates', () => {
  const doc = (prose: string[]) =>
    OscalCatalogDocument.parse({
      catalog: {
        uuid: '11111111-1111-4111-8111-111111111111',
        metadata: { title: 'T', version: '1', 'oscal-version': '1.1.2' },
        controls: [
          {
            id: 'x-1',
            title: 'X',
            params: [
              { id: 'x-1_prm_1', label: 'frequency' },
              { id: 'x-1_prm_2', select: { choice: ['daily', 'weekly'] } },
            ],
            parts: [
              {
                name: 'statement',
                parts: prose.map((p, i) => ({ name: 'item', props: [{ name: 'label', value: `${'abc'[i]}.` }], prose: p })),
              },
            ],
          },
        ],
      },
    });

  it('render to the statement exactly without values, and put values where they are set', () => {
    const [control] = walkCatalog(
      doc(['Review {{ insert: param, x-1_prm_1 }}, {{ insert: param, x-1_prm_2 }};', 'Report {{ insert: param, x-1_prm_1 }}.']),
    );
    expect(control!.statement).toBe(
      'a. Review [Assignment: organization-defined frequency], [Selection: daily; weekly];\nb. Report [Assignment: organization-defined frequency].',
    );
    expect(renderStatement(control!.statementTemplate, {}, 'fallback')).toBe(control!.statement);
    expect(statementParamIds(control!.statementTemplate)).toEqual(['x-1_prm_1', 'x-1_prm_2']);
    expect(renderStatement(control!.statementTemplate, { 'x-1_prm_1': 'every quarter', 'x-1_prm_2': '  ' }, '')).toBe(
      'a. Review every quarter, [Selection: daily; weekly];\nb. Report every quarter.',
    );
  });

  it('is empty without parameters (the statement is used), and marker characters in prose cannot forge one', () => {
    const [plain] = walkCatalog(doc(['Keep records.']));
    expect(plain!.statementTemplate).toBe('');
    expect(renderStatement(plain!.statementTemplate, { any: 'x' }, plain!.statement)).toBe('a. Keep records.');
    const [forged] = walkCatalog(doc(['A \uE000x-1_prm_1\uE001 and {{ insert: param, x-1_prm_1 }}.']));
    expect(statementParamIds(forged!.statementTemplate)).toEqual(['x-1_prm_1']);
    expect(renderStatement(forged!.statementTemplate, { 'x-1_prm_1': 'V' }, '')).toBe('a. A x-1_prm_1 and V.');
  });
});
