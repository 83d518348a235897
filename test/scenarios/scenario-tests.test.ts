import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createScenarioTests, type TestFramework } from '../../matchers/scenario-tests';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

interface Registered {
  readonly kind: 'describe' | 'test' | 'skip';
  readonly name: string;
  readonly body: () => unknown;
  readonly parent: string | undefined;
}

/** A stand-in for a test runner that records what `scenarioTests` registers. */
function recorder(): { framework: TestFramework; registered: Registered[] } {
  const registered: Registered[] = [];
  let parent: string | undefined;
  const testFn = Object.assign((name: string, body: () => unknown) => void registered.push({ kind: 'test', name, body, parent }), {
    skip: (name: string, body: () => unknown) => void registered.push({ kind: 'skip', name, body, parent }),
  });
  const framework: TestFramework = {
    describe: (name, body) => {
      registered.push({ kind: 'describe', name, body, parent });
      const outer = parent;
      parent = name;
      body();
      parent = outer;
    },
    test: testFn,
  };
  return { framework, registered };
}

function failureOf(body: () => unknown): Error {
  try {
    body();
  } catch (error) {
    return error as Error;
  }
  throw new Error('the test passed; expected it to fail');
}

describe('scenarioTests', () => {
  test('a describe per file and a test per case, named by the case; known defects are skipped tests', () => {
    const { framework, registered } = recorder();
    createScenarioTests(framework)('scenarios-basic/*.iam.yaml', { cwd: FIXTURES });
    expect(registered.map((r) => [r.kind, r.name, r.parent])).toEqual([
      ['describe', 'scenarios-basic/failing.iam.yaml', undefined],
      ['test', "Alfa reads another tenant's item", 'scenarios-basic/failing.iam.yaml'],
      ['test', 'Alfa reads its item', 'scenarios-basic/failing.iam.yaml'],
      [
        'skip',
        'A known defect (known defect, not run: the table policy confines Alfa to alfa# keys, and this case says otherwise)',
        'scenarios-basic/failing.iam.yaml',
      ],
      ['describe', 'scenarios-basic/passing.iam.yaml', undefined],
      ['test', 'Alfa reads its item', 'scenarios-basic/passing.iam.yaml'],
      ['test', 'Alfa cannot write', 'scenarios-basic/passing.iam.yaml'],
    ]);
  });

  test('a passing case passes; a failing one throws with the trace, the file and the line, and a stack frame at the YAML line', () => {
    const { framework, registered } = recorder();
    createScenarioTests(framework)(['scenarios-basic/failing.iam.yaml'], { cwd: FIXTURES });
    const [failing, passing] = registered.filter((r) => r.kind === 'test');
    expect(passing!.body()).toBeUndefined();
    const error = failureOf(failing!.body);
    expect(error.name).toBe('ScenarioCaseFailure');
    expect(error.message).toMatch(
      new RegExp(
        /^expected allow, got ImplicitDeny\nscenarios-basic\/failing\.iam\.yaml:14:5: /.source +
          /case "Alfa reads another tenant's item" failed\n\nImplicitDeny: /.source,
      ),
    );
    expect(error.message).toMatch(/table#ReaderReads \(scenarios-basic\/policies\/table\.json:4\) \[Allow\] did not apply/);
    const frames = error.stack!.split('\n').filter((l) => /^\s+at /.test(l));
    expect(frames).toEqual([`    at scenario (${FIXTURES}scenarios-basic/failing.iam.yaml:14:5)`]);
  });

  test('include: { knownDefects: true } runs the known defects', () => {
    const { framework, registered } = recorder();
    createScenarioTests(framework)('scenarios-basic/failing.iam.yaml', { cwd: FIXTURES, include: { knownDefects: true } });
    const defect = registered.find((r) => r.name === 'A known defect')!;
    expect(defect.kind).toBe('test');
    expect(failureOf(defect.body).message).toMatch(/^expected allow, got ImplicitDeny/);
  });

  test('a file that does not load is a failing test at its first problem', () => {
    const { framework, registered } = recorder();
    createScenarioTests(framework)('scenarios-invalid/', { cwd: FIXTURES });
    expect(registered.map((r) => [r.kind, r.name])).toEqual([
      ['describe', 'scenarios-invalid/invalid.iam.yaml'],
      ['test', 'the scenario file loads'],
    ]);
    const error = failureOf(registered[1]!.body);
    expect(error.message).toMatch(/scenarios-invalid\/invalid\.iam\.yaml:4:5: unknown key "principle"/);
    expect(error.stack).toContain(`at scenario (${FIXTURES}scenarios-invalid/invalid.iam.yaml:4:5)`);
  });

  test('globs that find nothing throw while tests are collected: nothing passes silently', () => {
    const { framework } = recorder();
    const scenarioTests = createScenarioTests(framework);
    expect(() => scenarioTests('nowhere/**/*.iam.yaml', { cwd: FIXTURES })).toThrow(
      /scenarioTests: nowhere\/\*\*\/\*\.iam\.yaml: no file matches this pattern/,
    );
    expect(() => scenarioTests([], { cwd: FIXTURES })).toThrow(/give at least one path or glob/);
  });

  test('cases are evaluated when their test runs, not when they are collected', () => {
    const { framework, registered } = recorder();
    createScenarioTests(framework)('scenarios-basic/passing.iam.yaml', { cwd: FIXTURES });
    // Nothing ran yet: bodies are functions to be called by the runner.
    expect(registered.filter((r) => r.kind === 'test').every((r) => typeof r.body === 'function')).toBe(true);
  });
});

describe('scenarioTests coverage', () => {
  function withAfterAll(): { framework: TestFramework; registered: Registered[]; runAfterAll: () => void } {
    const { framework, registered } = recorder();
    const hooks: (() => void)[] = [];
    return {
      framework: { ...framework, afterAll: (body) => void hooks.push(body) },
      registered,
      runAfterAll: () => hooks.forEach((h) => h()),
    };
  }

  function run(only?: string): { printed: string; error: Error | undefined } {
    const { framework, registered, runAfterAll } = withAfterAll();
    createScenarioTests(framework)('scenarios-basic/passing.iam.yaml', { cwd: FIXTURES, coverage: { minimum: 100 } });
    // A filtered run (only one case) covers what it ran.
    for (const r of registered) if (r.kind === 'test' && (only === undefined || r.name === only)) r.body();
    const printed: string[] = [];
    const log = console.log;
    console.log = (text: string) => void printed.push(text);
    try {
      runAfterAll();
      return { printed: printed.join('\n'), error: undefined };
    } catch (error) {
      return { printed: printed.join('\n'), error: error as Error };
    } finally {
      console.log = log;
    }
  }

  test('after the cases, reports the statements they exercised', () => {
    const all = run();
    expect(all.error).toBeUndefined();
    expect(all.printed).toMatch(/statements covered: 3\/3 \(100%\)/);
    expect(all.printed).toMatch(/^ {2}1 +12 +Deny +\d+ +1 +1 +1$/m);
  });

  test('fails the run below the minimum', () => {
    const one = run('Alfa reads its item');
    expect(one.printed).toMatch(/statements covered: 2\/3/);
    expect(one.error?.message).toMatch(
      /scenarioTests: statement coverage [\d.]+% is below the minimum of 100%: 1 of 3 statements never applied in any case/,
    );
  });

  test('coverage without afterAll from the runner is refused', () => {
    const { framework } = recorder();
    expect(() => createScenarioTests(framework)('scenarios-basic/passing.iam.yaml', { cwd: FIXTURES, coverage: true })).toThrowError(
      /coverage needs the test runner's afterAll/,
    );
  });
});
