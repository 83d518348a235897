/**
 * A JSON Schema checker for the keywords this project's schemas use (the scenario schema, draft-07,
 * and the SARIF 2.1.0 schema, draft-04): enough to hold documents to them in tests. A keyword it
 * does not know throws, so nothing passes unchecked; annotations (`description`, `default`...) are
 * read and ignored.
 */
type Schema = Record<string, unknown>;

const ANNOTATIONS = new Set(['$schema', 'id', '$id', 'title', 'description', 'default', 'definitions']);
const ASSERTIONS = new Set([
  '$ref',
  'type',
  'enum',
  'pattern',
  'minLength',
  'format',
  'required',
  'properties',
  'additionalProperties',
  'propertyNames',
  'minProperties',
  'maxProperties',
  'items',
  'minItems',
  'uniqueItems',
  'minimum',
  'maximum',
  'oneOf',
  'anyOf',
  'allOf',
]);

/** The formats the schemas use, as RFC 3986 and RFC 3339 define them. */
const FORMATS: Record<string, (value: string) => boolean> = {
  // An absolute URI: a scheme, then no character a URI cannot hold.
  uri: (value) => /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/.test(value),
  'uri-reference': (value) => /^[^\s<>"{}|\\^`]*$/.test(value),
  'date-time': (value) =>
    /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)),
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

/** Every way `value` breaks `schema` (whose `#/definitions/...` references resolve in `root`), each with its JSON path. */
export function schemaErrors(value: unknown, schema: Schema, root: Schema = schema, path = '$'): string[] {
  for (const key of Object.keys(schema))
    if (!ANNOTATIONS.has(key) && !ASSERTIONS.has(key)) throw new Error(`the schema checker does not know "${key}" (at ${path})`);
  const check = (v: unknown, s: Schema, p: string) => schemaErrors(v, s, root, p);
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace(/^#\/definitions\//, '');
    const target = (root.definitions as Record<string, Schema> | undefined)?.[name];
    if (!target) throw new Error(`the schema has no ${schema.$ref}`);
    return check(value, target, path);
  }
  const out: string[] = [];
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    const actual = typeOf(value);
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number')))
      return [`${path}: expected ${types.join('|')}, found ${actual}`];
  }
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) out.push(`${path}: not one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value))
      out.push(`${path}: does not match ${schema.pattern}`);
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) out.push(`${path}: too short`);
    if (typeof schema.format === 'string') {
      const valid = FORMATS[schema.format];
      if (!valid) throw new Error(`the schema checker does not know the format "${schema.format}"`);
      if (!valid(value)) out.push(`${path}: not a valid ${schema.format}: ${JSON.stringify(value)}`);
    }
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) out.push(`${path}: below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) out.push(`${path}: above ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) out.push(`${path}: fewer than ${schema.minItems} items`);
    if (schema.uniqueItems === true && new Set(value.map((item) => JSON.stringify(item))).size !== value.length)
      out.push(`${path}: items are not unique`);
    if (schema.items) value.forEach((item, i) => out.push(...check(item, schema.items as Schema, `${path}[${i}]`)));
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    for (const required of (schema.required as string[] | undefined) ?? [])
      if (!(required in object)) out.push(`${path}: missing ${required}`);
    if (typeof schema.minProperties === 'number' && keys.length < schema.minProperties)
      out.push(`${path}: fewer than ${schema.minProperties} keys`);
    if (typeof schema.maxProperties === 'number' && keys.length > schema.maxProperties)
      out.push(`${path}: more than ${schema.maxProperties} keys`);
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const key of keys) {
      if (schema.propertyNames) out.push(...check(key, schema.propertyNames as Schema, `${path} key ${key}`));
      if (Object.hasOwn(properties, key)) out.push(...check(object[key], properties[key]!, `${path}.${key}`));
      else if (schema.additionalProperties === false) out.push(`${path}: unknown key ${key}`);
      else if (typeof schema.additionalProperties === 'object')
        out.push(...check(object[key], schema.additionalProperties as Schema, `${path}.${key}`));
    }
  }
  for (const sub of (schema.allOf as Schema[] | undefined) ?? []) out.push(...check(value, sub, path));
  if (schema.anyOf && !(schema.anyOf as Schema[]).some((sub) => check(value, sub, path).length === 0))
    out.push(`${path}: matches none of the anyOf schemas`);
  if (schema.oneOf) {
    const passing = (schema.oneOf as Schema[]).filter((sub) => check(value, sub, path).length === 0).length;
    if (passing !== 1) out.push(`${path}: matches ${passing} of the oneOf schemas`);
  }
  return out;
}
