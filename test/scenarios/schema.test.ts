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
import { schemaErrors } from '../support/json-schema';

type Schema = Record<string, unknown>;

const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../schema/scenario.schema.json', import.meta.url)), 'utf8')) as Schema;
const definitions = schema.definitions as Record<string, Schema>;
const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));

const errors = (value: unknown, s: Schema) => schemaErrors(value, s, schema);

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
    expect(Object.keys((schema.properties as Record<string, Schema>).organization!.properties as object).sort()).toEqual(
      [...ORGANIZATION_KEYS].sort(),
    );
  });

  test('refuses unknown keys at every level, as the loader does', () => {
    const paths: Schema[] = [
      schema,
      definitions.case!,
      definitions.principal!,
      definitions.resource!,
      definitions.policyDefinition!,
      definitions.inlinePolicy!,
      definitions.keySchema!,
    ];
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
    [
      'a policy with file and document',
      { policies: { p: { file: 'a.json', document: { Statement: [] } } }, cases: [{ name: 'x' }] },
      /oneOf/,
    ],
    ['no cases', { description: 'x' }, /missing cases/],
    ['a decidedBy with two hashes', { cases: [{ name: 'x', decidedBy: 'a#b#c' }] }, /oneOf/],
    ['an each over the name', { cases: [{ name: 'x', each: { name: ['a'] } }] }, /oneOf/],
  ])('the schema refuses %s', (_label, document, message) => {
    expect(errors(document, schema).join('\n')).toMatch(message);
  });
});
