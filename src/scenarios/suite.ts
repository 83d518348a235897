/**
 * A whole run: find the scenario files, load each, run its cases, and total the outcomes. What the
 * CLI and its reporters work from. A file that does not load is reported with its issues and its
 * cases are not run; the other files still are, so that one run shows every problem.
 */
import { discoverScenarioFiles } from './discover';
import { ScenarioError, type ScenarioIssue } from './errors';
import { displayPath, loadScenarioFile } from './load';
import type { Scenario } from './model';
import { runScenario, RUN_OPTION_FIELDS, type CaseResult, type RunOptions } from './run';
import { RequestError } from '../policy/errors';
import { checkOptions, describeArgument, type OptionType } from '../problems/known-keys';

export interface FileResult {
  /** As shown to people: relative to the working directory. */
  readonly file: string;
  readonly path: string;
  readonly description: string | undefined;
  readonly cases: readonly CaseResult[];
  /** Why the file could not be loaded; its cases were not run. Empty when it loaded. */
  readonly issues: readonly ScenarioIssue[];
  /**
   * The loaded scenario (its compiled policies), for analyses of the run such as coverage: kept
   * when the run keeps its decisions (`keepDecisions`).
   */
  readonly scenario?: Scenario;
}

export interface Totals {
  readonly files: number;
  readonly cases: number;
  readonly passed: number;
  readonly failed: number;
  /** Cases that could not be evaluated (a request the evaluator refuses, a decidedBy naming nothing). */
  readonly errors: number;
  /** Known-defect cases left out of the run. */
  readonly notRun: number;
  /** Files that did not load. */
  readonly invalidFiles: number;
}

/** What a run comes to, without its files: all that the closing lines and the exit code need. */
export interface SuiteOutcome {
  /** Paths or globs that found nothing. */
  readonly problems: readonly string[];
  readonly totals: Totals;
}

export interface SuiteResult extends SuiteOutcome {
  readonly files: readonly FileResult[];
}

export interface SuiteOptions extends RunOptions {
  readonly cwd?: string;
}

const SUITE_OPTION_FIELDS: Readonly<Record<string, OptionType>> = { ...RUN_OPTION_FIELDS, cwd: 'string' };

export const NO_TOTALS: Totals = Object.freeze({ files: 0, cases: 0, passed: 0, failed: 0, errors: 0, notRun: 0, invalidFiles: 0 });

/** Two runs' totals as one: for a run that reports each file as it finishes and keeps only counts. */
export function addTotals(a: Totals, b: Totals): Totals {
  return {
    files: a.files + b.files,
    cases: a.cases + b.cases,
    passed: a.passed + b.passed,
    failed: a.failed + b.failed,
    errors: a.errors + b.errors,
    notRun: a.notRun + b.notRun,
    invalidFiles: a.invalidFiles + b.invalidFiles,
  };
}

export function totalsOf(files: readonly FileResult[]): Totals {
  let cases = 0;
  let passed = 0;
  let failed = 0;
  let errors = 0;
  let notRun = 0;
  let invalidFiles = 0;
  for (const file of files) {
    if (file.issues.length > 0) invalidFiles++;
    for (const c of file.cases) {
      cases++;
      if (c.status === 'passed') passed++;
      else if (c.status === 'failed') failed++;
      else if (c.status === 'error') errors++;
      else notRun++;
    }
  }
  return { files: files.length, cases, passed, failed, errors, notRun, invalidFiles };
}

export function runScenarioFile(path: string, options: SuiteOptions = {}): FileResult {
  checkOptions(options, SUITE_OPTION_FIELDS);
  const { cwd: givenCwd, ...runOptions } = options;
  const cwd = givenCwd ?? process.cwd();
  try {
    const scenario = loadScenarioFile(path, { cwd });
    const cases = runScenario(scenario, runOptions);
    // The loaded scenario is kept for analyses of the run (coverage), which also keep every
    // decision; a plain run lets it go, so that a run of many files holds only their results.
    return {
      file: scenario.file,
      path: scenario.path,
      description: scenario.description,
      cases,
      issues: [],
      ...(options.keepDecisions ? { scenario } : {}),
    };
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    return { file: displayPath(path, cwd), path, description: undefined, cases: [], issues: error.issues };
  }
}

export function runScenarioSuite(patterns: readonly string[], options: SuiteOptions = {}): SuiteResult {
  checkOptions(options, SUITE_OPTION_FIELDS);
  if (!Array.isArray(patterns) || Array.from(patterns).some((p) => typeof p !== 'string'))
    throw new RequestError('', `runScenarioSuite takes a list of paths or globs; found ${describeArgument(patterns)}`, 'patterns');
  const cwd = options.cwd ?? process.cwd();
  const discovery = discoverScenarioFiles(patterns, cwd);
  const files = discovery.files.map((path) => runScenarioFile(path, { ...options, cwd }));
  return { files, problems: discovery.problems, totals: totalsOf(files) };
}

/**
 * The outcome as an exit code: 2 when any input is invalid (a path that finds nothing, a file that
 * does not load, a case that cannot be evaluated), else 1 when any case failed or no case ran at
 * all, else 0.
 */
export function exitCodeOf(result: SuiteOutcome): 0 | 1 | 2 {
  const t = result.totals;
  if (result.problems.length > 0 || t.invalidFiles > 0 || t.errors > 0 || t.files === 0) return 2;
  if (t.failed > 0 || t.passed === 0) return 1;
  return 0;
}
