/**
 * The analysis of a resource-based policy as a whole, in the words of a failing test: the
 * statements that make it public, the grants that reach outside a zone of trust, whom it grants
 * access to, and validation findings. Each item is one line, indented by two spaces, and lists are
 * capped so that a message stays short. The matchers' failure messages are made of it.
 */
import type { ExternalGrant } from '../checks/external-access';
import type { Finding } from '../checks/findings';
import type { PublicAccessResult } from '../checks/public-access';
import { formatRef } from '../engine/explain';
import { formatLocation } from '../policy/errors';
import type { StatementRef } from '../policy/model';

const MAX_LINES = 10;

/** The first lines of a list, and how many more there are. */
export function capped(lines: readonly string[]): string[] {
  return lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES), `  … and ${lines.length - MAX_LINES} more`] : [...lines];
}

/** Why a policy is public (the statements and their reasons), or that none of its Allow statements is. */
export function publicAccessLines(policyName: string, result: PublicAccessResult): string[] {
  if (!result.isPublic) {
    return [
      `No Allow statement of ${policyName} admits anyone without a condition on a trusted key ` +
        '(aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceVpce...).',
    ];
  }
  return [
    `Public through ${result.statements.length === 1 ? 'this statement' : 'these statements'}:`,
    ...capped(result.statements.map((s) => `  ${formatRef(s.statement)}: ${s.reason}`)),
  ];
}

/** The conditions a grant holds under, as ` when …`; empty for an unconditional grant. */
export function grantConditionsText(grant: ExternalGrant): string {
  if (grant.conditions.length === 0) return '';
  return ` when ${grant.conditions.map((c) => `${c.operator} ${c.key} ${JSON.stringify(c.values)}`).join(' and ')}`;
}

/** One grant to a principal outside the zone of trust: who may do what, under which conditions. */
export function grantLine(grant: ExternalGrant): string {
  const actions =
    grant.actions.length > 3 ? `${grant.actions.slice(0, 3).join(', ')} and ${grant.actions.length - 3} more` : grant.actions.join(', ');
  const who = `${grant.principal} (${grant.principalKind}${grant.isPublic ? ', public' : ''})`;
  return `  ${formatRef(grant.statement)}: ${who} may ${actions}${grantConditionsText(grant)}`;
}

/** What a grantee line needs: who, as written, whether that is anyone, and why. */
export interface GranteeText {
  readonly text: string;
  readonly kind: string;
  readonly statement: StatementRef;
  readonly note?: string;
}

/** One principal a policy grants access to, with the statement that grants it. */
export function granteeLine(g: GranteeText): string {
  return `  ${formatRef(g.statement)}: ${g.text}${g.kind === 'anyone' ? ' (anyone)' : ''}${g.note ? ` (${g.note})` : ''}`;
}

/** One validation finding: where (file, line and path, or the statement), severity, code and message. */
export function findingLine(f: Finding): string {
  const where = f.location ? formatLocation(f.location) : f.statement ? formatRef(f.statement) : undefined;
  return `  ${where !== undefined ? `${where}: ` : ''}${f.severity} [${f.code}] ${f.message}`;
}
