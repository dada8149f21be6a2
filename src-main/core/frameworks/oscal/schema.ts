/**
 * The part of an OSCAL catalog (JSON, 1.x) the importer reads, as zod schemas. Unknown keys are
 * allowed (OSCAL has many we do not use); every key we read is checked, deep inside too, so a
 * malformed file is refused with the JSON path of the first problem.
 */
import { z } from 'zod';

const text = z.string().max(1_000_000);

export const OscalProp = z.looseObject({ name: z.string(), value: z.string(), class: z.string().optional() });
export type OscalProp = z.infer<typeof OscalProp>;

export interface OscalPart {
  id?: string;
  name: string;
  title?: string;
  prose?: string;
  props?: OscalProp[];
  parts?: OscalPart[];
}
export const OscalPart: z.ZodType<OscalPart> = z.lazy(() =>
  z.looseObject({
    id: z.string().optional(),
    name: z.string(),
    title: z.string().optional(),
    prose: text.optional(),
    props: z.array(OscalProp).optional(),
    parts: z.array(OscalPart).optional(),
  }),
);

export const OscalParam = z.looseObject({
  id: z.string().min(1),
  label: z.string().max(10_000).optional(),
  guidelines: z.array(z.looseObject({ prose: text })).optional(),
  values: z.array(z.string().max(10_000)).max(1_000).optional(),
  select: z
    .looseObject({
      'how-many': z.string().optional(),
      choice: z.array(z.string().max(10_000)).max(1_000).optional(),
    })
    .optional(),
  props: z.array(OscalProp).optional(),
});
export type OscalParam = z.infer<typeof OscalParam>;

export const OscalLink = z.looseObject({ href: z.string(), rel: z.string().optional() });

export interface OscalControl {
  id: string;
  class?: string;
  title: string;
  params?: OscalParam[];
  props?: OscalProp[];
  links?: z.infer<typeof OscalLink>[];
  parts?: OscalPart[];
  controls?: OscalControl[];
}
export const OscalControl: z.ZodType<OscalControl> = z.lazy(() =>
  z.looseObject({
    id: z.string({ message: 'must be text' }).min(1, 'a control needs an id'),
    class: z.string().optional(),
    title: z.string({ message: 'must be text' }),
    params: z.array(OscalParam).optional(),
    props: z.array(OscalProp).optional(),
    links: z.array(OscalLink).optional(),
    parts: z.array(OscalPart).optional(),
    controls: z.array(OscalControl).optional(),
  }),
);

export interface OscalGroup {
  id?: string;
  class?: string;
  title: string;
  params?: OscalParam[];
  controls?: OscalControl[];
  groups?: OscalGroup[];
}
export const OscalGroup: z.ZodType<OscalGroup> = z.lazy(() =>
  z.looseObject({
    id: z.string().optional(),
    class: z.string().optional(),
    title: z.string(),
    params: z.array(OscalParam).optional(),
    controls: z.array(OscalControl).optional(),
    groups: z.array(OscalGroup).optional(),
  }),
);

export const OscalCatalogDocument = z.looseObject({
  catalog: z.looseObject({
    uuid: z.string().min(1, 'a catalog needs a uuid').max(200),
    metadata: z.looseObject({
      title: z.string().min(1).max(2000),
      version: z.string().max(200),
      'oscal-version': z.string().max(100),
    }),
    params: z.array(OscalParam).optional(),
    groups: z.array(OscalGroup).optional(),
    controls: z.array(OscalControl).optional(),
  }),
});
export type OscalCatalogDocument = z.infer<typeof OscalCatalogDocument>;

/** `catalog.groups[2].controls[0].id` from a zod issue path. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$-]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || '(the document)';
}
