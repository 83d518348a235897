/** How `iamspec check` shows its results: text for people, JSON for tools (SARIF is `sarif.ts`). */
import type { ExternalGrant } from '../checks/external-access';
import type { Finding } from '../checks/findings';
import type { PublicAccessResult } from '../checks/public-access';
import type { PolicyKind } from '../policy/model';
import { grantConditionsText } from './analysis-text';
import { paint } from './ansi';

/** What `check` says about one policy file. */
export interface PolicyCheck {
  readonly file: string;
  /** For a policy read from a template: what it is attached to, in words. */
  readonly resource?: string;
  readonly kind: PolicyKind;
  readonly findings: readonly Finding[];
  /** Undefined when it could not be decided (the policy does not load, or it is an identity policy). */
  readonly publicAccess: PublicAccessResult | undefined;
  readonly externalAccess: { readonly owner: string; readonly grants: readonly ExternalGrant[] } | undefined;
  /** Why public or external access was not decided, when it was not. */
  readonly notDecided: readonly string[];
}

function location(f: Finding): string {
  const line = f.location?.line ?? f.statement?.line;
  const column = f.location?.line !== undefined ? f.location.column : f.statement?.column;
  return line === undefined ? '' : `${line}:${column ?? 1}`;
}

function grantText(grant: ExternalGrant): string {
  const who =
    grant.principalKind === 'anyone'
      ? 'anyone (*)'
      : `${grant.principal} ` +
        `(${grant.principalKind}` +
        `${grant.account !== undefined && grant.account !== grant.principal ? `, account ${grant.account}` : ''})`;
  const actions =
    grant.actions.length > 5 ? `${grant.actions.slice(0, 5).join(', ')} and ${grant.actions.length - 5} more` : grant.actions.join(', ');
  const conditions = grantConditionsText(grant);
  const line = grant.statement.line !== undefined ? ` (line ${grant.statement.line})` : '';
  return (
    `${grant.statement.label}${line}: ${who}${grant.isPublic ? ' [public]' : ''} may ${actions} on ` +
    `${grant.resources.join(', ') || 'the resource it is attached to'}${conditions}`
  );
}

/** The text report of `iamspec check`: each policy's findings, public and external access, and a summary line. */
export function renderCheckText(checks: readonly PolicyCheck[], notes: readonly string[], color: boolean): string {
  const out: string[] = [];
  const count = (severity: Finding['severity']) => checks.reduce((n, c) => n + c.findings.filter((f) => f.severity === severity).length, 0);
  for (const check of checks) {
    out.push(check.resource !== undefined ? `${check.file}: ${check.resource}` : check.file);
    if (check.findings.length === 0) out.push('  no findings');
    for (const f of check.findings) {
      const severity =
        f.severity === 'error'
          ? paint(color, 'bold-red', 'error     ')
          : f.severity === 'warning'
            ? paint(color, 'yellow', 'warning   ')
            : paint(color, 'cyan', 'suggestion');
      const statement = f.location?.statement ?? f.statement?.label;
      out.push(
        `  ${severity} ${location(f).padEnd(6)} [${f.code}] ${f.message}${statement !== undefined ? ` (statement ${statement})` : ''}`,
      );
    }
    if (check.publicAccess) {
      if (check.publicAccess.isPublic) {
        out.push(`  public access: ${paint(color, 'bold-red', 'PUBLIC')}`);
        for (const s of check.publicAccess.statements)
          out.push(`    ${s.statement.label}${s.statement.line !== undefined ? ` (line ${s.statement.line})` : ''}: ${s.reason}`);
      } else {
        out.push('  public access: not public');
      }
    }
    if (check.externalAccess) {
      const grants = check.externalAccess.grants;
      out.push(`  external access (owner ${check.externalAccess.owner}): ${grants.length === 0 ? 'none' : ''}`.trimEnd());
      for (const grant of grants) out.push(`    ${grantText(grant)}`);
    }
    for (const why of check.notDecided) out.push(`  ${why}`);
    out.push('');
  }
  for (const note of notes) out.push(`note: ${note}`);
  if (notes.length > 0) out.push('');
  const publicCount = checks.filter((c) => c.publicAccess?.isPublic).length;
  out.push(
    `${checks.length} polic${checks.length === 1 ? 'y' : 'ies'}: ${count('error')} errors, ` +
      `${count('warning')} warnings, ${count('suggestion')} suggestions; ${publicCount} public`,
  );
  return `${out.join('\n')}\n`;
}

/**
 * The JSON report of `iamspec check`: each policy as checked (its findings are problems: code,
 * severity, message, location), the files that could not be read, the notes, and the number of
 * error findings.
 */
export function renderCheckJson(checks: readonly PolicyCheck[], unreadable: readonly string[], notes: readonly string[]): string {
  const errors = checks.reduce((n, c) => n + c.findings.filter((f) => f.severity === 'error').length, 0);
  return `${JSON.stringify({ policies: checks, unreadable, notes, errors }, null, 2)}\n`;
}
