/**
 * What the test modules `iamspec/vite-plugin` generates for scenario files call in the test worker.
 * The scenario file is read and its cases registered as tests here, at run time, so a generated
 * module is three lines long however many cases the file holds (Vite transforms, and keeps source
 * maps of, what a plugin generates: a module of a line per case cost a second on 10,000 cases).
 *
 * A failing case throws an error whose first stack frame is the case's line in the YAML file, so
 * Vitest shows that line; a file that does not load is one failing test at its first problem.
 */
import '../src/dynamodb/register';
import type { RunOptions } from '../src/scenarios/run';
import { registerScenarioFile, type TestFramework } from './scenario-tests';

export type ScenarioModuleOptions = Pick<RunOptions, 'includeKnownDefects' | 'strict'>;

/** Registers the tests of the scenario file at `path` (absolute) with Vitest's `test`. */
export function scenarioFileTests(test: TestFramework['test'], path: string, options: ScenarioModuleOptions): void {
  // Passing cases need no reason in words: only a failure's message is shown.
  registerScenarioFile(test, path, { ...options, reasons: false }, process.cwd());
}
