import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { expandCase, expandedName } from '../../src/scenarios/expand';
import { NodeReader } from '../../src/scenarios/read';
import { readYaml, toPlain, type YamlMap } from '../../src/source/yaml-tree';

function caseNode(text: string): YamlMap {
  const read = readYaml(text);
  if (!read.ok || read.root.kind !== 'map') throw new Error('a case mapping');
  return read.root;
}

function expand(text: string) {
  const reader = new NodeReader('x.iam.yaml');
  const map = caseNode(text);
  const name = toPlain(map.pairs.find((p) => p.key === 'name')!.value) as string;
  return { result: expandCase(map, name, reader), issues: reader.issues };
}

describe('each:', () => {
  test('a case without each is itself', () => {
    const { result } = expand('name: one\nprincipal: alfa\n');
    expect(result).toHaveLength(1);
    expect(result![0]!.name).toBe('one');
  });

  test('a matrix makes every combination, the first key varying slowest, named after the values', () => {
    const { result, issues } = expand(
      'name: reads\nexpect: allow\neach:\n  principal: [alfa, bravo]\n  action: [dynamodb:GetItem, dynamodb:Query, dynamodb:Scan]\n',
    );
    expect(issues).toEqual([]);
    expect(result!.map((r) => r.name)).toEqual([
      'reads [principal=alfa, action=dynamodb:GetItem]',
      'reads [principal=alfa, action=dynamodb:Query]',
      'reads [principal=alfa, action=dynamodb:Scan]',
      'reads [principal=bravo, action=dynamodb:GetItem]',
      'reads [principal=bravo, action=dynamodb:Query]',
      'reads [principal=bravo, action=dynamodb:Scan]',
    ]);
    const first = result![0]!.map;
    expect(first.pairs.map((p) => p.key)).toEqual(['name', 'expect', 'principal', 'action']);
    // Each value keeps its own position.
    expect(first.pairs.find((p) => p.key === 'action')!.value.pos).toEqual({ line: 5, column: 12 });
  });

  test('placeholders name the case; values the name leaves out are not appended', () => {
    const { result } = expand('name: "{principal} reads"\neach:\n  principal: [alfa, bravo]\n');
    expect(result!.map((r) => r.name)).toEqual(['alfa reads', 'bravo reads']);
  });

  test('rows set values that go together', () => {
    const { result } = expand(
      'name: "{principal} gets {expect}"\neach:\n  - { principal: alfa, expect: allow }\n  - { ' +
        'principal: bravo, expect: implicit-deny, context: { k: v } }\n',
    );
    expect(result!.map((r) => r.name)).toEqual(['alfa gets allow', 'bravo gets implicit-deny']);
    expect(toPlain(result![1]!.map)).toEqual({
      name: '{principal} gets {expect}',
      principal: 'bravo',
      expect: 'implicit-deny',
      context: { k: 'v' },
    });
  });

  test.each([
    ['an unknown key', 'name: x\neach: { principle: [a] }\n', /each: cannot vary "principle"/, 2, 9],
    ['the name', 'name: x\neach: { name: [a] }\n', /each: cannot vary "name"/, 2, 9],
    ['an empty list', 'name: x\neach: { principal: [] }\n', /each\.principal is an empty list/, 2, 20],
    ['a value that is not a list', 'name: x\neach: { principal: alfa }\n', /each\.principal is a list; found the text "alfa"/, 2, 20],
    [
      'a key also in the case',
      'name: x\nprincipal: alfa\neach: { principal: [a, b] }\n',
      /each: "principal" is also given in the case itself/,
      3,
      9,
    ],
    ['an empty row list', 'name: x\neach: []\n', /each: is an empty list/, 2, 7],
    ['a row that is not a mapping', 'name: x\neach: [alfa]\n', /a row of each: is a mapping/, 2, 8],
    ['an empty each', 'name: x\neach: {}\n', /each: is empty/, 2, 7],
    ['text', 'name: x\neach: alfa\n', /each: is a mapping of keys to lists of values, or a list of rows/, 2, 7],
  ])('refuses %s, with its position', (_label, text, message, line, column) => {
    const { result, issues } = expand(text);
    expect(result).toBeUndefined();
    expect(issues).toContainEqual(expect.objectContaining({ line, column, message: expect.stringMatching(message) }));
  });

  test('the number of cases is the product of the list lengths (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }), (lengths) => {
        const keys = ['principal', 'action', 'region'];
        const each = lengths.map((n, i) => `  ${keys[i]}: [${Array.from({ length: n }, (_, j) => `v${j}`).join(', ')}]`).join('\n');
        const { result } = expand(`name: c\neach:\n${each}\n`);
        expect(result).toHaveLength(lengths.reduce((a, b) => a * b, 1));
        expect(new Set(result!.map((r) => r.name)).size).toBe(result!.length);
      }),
      { numRuns: 50 },
    );
  });

  test('expandedName writes collections in flow style', () => {
    const map = caseNode('k: { a: [1, "x"] }\n');
    expect(expandedName('case', [['context', map.pairs[0]!.value]])).toBe('case [context={a: [1, x]}]');
  });
});
