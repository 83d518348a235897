import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { defineConfig } from 'vitest/config';
import iamspec, { generateScenarioModule } from '../../matchers/vite-plugin';
import { scenarioFileTests } from '../../matchers/vite-plugin-runtime';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const OPTIONS = { includeKnownDefects: false, strict: false };

describe('the generated test module', () => {
  const path = join(FIXTURES, 'scenarios-basic', 'failing.iam.yaml');

  test('is three lines whatever the size of the scenario file: it imports the runtime, which loads the file when the module runs', () => {
    const code = generateScenarioModule(path, OPTIONS);
    expect(code.trimEnd().split('\n')).toEqual([
      "import { test } from 'vitest';",
      `import { scenarioFileTests } from ${JSON.stringify(join(REPO, 'matchers', 'vite-plugin-runtime.ts'))};`,
      `scenarioFileTests(test, ${JSON.stringify(path)}, {"includeKnownDefects":false,"strict":false});`,
    ]);
  });

  test('the runtime registers a test per case, a skipped one per known defect, and fails a case at its YAML line', () => {
    const tests: { name: string; body: () => void; skipped: boolean }[] = [];
    const register = Object.assign((name: string, body: () => void) => void tests.push({ name, body, skipped: false }), {
      skip: (name: string, body: () => void) => void tests.push({ name, body, skipped: true }),
    });
    scenarioFileTests(register, path, OPTIONS);
    expect(tests.map((t) => [t.name, t.skipped])).toEqual([
      ["Alfa reads another tenant's item", false],
      ['Alfa reads its item', false],
      ['A known defect (known defect, not run: the table policy confines Alfa to alfa# keys, and this case says otherwise)', true],
    ]);
    expect(() => tests[1]!.body()).not.toThrow();
    let failure: Error | undefined;
    try {
      tests[0]!.body();
    } catch (error) {
      failure = error as Error;
    }
    expect(failure?.name).toBe('ScenarioCaseFailure');
    expect(failure?.message).toContain('expected allow, got ImplicitDeny');
    expect(failure?.stack?.split('\n').find((l) => /^\s+at /.test(l))).toBe(`    at scenario (${path}:14:5)`);
  });

  test('with includeKnownDefects the defect is a test', () => {
    const names: string[] = [];
    scenarioFileTests(
      Object.assign((name: string) => void names.push(name), { skip: () => expect.unreachable() }),
      path,
      { ...OPTIONS, includeKnownDefects: true },
    );
    expect(names).toContain('A known defect');
  });

  test('a file that does not load becomes one failing test at its first problem', () => {
    const invalid = join(FIXTURES, 'scenarios-invalid', 'invalid.iam.yaml');
    const tests: { name: string; body: () => void }[] = [];
    scenarioFileTests(
      Object.assign((name: string, body: () => void) => void tests.push({ name, body }), { skip: () => expect.unreachable() }),
      invalid,
      OPTIONS,
    );
    expect(tests.map((t) => t.name)).toEqual(['the scenario file loads']);
    expect(() => tests[0]!.body()).toThrow(/unknown key "principle"/);
    try {
      tests[0]!.body();
    } catch (error) {
      expect((error as Error).stack).toContain(`at scenario (${invalid}:4:5)`);
    }
  });
});

describe('the plugin', () => {
  test("fits Vitest's plugins option (checked by tsc)", () => {
    const config = defineConfig({
      plugins: [iamspec(), iamspec({ include: ['a/**/*.iam.yaml'], includeKnownDefects: true, strict: true })],
    });
    expect(config.plugins).toHaveLength(2);
  });

  test("adds the scenario files to test.include and keeps the list it finds, or Vitest's default", () => {
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
    expect(loaded?.map).toEqual({ mappings: '' });
    // Until Vitest says it does not watch, the policy files are watched too.
    expect(watched.map((f) => f.replace(FIXTURES, '')).sort()).toEqual([
      'scenarios-basic/policies/reader.json',
      'scenarios-basic/policies/table.json',
    ]);
    expect(plugin.load.call(context, join(FIXTURES, 'scenarios-basic', 'policies', 'table.json'))).toBeUndefined();
    expect(plugin.load.call(context, `${path}?raw`)).toBeUndefined();
  });

  test('a single run (not watching) does not load the scenario file to find its policy files', () => {
    const plugin = iamspec();
    plugin.configureVitest({ vitest: { config: { watch: false } } });
    const watched: string[] = [];
    plugin.load.call({ addWatchFile: (file: string) => void watched.push(file) }, join(FIXTURES, 'scenarios-basic', 'passing.iam.yaml'));
    expect(watched).toEqual([]);
  });
});
