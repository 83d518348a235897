/**
 * Who a resource-based policy grants access to, read from its Allow statements: the principals
 * they name, or for a statement open to anyone (`"*"`, or an Allow with NotPrincipal), the
 * accounts or principal ARNs that an exact `aws:PrincipalAccount` / `aws:PrincipalArn` condition
 * confines it to. Used by `toOnlyGrantAccessTo`, which asks whether every grantee is among the
 * principals a test lists. Conservative: a grant it cannot pin down stays "anyone".
 */
import { splitArn, isAccountId } from '../src/policy/arn';
import type { Condition, PrincipalEntry, Statement, StatementRef } from '../src/policy/model';

export interface Grantee {
  /** As written in the policy (or in the confining condition). */
  readonly text: string;
  readonly kind:
    'anyone' | 'account' | 'user' | 'role' | 'session' | 'federated-user' | 'unique-id' | 'service' | 'federated' | 'canonical-user';
  readonly account: string | undefined;
  readonly statement: StatementRef;
  /** Why a grant open to anyone counts as confined, or stays open. */
  readonly note?: string;
}

/** Exact-match operators whose values say who the caller is; IfExists and set qualifiers would let others in. */
const CONFINING_OPERATORS = new Set(['StringEquals', 'ArnEquals', 'ArnLike', 'StringLike']);

function confiningValues(condition: Condition, key: 'aws:principalaccount' | 'aws:principalarn'): readonly string[] | undefined {
  const op = condition.operator;
  if (condition.keyLower !== key || !CONFINING_OPERATORS.has(op.base) || op.negated || op.ifExists || op.qualifier !== undefined)
    return undefined;
  // A wildcard value (`1111*`) admits accounts nobody listed: not a confinement.
  if (condition.rawValues.length === 0 || condition.rawValues.some((v) => /[*?]|\$\{/.test(v))) return undefined;
  return condition.rawValues;
}

function entryGrantee(entry: PrincipalEntry, statement: StatementRef): Grantee {
  switch (entry.type) {
    case 'Service':
      return { text: entry.text, kind: 'service', account: undefined, statement };
    case 'Federated':
      return { text: entry.text, kind: 'federated', account: undefined, statement };
    case 'CanonicalUser':
      return { text: entry.text, kind: 'canonical-user', account: undefined, statement };
    case 'AWS':
      switch (entry.kind) {
        case 'account':
          return { text: entry.text, kind: 'account', account: entry.account, statement };
        case 'unique-id':
          return { text: entry.text, kind: 'unique-id', account: undefined, statement };
        case 'assumed-role':
          return { text: entry.text, kind: 'session', account: entry.account, statement };
        default:
          return { text: entry.text, kind: entry.kind, account: entry.account, statement };
      }
  }
}

function openGrantees(statement: Statement): Grantee[] {
  const ref = statement.ref;
  for (const condition of statement.conditions) {
    const arns = confiningValues(condition, 'aws:principalarn');
    if (arns) {
      return arns.map((arn): Grantee => {
        const split = splitArn(arn);
        const account = split.ok ? split.arn.account : undefined;
        return {
          text: arn,
          kind: /:role\//.test(arn) ? 'role' : /:user\//.test(arn) ? 'user' : 'account',
          account,
          statement: ref,
          note: `confined by ${condition.operator.name} on ${condition.key}`,
        };
      });
    }
  }
  for (const condition of statement.conditions) {
    const accounts = confiningValues(condition, 'aws:principalaccount');
    if (accounts)
      return accounts.map((a): Grantee => ({
        text: a,
        kind: 'account',
        account: a,
        statement: ref,
        note: `confined by ${condition.operator.name} on ${condition.key}`,
      }));
  }
  const written = statement.principal!.negated ? 'NotPrincipal (everyone it does not list)' : '*';
  return [{ text: written, kind: 'anyone', account: undefined, statement: ref }];
}

/** Every grantee of every Allow statement, in the policy's order. */
export function granteesOf(statements: readonly Statement[]): Grantee[] {
  const out: Grantee[] = [];
  for (const statement of statements) {
    if (statement.effect !== 'Allow' || statement.principal === undefined) continue;
    if (statement.principal.negated || statement.principal.anyone) {
      out.push(...openGrantees(statement));
      continue;
    }
    for (const entry of statement.principal.entries) out.push(entryGrantee(entry, statement.ref));
  }
  return out;
}

/** The account root, whichever way it is written. */
function rootAccount(text: string): string | undefined {
  if (isAccountId(text)) return text;
  const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(text);
  return root?.[1];
}

/** Whether a grantee is one of the listed principals or belongs to a listed account. */
export function isCovered(grantee: Grantee, listed: readonly string[]): boolean {
  if (listed.includes('*')) return true;
  if (grantee.kind === 'anyone') return false;
  if (listed.includes(grantee.text)) return true;
  if (grantee.account !== undefined && listed.some((l) => rootAccount(l) === grantee.account)) return true;
  if (grantee.kind === 'session') {
    // A session of a listed role: session ARNs carry the role's name but not its path.
    const session = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(grantee.text);
    if (session)
      return listed.some((l) => new RegExp(`^arn:[^:]+:iam::${session[1]}:role/(?:.*/)?${session[2]!.replace(/[.+]/g, '\\$&')}$`).test(l));
  }
  return false;
}
