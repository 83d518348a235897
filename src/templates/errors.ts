/**
 * The one error type of template reading. Whatever cannot be read or resolved the way the deployed
 * stack would see it is an issue naming the template, the resource, the path and the line: never a
 * skipped resource or a guessed value.
 */
import { clipMessage } from '../policy/errors';
import type { Position } from '../policy/source';

export interface TemplateIssue {
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

export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  readonly issues: readonly TemplateIssue[];

  constructor(issues: readonly TemplateIssue[]) {
    const first = issues[0];
    if (!first) throw new TypeError('TemplateError needs at least one issue');
    const more = issues.length > 1 ? `\n${issues.slice(1).map((i) => `  ${formatTemplateIssue(i)}`).join('\n')}` : '';
    super(`${formatTemplateIssue(first)}${more}`);
    this.issues = issues;
  }
}

/** An issue at a position, as the readers build them. */
export function templateIssue(template: string, path: string, message: string, position: Position | undefined, resource?: string): TemplateIssue {
  return {
    message,
    template,
    path,
    ...(resource !== undefined ? { resource } : {}),
    ...(position ? { line: position.line, column: position.column } : {}),
  };
}
