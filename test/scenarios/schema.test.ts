import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  CASE_KEYS,
  FILE_KEYS,
  INDEX_KEY_SCHEMA_KEYS,
  INLINE_POLICY_KEYS,
  KEY_SCHEMA_KEYS,
  ORGANIZATION_KEYS,
  POLICY_DEFINITION_KEYS,
  PRINCIPAL_KEYS,
  RESOURCE_KEYS,
} from '../../src/scenarios/keys';
import { readYaml, toPlain } from '../../src/source/yaml-tree';

type Schema = Record<string, unknown>;

const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../schema/scenario.schema.json', import.meta.url)), 'utf8')) as Schema;
const definitions = schema.definitions as Record<string, Schema>;
const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/**
 * A JSON Schema (draft-07) checker for the keywords the scenario schema uses, enough to hold the
 * example files to it; a keyword it does not know fails the test rather than passing unchecked.
 */
const KNOWN = new Set(['$schema', 'title', 'description', 'definitions', '$ref', 'type', 'enum', 'pattern', 'minLength', 'required', 'properties', 'additionalProperties', 'propertyNames', 'items', 'minItems', 'oneOf', 'allOf', 'minProperties', 'maxProperties']);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

function errors(value: unknown, s: Schema, path = '$'): string[] {
  for (const key of Object.keys(s)) if (!KNOWN.has(key)) throw new Error(`the checker does not know "${key}"`);
  const out: string[] = [];
  if (typeof s.$ref === 'string') return errors(value, definitions[s.$ref.replace('#/definitions/', '')]!, path);
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    const actual = typeOf(value);
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number'))) return [`${path}: expected ${types.join('|')}, found ${actual}`];
  }
  if (s.enum && !(s.enum as unknown[]).includes(value)) out.push(`${path}: not one of ${JSON.stringify(s.enum)}`);
  if (typeof value === 'string') {
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) out.push(`${path}: does not match ${s.pattern}`);
    if (typeof s.minLength === 'number' && value.length < s.minLength) out.push(`${path}: too short`);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) out.push(`${path}: fewer than ${s.minItems} items`);
    if (s.items) value.forEach((item, i) => out.push(...errors(item, s.items as Schema, `${path}[${i}]`)));
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    for (const required of (s.required as string[] | undefined) ?? []) if (!(required in object)) out.push(`${path}: missing ${required}`);
    if (typeof s.minProperties === 'number' && keys.length < s.minProperties) out.push(`${path}: fewer than ${s.minProperties} keys`);
    if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) out.push(`${path}: more than ${s.maxProperties} keys`);
    const properties = (s.properties as Record<string, Schema> | undefined) ?? {};
    for (const key of keys) {
      if (s.propertyNames) out.push(...errors(key, s.propertyNames as Schema, `${path} key ${key}`));
      if (key in properties) out.push(...errors(object[key], properties[key]!, `${path}.${key}`));
      else if (s.additionalProperties === false) out.push(`${path}: unknown key ${key}`);
      else if (typeof s.additionalProperties === 'object') out.push(...errors(object[key], s.additionalProperties as Schema, `${path}.${key}`));
    }
  }
  for (const sub of (s.allOf as Schema[] | undefined) ?? []) out.push(...errors(value, sub, path));
  if (s.oneOf) {
    const passing = (s.oneOf as Schema[]).filter((sub) => errors(value, sub, path).length === 0).length;
    if (passing !== 1) out.push(`${path}: matches ${passing} of the oneOf schemas`);
  }
  return out;
}

function propertyKeys(name: string): string[] {
  return Object.keys((definitions[name]!.properties as Record<string, unknown>) ?? {}).sort();
}

describe('schema/scenario.schema.json', () => {
  test('names exactly the keys the loader takes, for every kind of mapping', () => {
    expect(Object.keys(schema.properties as object).sort()).toEqual([...FILE_KEYS].sort());
    expect(propertyKeys('case')).toEqual([...CASE_KEYS].sort());
    expect(propertyKeys('principal')).toEqual([...PRINCIPAL_KEYS].sort());
    expect(propertyKeys('resource')).toEqual([...RESOURCE_KEYS].sort());
    expect(propertyKeys('policyDefinition')).toEqual([...POLICY_DEFINITION_KEYS].sort());
    expect(propertyKeys('inlinePolicy')).toEqual([...INLINE_POLICY_KEYS].sort());
    expect(propertyKeys('keySchema')).toEqual([...KEY_SCHEMA_KEYS].sort());
    expect(propertyKeys('indexKeySchema')).toEqual([...INDEX_KEY_SCHEMA_KEYS].sort());
    expect(Object.keys(((schema.properties as Record<string, Schema>).organization!.properties as object)).sort()).toEqual([...ORGANIZATION_KEYS].sort());
  });

  test('refuses unknown keys at every level, as the loader does', () => {
    const paths: Schema[] = [schema, definitions.case!, definitions.principal!, definitions.resource!, definitions.policyDefinition!, definitions.inlinePolicy!, definitions.keySchema!];
    for (const s of paths) expect(s.additionalProperties).toBe(false);
  });

  const examples = readdirSync(SCENARIOS).filter((f) => f.endsWith('.iam.yaml'));
  test('the repository has example scenarios', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  test.each(examples)('the example %s is valid under the schema', (file) => {
    const read = readYaml(readFileSync(`${SCENARIOS}${file}`, 'utf8'));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(errors(toPlain(read.root), schema)).toEqual([]);
  });

  test.each([
    ['an unknown case key', { cases: [{ name: 'x', principle: 'a' }] }, /unknown key principle/],
    ['a wrong expectation', { cases: [{ name: 'x', expect: 'alow' }] }, /not one of/],
    ['a policy with file and document', { policies: { p: { file: 'a.json', document: { Statement: [] } } }, cases: [{ name: 'x' }] }, /oneOf/],
    ['no cases', { description: 'x' }, /missing cases/],
    ['a decidedBy with two hashes', { cases: [{ name: 'x', decidedBy: 'a#b#c' }] }, /oneOf/],
    ['an each over the name', { cases: [{ name: 'x', each: { name: ['a'] } }] }, /oneOf/],
  ])('the schema refuses %s', (_label, document, message) => {
    expect(errors(document, schema).join('\n')).toMatch(message);
  });
});
