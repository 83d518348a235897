/**
 * Runs one combination of the consumer matrix: creates its project (the packed package plus the
 * combination's toolchain), runs its test runner with a JSON report and `tsc --noEmit` side by
 * side, and returns what a test asserts on.
 *
 * `IAMSPEC_CONSUMER_PACKAGE` may name an extracted package directory to test instead of the
 * current sources (for example an earlier release, to see which combinations it fails).
 */
import { createFixtureProject, normaliseOutput, type FixtureProject, type JsonReport, type RunResult } from '../support/fixture-project';
import { ensureToolchain } from '../support/toolchains';
import { projectFiles, type Combination } from './projects';

export interface ProjectOutcome {
  readonly project: FixtureProject;
  readonly run: RunResult;
  /** Test title → status, over every test file. */
  readonly tests: Record<string, string>;
  /** Test title → its failure messages, joined. */
  readonly failures: Record<string, string>;
  readonly tsc: RunResult;
}

export function runnerArgs(runner: Combination['runner'], report: string, extra: readonly string[] = []): [string, string[]] {
  return runner === 'vitest'
    ? ['vitest', ['run', '--reporter=json', `--outputFile=${report}`, ...extra]]
    : ['jest', ['--ci', '--no-watchman', '--json', `--outputFile=${report}`, ...extra]];
}

export function readReport(project: FixtureProject, file: string): JsonReport {
  return JSON.parse(project.readFile(file)) as JsonReport;
}

export async function createProject(c: Combination): Promise<FixtureProject> {
  const toolchain = await ensureToolchain(c.toolchain);
  const packageDir = process.env.IAMSPEC_CONSUMER_PACKAGE;
  return createFixtureProject(c.name, projectFiles(c), { toolchain, ...(packageDir ? { packageDir } : {}) });
}

export async function checkProject(c: Combination, project: FixtureProject): Promise<ProjectOutcome> {
  const [command, args] = runnerArgs(c.runner, 'report.json');
  const [run, tsc] = await Promise.all([
    project.run(command, args, { timeoutMs: 120_000 }),
    project.run('tsc', ['--noEmit', '-p', '.'], { timeoutMs: 120_000 }),
  ]);
  const tests: Record<string, string> = {};
  const failures: Record<string, string> = {};
  let report: JsonReport | undefined;
  try {
    report = readReport(project, 'report.json');
  } catch {
    // No report: the run failed before any test; the assertions show its output.
  }
  for (const file of report?.testResults ?? []) {
    for (const result of file.assertionResults) {
      tests[result.title] = result.status;
      if (result.failureMessages.length > 0) failures[result.title] = normaliseOutput(result.failureMessages.join('\n'), project);
    }
  }
  return { project, run, tests, failures, tsc };
}

/** The run's own output, for an assertion message. */
export function outputOf(result: RunResult, project: FixtureProject): string {
  return normaliseOutput(`${result.stdout}\n${result.stderr}`, project).slice(-4000);
}
