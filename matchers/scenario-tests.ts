/**
 * `scenarioTests(globs)`: scenario files as tests of the runner in use, a `describe` per file and a
 * `test` per case, named by the case. It receives the runner's `describe` and `test` (from
 * `iamspec/vitest` or `iamspec/jest`) and never imports a runner itself.
 *
 *   import { scenarioTests } from 'iamspec/vitest';
 *   scenarioTests('scenarios/**\/*.iam.yaml');
 *
 * Files are found and loaded while tests are collected (synchronously, as `describe` requires);
 * cases are evaluated when their test runs. Nothing passes silently: globs that find no file throw,
 * a file that does not load becomes a failing test, and a known-defect case is a skipped test
 * (named as such), unless `include: { knownDefects: true }` runs it.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkMinCoverage, coverageFromRun } from '../src/gate/coverage';
import { renderCoverageJson, renderCoverageTable, renderLcov } from '../src/reporters/coverage';
import { policiesOfScenario } from '../src/gate/mutate';
import { ScenarioError, type ScenarioIssue } from '../src/scenarios/errors';
import { caseFailureText, loadFailureText } from '../src/reporters/case-failure-text';
import { discoverScenarioFiles } from '../src/scenarios/discover';
import { displayPath, loadScenarioFile } from '../src/scenarios/load';
import type { Scenario, ScenarioCase } from '../src/scenarios/model';
import { ScenarioRunner, type CaseResult, type RunOptions } from '../src/scenarios/run';

type TestBody = () => void | Promise<void>;

/** What `scenarioTests` needs of a test runner: Vitest's and Jest's `describe`, `test` and `afterAll` fit. */
export interface TestFramework {
  readonly describe: (name: string, body: () => void) => void;
  /** Needed for `coverage`: the report is made once every case has run. */
  readonly afterAll?: (body: () => void) => void;
  readonly test: ((name: string, body: TestBody) => void) & { readonly skip?: (name: string, body: TestBody) => void };
  /** Accepted for symmetry with the runners' globals; failures are thrown, so it is not needed. */
  readonly expect?: unknown;
}

export interface ScenarioTestsOptions {
  /** Where globs and relative paths start, and what reported paths are relative to. Default `process.cwd()`. */
  readonly cwd?: string;
  /** Also run what the default run leaves out: `knownDefects` are cases that document a defect (and fail). */
  readonly include?: { readonly knownDefects?: boolean };
  /** Evaluate every case in strict mode. */
  readonly strict?: boolean;
  /**
   * Statement coverage of the policies these scenario files use, made after their cases have run
   * (as `iamspec test --coverage` makes it): printed, or written to `output`; below `minimum`
   * percent of statements applied in some case, the run fails.
   */
  readonly coverage?: boolean | ScenarioCoverageOptions;
}

export interface ScenarioCoverageOptions {
  /** `table` (default), `json`, or `lcov` keyed to the policy files' lines. */
  readonly format?: 'table' | 'json' | 'lcov';
  /** A file to write the report to, relative to `cwd`; default: printed with `console.log`. */
  readonly output?: string;
  /** The least statement coverage, in percent, that passes. */
  readonly minimum?: number;
}

/** The error a failing case throws: the expectation, where the case is, and the decision trace. */
export class ScenarioCaseFailure extends Error {
  override readonly name = 'ScenarioCaseFailure';

  constructor(
    message: string,
    /** Absolute path of the scenario file. */
    readonly path: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/**
 * An error whose first stack frame is the case's line in the YAML file, so that Jest and Vitest
 * point at the scenario rather than at iamspec's code.
 */
export function caseFailure(result: CaseResult, scenario: Pick<Scenario, 'file' | 'path'>): ScenarioCaseFailure {
  const error = new ScenarioCaseFailure(caseFailureText(result, scenario.file), scenario.path, result.line, result.column);
  error.stack = `${error.name}: ${error.message}\n    at scenario (${scenario.path}:${result.line}:${result.column})`;
  return error;
}

/** The error of a file that does not load, pointing at its first problem. */
export function loadFailure(error: ScenarioError, path: string): Error {
  const first: ScenarioIssue = error.issues[0]!;
  const failure = new Error(loadFailureText(error.issues));
  failure.name = 'ScenarioError';
  if (first.line !== undefined)
    failure.stack = `${failure.name}: ${failure.message}\n    at scenario (${path}:${first.line}:${first.column ?? 1})`;
  return failure;
}

/** The name a known-defect case is skipped under: the reason shows in the runner's output. */
export function knownDefectName(c: Pick<ScenarioCase, 'name' | 'knownDefect'>): string {
  return `${c.name} (known defect, not run: ${c.knownDefect ?? ''})`;
}

export function createScenarioTests(framework: TestFramework): (globs: string | readonly string[], options?: ScenarioTestsOptions) => void {
  return function scenarioTests(globs, options = {}) {
    const cwd = options.cwd ?? process.cwd();
    const patterns = typeof globs === 'string' ? [globs] : [...globs];
    if (patterns.length === 0) throw new Error('scenarioTests: give at least one path or glob of scenario files');
    const found = discoverScenarioFiles(patterns, cwd);
    if (found.problems.length > 0 || found.files.length === 0) {
      throw new Error(`scenarioTests: ${found.problems.join('; ') || 'no scenario file found'} (looked in ${cwd})`);
    }
    const coverage = options.coverage === true ? {} : options.coverage === false ? undefined : options.coverage;
    const runOptions: RunOptions = {
      includeKnownDefects: options.include?.knownDefects === true,
      strict: options.strict === true,
      keepDecisions: coverage !== undefined,
    };
    const ran: { file: string; scenario: Scenario; cases: CaseResult[] }[] = [];
    if (coverage !== undefined) {
      if (!framework.afterAll) throw new Error("scenarioTests: coverage needs the test runner's afterAll");
      framework.afterAll(() => reportCoverage(ran, coverage, cwd));
    }
    for (const path of found.files) {
      const file = displayPath(path, cwd);
      framework.describe(file, () => {
        const scenario = registerScenarioFile(framework.test, path, runOptions, cwd);
        if (scenario) ran.push({ file, scenario: scenario.scenario, cases: scenario.results });
      });
    }
  };
}

/**
 * The tests of one scenario file, registered with the runner's `test`: a test per case, named by
 * the case (a skipped one for a known defect not included), or one failing test when the file does
 * not load. Returns the loaded scenario and the results of its cases as they run.
 */
export function registerScenarioFile(
  test: TestFramework['test'],
  path: string,
  runOptions: RunOptions,
  cwd: string,
): { scenario: Scenario; results: CaseResult[] } | undefined {
  let scenario: Scenario;
  try {
    scenario = loadScenarioFile(path, { cwd });
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    test('the scenario file loads', () => {
      throw loadFailure(error, path);
    });
    return undefined;
  }
  const runner = new ScenarioRunner(scenario, runOptions);
  const results: CaseResult[] = [];
  for (const c of scenario.cases) {
    if (c.knownDefect !== undefined && !runOptions.includeKnownDefects) {
      // A skipped test, visible in every report; never a quietly passing one.
      if (!test.skip) throw new Error('scenarioTests: the test runner has no test.skip for known-defect cases');
      test.skip(knownDefectName(c), () => {});
      continue;
    }
    test(c.name, () => {
      const result = runner.run(c);
      results.push(result);
      if (result.status !== 'passed') throw caseFailure(result, scenario);
    });
  }
  return { scenario, results };
}

/** The coverage of the cases that ran (a filtered run covers what it ran), printed or written. */
function reportCoverage(
  ran: readonly { file: string; scenario: Scenario; cases: CaseResult[] }[],
  options: ScenarioCoverageOptions,
  cwd: string,
): void {
  const policies = ran.flatMap((r) => policiesOfScenario(r.scenario));
  const report = coverageFromRun({ files: ran }, policies);
  const format = options.format ?? 'table';
  const text = format === 'json' ? renderCoverageJson(report) : format === 'lcov' ? renderLcov(report) : renderCoverageTable(report);
  if (options.output !== undefined) writeFileSync(resolve(cwd, options.output), text);
  else console.log(text);
  if (options.minimum !== undefined) {
    const gate = checkMinCoverage(report, options.minimum);
    if (!gate.ok) throw new Error(`scenarioTests: ${gate.message}`);
  }
}
