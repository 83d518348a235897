/**
 * The one error type of template reading. Whatever cannot be read or resolved the way the deployed
 * stack would see it is an issue naming the template, the resource, the path and the line: never a
 * skipped resource or a guessed value.
 */
import { listedMessage, type Problem } from '../problems/problem';
import type { Position } from '../source/document';
import { clipMessage } from '../policy/errors';

/**
 * A problem of a template: always an error. `template`, `line`, `column` and `path` repeat the
 * location (they were the issue's fields before every problem had one shape).
 */
export interface TemplateIssue extends Problem {
  /** `invalid-template`, or a policy's code for a policy in the template that does not load. */
  readonly code: string;
  readonly severity: 'error';
  readonly location: { readonly file: string; readonly line?: number; readonly column?: number; readonly path: string };
  readonly message: string;
  /** The template file (or the name it was given). */
  readonly template: string;
  /** The logical id (CloudFormation) or address (Terraform) of the resource, when one is concerned. */
  readonly resource?: string;
  /** Path from the template root, e.g. `Resources.OrdersTable.Properties.TableName`. */
  readonly path: string;
  readonly line?: number;
  readonly column?: number;
}

export function formatTemplateIssue(issue: TemplateIssue): string {
  const where = `${issue.template}${issue.line !== undefined ? `:${issue.line}:${issue.column ?? 1}` : ''}`;
  const resource = issue.resource !== undefined ? ` (resource ${issue.resource})` : '';
  // Messages quote template values, which a hostile template can make as long as it likes.
  return clipMessage(`${where}${resource} at ${issue.path || '(template)'}: ${issue.message}`);
}

/** A template issue as the readers state it: code, severity and location follow from the rest. */
export type TemplateIssueInput = Omit<TemplateIssue, 'code' | 'severity' | 'location'> & { readonly code?: string };

/** The issue in the one problem shape. */
function asProblem(issue: TemplateIssueInput): TemplateIssue {
  const location = {
    file: issue.template,
    ...(issue.line !== undefined ? { line: issue.line } : {}),
    ...(issue.column !== undefined ? { column: issue.column } : {}),
    path: issue.path,
  };
  return { ...issue, code: issue.code ?? 'invalid-template', severity: 'error', location };
}

export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  readonly issues: readonly TemplateIssue[];

  constructor(given: readonly TemplateIssueInput[]) {
    const issues = given.map(asProblem);
    const first = issues[0];
    if (!first) throw new TypeError('TemplateError needs at least one issue');
    super(listedMessage(issues.map(formatTemplateIssue)));
    this.issues = issues;
  }
}

/** An issue at a position, as the readers build them. */
export function templateIssue(
  template: string,
  path: string,
  message: string,
  position: Position | undefined,
  resource?: string,
): TemplateIssueInput {
  return {
    message,
    template,
    path,
    ...(resource !== undefined ? { resource } : {}),
    ...(position ? { line: position.line, column: position.column } : {}),
  };
}
