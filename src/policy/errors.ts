/**
 * The one error type of policy loading. A policy the evaluator does not understand is never
 * skipped: loading throws a `PolicyError` whose issues each say what is wrong and where.
 */

/** Where something stands in a policy: file, line and column when known, and always a JSON path. */
export interface SourceLocation {
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

export interface PolicyIssue {
  readonly code: PolicyErrorCode;
  readonly message: string;
  readonly location: SourceLocation;
}

export function formatLocation(location: SourceLocation): string {
  const where = location.file
    ? `${location.file}${location.line !== undefined ? `:${location.line}:${location.column ?? 1}` : ''}`
    : location.policy;
  const statement = location.statement !== undefined ? ` (statement ${location.statement})` : '';
  return `${where}${statement} at ${location.path || '(document)'}`;
}

const MAX_QUOTED = 120;
const MAX_MESSAGE = 2000;

/**
 * A message with the values it quotes cut short: a message names the value it is about, but a
 * 600 MB statement must not make a 600 MB message. Quoted runs longer than a line are shortened
 * to their start and length, and the whole message is capped.
 */
export function clipMessage(message: string): string {
  if (message.length <= MAX_QUOTED * 2) return message;
  const clipped = message.replace(/"([^"\n]{120,})"/g, (_, inner: string) => `"${inner.slice(0, 60)}…" (${inner.length} characters)`);
  return clipped.length <= MAX_MESSAGE ? clipped : `${clipped.slice(0, MAX_MESSAGE)}… (message cut at ${MAX_MESSAGE} of ${clipped.length} characters)`;
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

  constructor(issues: readonly PolicyIssue[]) {
    if (!issues[0]) throw new TypeError('PolicyError needs at least one issue');
    issues = issues.map((issue) => ({ ...issue, message: clipMessage(issue.message) }));
    const first = issues[0]!;
    const more = issues.length > 1 ? `\n${issues.slice(1).map((i) => `  ${formatIssue(i)}`).join('\n')}` : '';
    super(clipMessage(`${formatIssue(first)}${more}`));
    this.code = first.code;
    this.location = first.location;
    this.issues = issues;
  }
}

/**
 * A request that cannot be evaluated as given (a malformed principal, action or resource, an
 * unknown key, a value of the wrong type), or a policy set or options object that cannot be used.
 * `field` names the field; the message starts with `request.` (or `policies.`, `options.`) and it.
 */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    readonly field: string,
    message: string,
    /** What the field belongs to: `request` (the default), `policies` or `options`. */
    readonly subject: string = 'request',
  ) {
    super(clipMessage(`${subject}${field === '' || field.startsWith('[') ? '' : '.'}${field}: ${message}`));
  }
}
