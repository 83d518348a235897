/**
 * The one error type of scenario loading. A scenario file that cannot be read exactly is never run
 * in part: loading throws a `ScenarioError` listing every problem with its file, line and column.
 */
import { clipMessage, type PolicyError } from '../policy/errors';
import { formatProblem, type Problem } from '../problems/problem';
import type { Position } from '../source/position';

/**
 * A problem of a scenario file: always an error. `file`, `line` and `column` repeat the location
 * (they were the issue's fields before every problem had one shape).
 */
export interface ScenarioIssue extends Problem {
  /** `invalid-scenario` for the file's own problems, `file` when it cannot be read, a policy's code for a policy it names. */
  readonly code: string;
  readonly severity: 'error';
  readonly location: { readonly file: string; readonly line?: number; readonly column?: number; readonly path?: string };
  /** The file the problem is in, as shown to people (relative to the working directory). */
  readonly file: string;
  /** 1-based; undefined only when the file itself could not be read. */
  readonly line: number | undefined;
  readonly column: number | undefined;
}

/** `file:line:column: message`, as every problem is written. */
export function formatScenarioIssue(issue: ScenarioIssue): string {
  return formatProblem(issue);
}

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  readonly issues: readonly ScenarioIssue[];

  constructor(issues: readonly ScenarioIssue[]) {
    const first = issues[0];
    if (!first) throw new TypeError('ScenarioError needs at least one issue');
    super(issues.map((issue) => clipMessage(formatScenarioIssue(issue))).join('\n'));
    this.issues = issues;
  }
}

/** A problem at a place in a scenario file (at no place: the file as a whole). */
export function issueAt(file: string, pos: Position | undefined, message: string, code = 'invalid-scenario'): ScenarioIssue {
  return scenarioIssue(code, message, file, pos?.line, pos?.column);
}

function scenarioIssue(
  code: string,
  message: string,
  file: string,
  line: number | undefined,
  column: number | undefined,
  path?: string,
): ScenarioIssue {
  const location = {
    file,
    ...(line !== undefined ? { line } : {}),
    ...(column !== undefined ? { column } : {}),
    ...(path ? { path } : {}),
  };
  return { code, severity: 'error', message: clipMessage(message), location, file, line, column };
}

/**
 * A policy's own problems, located in the policy (its file, or the scenario file for an inline
 * document), each saying where the scenario refers to it.
 */
export function issuesOfPolicyError(error: PolicyError, scenarioFile: string, referencedAt: Position): ScenarioIssue[] {
  return error.issues.map((issue) => {
    const location = issue.location;
    const file = location.file ?? scenarioFile;
    const path = location.path ? ` at ${location.path}` : '';
    const statement = location.statement !== undefined ? ` (statement ${location.statement})` : '';
    const reference =
      file === scenarioFile && location.line !== undefined
        ? ''
        : ` (policy "${location.policy}", used at ${scenarioFile}:${referencedAt.line}:${referencedAt.column})`;
    const line = location.line ?? (file === scenarioFile ? referencedAt.line : undefined);
    const column = location.column ?? (file === scenarioFile ? referencedAt.column : undefined);
    return scenarioIssue(issue.code, `${issue.message}${statement}${path}${reference}`, file, line, column, location.path);
  });
}
