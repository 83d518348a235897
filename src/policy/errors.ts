/**
 * The one error type of policy loading. A policy the evaluator does not understand is never
 * skipped: loading throws a `PolicyError` whose issues (problems, see `src/problems`) each say what
 * is wrong and where.
 */
import { clipMessage, listedMessage, type Problem, type ProblemLocation } from '../problems/problem';

export { clipMessage };

/** Where something stands in a policy: file, line and column when known, and always a JSON path. */
export interface SourceLocation extends ProblemLocation {
  /** The policy's name (file base name, or the name given when it was loaded). */
  readonly policy: string;
  readonly file?: string;
  /** 1-based line and column, when the policy came from text. */
  readonly line?: number;
  readonly column?: number;
  /** JSON path from the document root, e.g. `Statement[0].Condition.IpAddress["aws:SourceIp"][0]`. */
  readonly path: string;
  /** The statement's Sid, or `#index` (0-based) when it has none. */
  readonly statement?: string;
}

export type PolicyErrorCode =
  | 'syntax'
  | 'not-an-object'
  | 'unknown-key'
  | 'missing-element'
  | 'conflicting-elements'
  | 'invalid-type'
  | 'invalid-version'
  | 'invalid-effect'
  | 'invalid-action'
  | 'invalid-resource'
  | 'invalid-arn'
  | 'invalid-principal'
  | 'wildcard-in-principal'
  | 'principal-not-allowed'
  | 'principal-required'
  | 'unknown-operator'
  | 'invalid-operator-combination'
  | 'duplicate-condition-key'
  | 'invalid-condition-value'
  | 'invalid-cidr'
  | 'invalid-date'
  | 'invalid-number'
  | 'invalid-bool'
  | 'invalid-variable'
  | 'variable-not-allowed'
  /** Beyond a size or depth limit (see the README's section on hostile input). */
  | 'too-large'
  /** Not JSON-like data: a cycle, a BigInt, a function, a class instance, a sparse array. */
  | 'unsupported-value'
  | 'file';

/** A problem of a policy: always an error, always located in the policy. */
export interface PolicyIssue extends Problem {
  readonly code: PolicyErrorCode;
  readonly severity: 'error';
  readonly location: SourceLocation;
}

/** A policy issue as code states it: the severity goes without saying. */
export type PolicyIssueInput = Omit<PolicyIssue, 'severity'> & { readonly severity?: 'error' };

/**
 * `file:line:column (statement N) at path`; text that came from no file is named by its policy name
 * in place of the file, with the line and column all the same (`policy:3:17`), so that a message
 * about a policy given as a string still says where.
 */
export function formatLocation(location: SourceLocation): string {
  const place = location.file ?? location.policy;
  const where = location.line !== undefined ? `${place}:${location.line}:${location.column ?? 1}` : place;
  const statement = location.statement !== undefined ? ` (statement ${location.statement})` : '';
  return `${where}${statement} at ${location.path || '(document)'}`;
}

export function formatIssue(issue: PolicyIssue): string {
  return `${formatLocation(issue.location)}: ${issue.message}`;
}

export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  /** The first issue's code; `issues` holds them all. */
  readonly code: PolicyErrorCode;
  readonly location: SourceLocation;
  readonly issues: readonly PolicyIssue[];

  constructor(given: readonly PolicyIssueInput[]) {
    if (!given[0]) throw new TypeError('PolicyError needs at least one issue');
    const issues: readonly PolicyIssue[] = given.map((issue) => ({ ...issue, severity: 'error', message: clipMessage(issue.message) }));
    const first = issues[0]!;
    super(clipMessage(listedMessage(issues.map(formatIssue))));
    this.code = first.code;
    this.location = first.location;
    this.issues = issues;
  }
}

export { RequestError } from '../problems/request-error';
