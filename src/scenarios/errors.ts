/**
 * The one error type of scenario loading. A scenario file that cannot be read exactly is never run
 * in part: loading throws a `ScenarioError` listing every problem with its file, line and column.
 */
import { clipMessage, type PolicyError } from '../policy/errors';
import type { Position } from './yaml-tree';

export interface ScenarioIssue {
  readonly message: string;
  /** The file the problem is in, as shown to people (relative to the working directory). */
  readonly file: string;
  /** 1-based; undefined only when the file itself could not be read. */
  readonly line: number | undefined;
  readonly column: number | undefined;
}

export function formatScenarioIssue(issue: ScenarioIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  return `${where}: ${issue.message}`;
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

export function issueAt(file: string, pos: Position | undefined, message: string): ScenarioIssue {
  return { message: clipMessage(message), file, line: pos?.line, column: pos?.column };
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
    const reference = file === scenarioFile && location.line !== undefined ? '' : ` (policy "${location.policy}", used at ${scenarioFile}:${referencedAt.line}:${referencedAt.column})`;
    return {
      message: `${issue.message}${statement}${path}${reference}`,
      file,
      line: location.line ?? (file === scenarioFile ? referencedAt.line : undefined),
      column: location.column ?? (file === scenarioFile ? referencedAt.column : undefined),
    };
  });
}
