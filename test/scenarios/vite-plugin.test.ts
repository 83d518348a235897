import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { defineConfig } from 'vitest/config';
import iamspec, { generateScenarioModule, lineSourceMap } from '../../matchers/vite-plugin';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const OPTIONS = { includeKnownDefects: false, strict: false };

/** Decodes a source map's mappings into, per generated line, the first segment's [line, column] (1-based). */
function decode(mappings: string): ([number, number] | undefined)[] {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let line = 0;
  let column = 0;
  return mappings.split(';').map((segment) => {
    if (segment === '') return undefined;
    const values: number[] = [];
    let shift = 0;
    let value = 0;
    for (const ch of segment.split(',')[0]!) {
      const digit = chars.indexOf(ch);
      value += (digit & 31) << shift;
      if (digit & 32) shift += 5;
      else {
        values.push(value & 1 ? -(value >> 1) : value >> 1);
        value = 0;
        shift = 0;
      }
    }
    line += values[2]!;
    column += values[3]!;
    return [line + 1, column + 1];
  });
}

describe('the generated test module', () => {
  const path = join(FIXTURES, 'scenarios-basic', 'failing.iam.yaml');
  const source = readFileSync(path, 'utf8');

  test('one line per case, each mapped to the case in the YAML file', () => {
    const { code, map, policyFiles } = generateScenarioModule(path, source, OPTIONS, FIXTURES);
    const lines = code.trimEnd().split('\n');
    const targets = decode(map.mappings);
    const at = (needle: string) => targets[lines.findIndex((l) => l.includes(needle))];
    expect(at(`test("Alfa reads another tenant's item"`)).toEqual([14, 5]);
    expect(at('test("Alfa reads its item"')).toEqual([20, 5]);
    expect(at('test.skip("A known defect (known defect, not run:')).toEqual([26, 5]);
    expect(map.sources).toEqual([path]);
    expect(map.sourcesContent).toEqual([source]);
    expect(policyFiles.map((f) => f.replace(FIXTURES, '')).sort()).toEqual(['scenarios-basic/policies/reader.json', 'scenarios-basic/policies/table.json']);
  });

  test('with includeKnownDefects the defect is a test', () => {
    const { code } = generateScenarioModule(path, source, { ...OPTIONS, includeKnownDefects: true }, FIXTURES);
    expect(code).toContain('test("A known defect", ');
    expect(code).not.toContain('test.skip(');
  });

  test('a file that does not load becomes one failing test at its first problem', () => {
    const invalid = join(FIXTURES, 'scenarios-invalid', 'invalid.iam.yaml');
    const { code, map } = generateScenarioModule(invalid, readFileSync(invalid, 'utf8'), OPTIONS, FIXTURES);
    const lines = code.trimEnd().split('\n');
    const index = lines.findIndex((l) => l.startsWith("test('the scenario file loads'"));
    expect(lines[index]).toMatch(/unknown key \\"principle\\"/);
    expect(decode(map.mappings)[index]).toEqual([4, 5]);
  });

  test('lineSourceMap encodes lines and columns, forwards and back', () => {
    const map = lineSourceMap('f.yaml', 'x', [undefined, { line: 30, column: 7 }, { line: 2, column: 1 }, undefined, { line: 1000, column: 40 }]);
    expect(decode(map.mappings)).toEqual([undefined, [30, 7], [2, 1], undefined, [1000, 40]]);
  });
});

describe('the plugin', () => {
  test('fits Vitest\'s plugins option (checked by tsc)', () => {
    const config = defineConfig({ plugins: [iamspec(), iamspec({ include: ['a/**/*.iam.yaml'], includeKnownDefects: true, strict: true })] });
    expect(config.plugins).toHaveLength(2);
  });

  test('adds the scenario files to test.include and keeps the list it finds, or Vitest\'s default', () => {
    const own = { test: { include: ['unit/*.test.ts'] } };
    iamspec().config(own);
    expect(own.test.include).toEqual(['unit/*.test.ts', '**/*.iam.{yaml,yml}']);
    const none: { test?: { include?: string[] } } = {};
    iamspec({ include: 'policies/**/*.iam.yaml' }).config(none);
    expect(none.test!.include).toEqual(['**/*.{test,spec}.?(c|m)[jt]s?(x)', 'policies/**/*.iam.yaml']);
  });

  test('loads *.iam.yaml files as JavaScript, and nothing else', () => {
    const plugin = iamspec();
    const watched: string[] = [];
    const context = { addWatchFile: (file: string) => void watched.push(file) };
    const path = join(FIXTURES, 'scenarios-basic', 'passing.iam.yaml');
    const loaded = plugin.load.call(context, path);
    expect(loaded?.moduleType).toBe('js');
    expect(loaded?.code).toMatch(/^import \{ test \} from 'vitest';/);
    expect(watched.map((f) => f.replace(FIXTURES, '')).sort()).toEqual(['scenarios-basic/policies/reader.json', 'scenarios-basic/policies/table.json']);
    expect(plugin.load.call(context, join(FIXTURES, 'scenarios-basic', 'policies', 'table.json'))).toBeUndefined();
    expect(plugin.load.call(context, `${path}?raw`)).toBeUndefined();
  });
});
