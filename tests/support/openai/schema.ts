// The stand-in's view of a json_schema response_format: with strict structured outputs OpenAI
// only ever answers JSON that has the schema's required keys, so a scripted reply that lacks one
// is a mistake in the test, named here. And a default value for when no reply was scripted.
type Schema = Record<string, unknown>;

const typeOf = (schema: Schema): string | undefined => {
  const t = schema.type;
  if (Array.isArray(t)) return t.find((x) => x !== 'null') as string | undefined;
  return typeof t === 'string' ? t : undefined;
};

function resolve(schema: Schema, root: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (!node || typeof node !== 'object') throw new Error(`schema reference ${ref} does not resolve`);
  return node as Schema;
}

/** The first place where `value` misses a required key or has the wrong type, or null. */
export function schemaMismatch(value: unknown, schema: Schema, root: Schema = schema, path = '$'): string | null {
  schema = resolve(schema, root);
  const anyOf = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(anyOf)) {
    return anyOf.some((s) => schemaMismatch(value, s, root, path) === null) ? null : `${path} matches none of anyOf`;
  }
  if (value === null && (schema.type === 'null' || (Array.isArray(schema.type) && schema.type.includes('null')))) return null;
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return `${path} is not one of ${JSON.stringify(schema.enum)}`;
  switch (typeOf(schema)) {
    case 'object': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return `${path} is not an object`;
      const record = value as Record<string, unknown>;
      for (const key of (schema.required as string[] | undefined) ?? []) {
        if (!(key in record)) return `${path} lacks the required key "${key}"`;
      }
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      for (const [key, sub] of Object.entries(properties)) {
        if (key in record) {
          const problem = schemaMismatch(record[key], sub, root, `${path}.${key}`);
          if (problem) return problem;
        }
      }
      return null;
    }
    case 'array': {
      if (!Array.isArray(value)) return `${path} is not an array`;
      const items = schema.items as Schema | undefined;
      if (!items) return null;
      for (const [i, item] of value.entries()) {
        const problem = schemaMismatch(item, items, root, `${path}[${i}]`);
        if (problem) return problem;
      }
      return null;
    }
    case 'string':
      return typeof value === 'string' ? null : `${path} is not a string`;
    case 'integer':
      return Number.isInteger(value) ? null : `${path} is not an integer`;
    case 'number':
      return typeof value === 'number' ? null : `${path} is not a number`;
    case 'boolean':
      return typeof value === 'boolean' ? null : `${path} is not a boolean`;
    default:
      return null;
  }
}

/** The smallest value that satisfies the schema (first enum value, empty arrays, "" strings). */
export function defaultFor(schema: Schema, root: Schema = schema): unknown {
  schema = resolve(schema, root);
  const anyOf = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(anyOf) && anyOf[0]) return defaultFor(anyOf[0], root);
  if (Array.isArray(schema.enum)) return schema.enum[0];
  switch (typeOf(schema)) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      return Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, defaultFor(s, root)]));
    }
    case 'array':
      return [];
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    default:
      return null;
  }
}
