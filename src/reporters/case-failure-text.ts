/**
 * A scenario case that did not pass, and a scenario file that did not load, in the words a test
 * runner shows when `scenarioTests` runs scenario files as tests.
 */
import { formatScenarioIssue, type ScenarioIssue } from '../scenarios/errors';
import type { CaseResult } from '../scenarios/run';

/** The message of a case that did not pass: why, where the case is, and the decision trace. */
export function caseFailureText(result: CaseResult, file: string): string {
  const what = result.status === 'error' ? 'could not be evaluated' : 'failed';
  // The location line must not start with "at": runners take such lines for stack frames.
  const lines = [`${result.message ?? `case ${what}`}`, `${file}:${result.line}:${result.column}: case "${result.name}" ${what}`];
  if (result.explanation) lines.push('', result.explanation);
  return lines.join('\n');
}

/** The message of a scenario file that did not load: each of its problems. */
export function loadFailureText(issues: readonly ScenarioIssue[]): string {
  return `the scenario file could not be loaded:\n${issues.map(formatScenarioIssue).join('\n')}`;
}
