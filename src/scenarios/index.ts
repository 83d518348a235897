/**
 * Scenario files: load (YAML with positions, every key checked), expand (`each:`), run (cases →
 * results), and whole runs over paths and globs. What the CLI, the Vitest plugin and
 * `scenarioTests` are built on.
 */
export { loadScenarioFile, loadScenarioText, displayPath, type ScenarioLoadOptions } from './load';
export { ScenarioError, formatScenarioIssue, type ScenarioIssue } from './errors';
export { ScenarioRunner, runScenario, type CaseResult, type CaseStatus, type RunOptions } from './run';
export { runScenarioFile, runScenarioSuite, exitCodeOf, totalsOf, type FileResult, type SuiteOptions, type SuiteResult, type Totals } from './suite';
export { discoverScenarioFiles, SCENARIO_FILE_GLOB, SCENARIO_FILE_PATTERN, type Discovery } from './discover';
export { meets, EXPECTATIONS, type Expectation, type Scenario, type ScenarioCase, type ScenarioPrincipal, type ScenarioResource, type CaseTarget, type DecidedByExpectation } from './model';
