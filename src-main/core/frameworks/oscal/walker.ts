/**
 * Walks a validated OSCAL catalog into flat control records in catalog order: groups (nested
 * too), controls, and their enhancements (nested controls). Statement parts become readable
 * text with their item labels ("a. …\n  1. …"), and parameter inserts become placeholders in
 * the NIST style ("[Assignment: organization-defined personnel or roles]").
 */
import type { ControlParam } from '../../../../src-shared/domain/framework';
import { AppError, ErrorCode } from '../../../../src-shared/errors';
import type { StatementSegment } from '../statement';
import type { OscalCatalogDocument, OscalControl, OscalGroup, OscalParam, OscalPart, OscalProp } from './schema';

export interface WalkedControl {
  /** The OSCAL control id (`ac-2.1`), unique in the catalog. */
  key: string;
  parentKey: string | null;
  label: string;
  title: string;
  groupTitle: string;
  statement: string;
  /** The statement as segments with its parameters marked (statement.ts); '' without parameters. */
  statementTemplate: string;
  guidance: string;
  params: ControlParam[];
  /** Catalog order, zero-padded so text order is catalog order. */
  sortKey: string;
  withdrawn: boolean;
  /** Where the control sits in the file, for error messages. */
  path: string;
}

const INSERT = /\{\{\s*insert:\s*param,\s*([^\s}]+)\s*\}\}/g;

const propValue = (props: OscalProp[] | undefined, name: string): string | undefined => {
  const matching = (props ?? []).filter((p) => p.name === name);
  // NIST carries several labels (zero-padded, sp800-53a); the one without a class is the plain one.
  return (matching.find((p) => p.class === undefined) ?? matching[0])?.value;
};

/** Every control object in a catalog, enhancements included, in document order. */
export function* eachControl(
  doc: OscalCatalogDocument,
): Generator<{ control: OscalControl; parent: OscalControl | null; group: OscalGroup | null; path: string }> {
  function* controls(
    list: OscalControl[] | undefined,
    parent: OscalControl | null,
    group: OscalGroup | null,
    path: string,
  ): Generator<{ control: OscalControl; parent: OscalControl | null; group: OscalGroup | null; path: string }> {
    for (const [i, control] of (list ?? []).entries()) {
      const here = `${path}.controls[${i}]`;
      yield { control, parent, group, path: here };
      yield* controls(control.controls, control, group, here);
    }
  }
  function* groups(
    list: OscalGroup[] | undefined,
    path: string,
  ): Generator<{ control: OscalControl; parent: OscalControl | null; group: OscalGroup | null; path: string }> {
    for (const [i, group] of (list ?? []).entries()) {
      const here = `${path}.groups[${i}]`;
      yield* controls(group.controls, null, group, here);
      yield* groups(group.groups, here);
    }
  }
  yield* controls(doc.catalog.controls, null, null, 'catalog');
  yield* groups(doc.catalog.groups, 'catalog');
}

/** Every parameter in the catalog by id (catalog-wide ids, as OSCAL requires). */
function collectParams(doc: OscalCatalogDocument): Map<string, OscalParam> {
  const params = new Map<string, OscalParam>();
  const add = (list: OscalParam[] | undefined) => list?.forEach((p) => params.set(p.id, p));
  add(doc.catalog.params);
  const walkGroups = (list: OscalGroup[] | undefined) =>
    list?.forEach((g) => {
      add(g.params);
      walkGroups(g.groups);
    });
  walkGroups(doc.catalog.groups);
  for (const { control } of eachControl(doc)) add(control.params);
  return params;
}

/**
 * Parameter values may insert other parameters; a hostile catalog can make that grow
 * exponentially (a 4 KB file expanding to hundreds of millions of characters), so each piece of
 * prose gets a budget for what its inserts expand to.
 */
export const MAX_PARAM_EXPANSION = 200_000;

export function createParamRenderer(params: Map<string, OscalParam>) {
  let spent = 0;
  const spend = (text: string): string => {
    spent += text.length;
    if (spent > MAX_PARAM_EXPANSION) {
      throw new AppError(
        ErrorCode.InvalidInput,
        `Not a valid OSCAL catalog: parameter inserts expand to more than ${MAX_PARAM_EXPANSION.toLocaleString('en-US')} characters`,
      );
    }
    return text;
  };
  const placeholder = (id: string, depth: number): string => spend(expand(id, depth));
  const expand = (id: string, depth: number): string => {
    const param = params.get(id);
    if (!param) return `[Assignment: ${id}]`;
    if (param.values?.length) return param.values.map((v) => substitute(v, depth + 1)).join(', ');
    if (param.select) {
      const how = param.select['how-many'] === 'one-or-more' ? 'Selection (one or more)' : 'Selection';
      return `[${how}: ${(param.select.choice ?? []).map((c) => substitute(c, depth + 1)).join('; ')}]`;
    }
    const label = param.label?.trim() || id;
    return `[Assignment: ${/^organi[sz]ation-defined/i.test(label) ? label : `organization-defined ${label}`}]`;
  };
  const substitute = (prose: string, depth = 0): string => {
    if (depth === 0) spent = 0;
    return depth > 5 ? prose : prose.replace(INSERT, (_match, id: string) => placeholder(id, depth));
  };
  return {
    substitute,
    placeholder: (id: string) => {
      spent = 0;
      return placeholder(id, 0);
    },
  };
}

type Substitute = (prose: string) => string;

/** Statement items with their labels, nested items indented two spaces per level. */
function flattenStatement(part: OscalPart, substitute: Substitute, depth = 0): string[] {
  const lines: string[] = [];
  const label = propValue(part.props, 'label');
  const prose = part.prose ? substitute(part.prose).trim() : '';
  if (depth === 0) {
    if (prose) lines.push(prose);
  } else if (label || prose) {
    lines.push(`${'  '.repeat(depth - 1)}${[label, prose].filter(Boolean).join(' ')}`);
  }
  for (const child of part.parts ?? []) lines.push(...flattenStatement(child, substitute, depth + 1));
  return lines;
}

/** Guidance prose, nested parts as their own paragraphs. */
function flattenProse(part: OscalPart, substitute: Substitute): string[] {
  const paragraphs: string[] = [];
  if (part.title && part.parts) paragraphs.push(part.title);
  if (part.prose) paragraphs.push(substitute(part.prose).trim());
  for (const child of part.parts ?? []) paragraphs.push(...flattenProse(child, substitute));
  return paragraphs.filter(Boolean);
}

const toParam = (param: OscalParam, substitute: Substitute): ControlParam => ({
  id: param.id,
  label: param.label ?? '',
  guidelines: (param.guidelines ?? []).map((g) => substitute(g.prose)),
  values: (param.values ?? []).map(substitute),
  select: param.select
    ? { howMany: param.select['how-many'] ?? null, choice: (param.select.choice ?? []).map(substitute) }
    : null,
});

// Marks a parameter insert in the statement template (private-use characters, removed from catalog prose first).
const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';
const MARKS = /[\uE000\uE001]/g;

export function walkCatalog(doc: OscalCatalogDocument): WalkedControl[] {
  const { substitute, placeholder } = createParamRenderer(collectParams(doc));
  const mark: Substitute = (prose) =>
    prose.replace(MARKS, '').replace(INSERT, (_match, id: string) => `${MARK_OPEN}${id}${MARK_CLOSE}`);
  const template = (lines: string[]): string => {
    const text = lines.join('\n');
    if (!text.includes(MARK_OPEN)) return '';
    const segments: StatementSegment[] = [];
    let last = 0;
    for (const match of text.matchAll(new RegExp(`${MARK_OPEN}([^${MARK_CLOSE}]*)${MARK_CLOSE}`, 'g'))) {
      if (match.index > last) segments.push(text.slice(last, match.index));
      segments.push({ p: match[1]!, t: placeholder(match[1]!) });
      last = match.index + match[0].length;
    }
    if (last < text.length) segments.push(text.slice(last));
    return JSON.stringify(segments);
  };
  const out: WalkedControl[] = [];
  let ordinal = 0;
  for (const { control, parent, group, path } of eachControl(doc)) {
    const parts = control.parts ?? [];
    const statementParts = parts.filter((p) => p.name === 'statement');
    const statementLines = statementParts.flatMap((p) => flattenStatement(p, substitute));
    const markedLines = statementParts.flatMap((p) => flattenStatement(p, mark));
    const withdrawn = propValue(control.props, 'status') === 'withdrawn';
    if (withdrawn) {
      const into = (control.links ?? [])
        .filter((l) => l.rel === 'incorporated-into' || l.rel === 'moved-to')
        .map((l) => l.href.replace(/^#/, '').toUpperCase());
      const line = `Withdrawn${into.length ? `: incorporated into ${into.join(', ')}` : ''}.`;
      statementLines.unshift(line);
      markedLines.unshift(line);
    }
    out.push({
      key: control.id,
      parentKey: parent?.id ?? null,
      label: propValue(control.props, 'label') ?? control.id.toUpperCase(),
      title: control.title,
      groupTitle: group?.title ?? '',
      statement: statementLines.join('\n'),
      statementTemplate: template(markedLines),
      guidance: parts
        .filter((p) => p.name === 'guidance')
        .flatMap((p) => flattenProse(p, substitute))
        .join('\n\n'),
      params: (control.params ?? []).map((p) => toParam(p, substitute)),
      sortKey: String(ordinal++).padStart(6, '0'),
      withdrawn,
      path,
    });
  }
  return out;
}
