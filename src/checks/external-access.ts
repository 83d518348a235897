/**
 * External access as IAM Access Analyzer reports it for a DynamoDB table or stream policy: each
 * grant of an Allow statement to a principal outside the zone of trust (the owner's account, the
 * accounts it trusts, and, when given, its organization), with the actions, resources and conditions
 * that bound it.
 *
 * Like Access Analyzer this reads the policy only (nothing about the other accounts), does not
 * report AWS service principals, and errs toward reporting: a principal whose account it cannot
 * tell (a unique id) is reported. A grant is public when its principal admits anyone and no trusted
 * key limits it (see `public-access.ts`).
 */
import { parseDynamoArn } from '../dynamodb/arn';
import type { DynamoAction } from '../dynamodb/catalog';
import { splitArn, isAccountId } from '../policy/arn';
import { loadPolicy, type PolicyInput } from '../policy/load';
import type { Condition, PrincipalEntry, Statement, StatementRef } from '../policy/model';
import { confiningDenies, denyConditionConfines, judgeAllowCondition, openPrincipal } from './public-access';
import { coveredActions, overridingDenies } from './statement-scope';
import { RequestError } from '../policy/errors';
import { checkOptions, describeArgument } from '../problems/known-keys';

export type ExternalPrincipalKind = 'anyone' | 'account' | 'user' | 'role' | 'session' | 'federated-user' | 'service' | 'unique-id';

export interface ExternalGrant {
  readonly statement: StatementRef;
  /** As written, e.g. `444455556666` or `*`. */
  readonly principal: string;
  readonly principalKind: ExternalPrincipalKind;
  /** The principal's account, when it has one. */
  readonly account: string | undefined;
  /** Expanded over the DynamoDB catalog where the policy uses wildcards. */
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions: readonly { operator: string; key: string; values: readonly string[] }[];
  readonly isPublic: boolean;
}

export interface ExternalAccessOptions {
  /** The account that owns the table or stream. */
  readonly owner: string;
  /** Further accounts inside the zone of trust. */
  readonly trustedAccounts?: readonly string[];
  /** The organization of the zone of trust, e.g. `o-a1b2c3d4e5`. */
  readonly orgId?: string;
}

const ORG_ID = /^o-[a-z0-9]{10,32}$/;

interface Zone {
  readonly accounts: ReadonlySet<string>;
  readonly orgId: string | undefined;
}

function zoneOf(options: ExternalAccessOptions): Zone {
  if (options === undefined) throw new RequestError('owner', 'findExternalAccess needs the owner: { owner: "123456789012" }', 'options');
  checkOptions(options, { owner: 'string', trustedAccounts: 'strings', orgId: 'string' });
  if (!isAccountId(String(options.owner))) {
    throw new RequestError('owner', `is the owning account, a 12-digit account id; found ${describeArgument(options.owner)}`, 'options');
  }
  for (const account of options.trustedAccounts ?? []) {
    if (!isAccountId(account))
      throw new RequestError('trustedAccounts', `trusted account "${account}" is not a 12-digit account id`, 'options');
  }
  if (options.orgId !== undefined && !ORG_ID.test(options.orgId)) {
    throw new RequestError('orgId', `"${options.orgId}" is not an organization id such as o-a1b2c3d4e5`, 'options');
  }
  return { accounts: new Set([options.owner, ...(options.trustedAccounts ?? [])]), orgId: options.orgId };
}

/** Whether a condition's fixed values keep every caller it admits inside the zone of trust. */
function valuesInsideZone(keyLower: string, values: readonly string[], zone: Zone): boolean {
  if (values.length === 0) return true; // matches nobody
  switch (keyLower) {
    case 'aws:principalaccount':
    case 'aws:sourceaccount':
      return values.every((v) => zone.accounts.has(v));
    case 'aws:principalarn':
    case 'aws:sourcearn':
      return values.every((v) => {
        const split = splitArn(v);
        return split.ok && zone.accounts.has(split.arn.account);
      });
    case 'aws:principalorgid':
    case 'aws:sourceorgid':
      return zone.orgId !== undefined && values.every((v) => v === zone.orgId);
    case 'aws:principalorgpaths':
    case 'aws:sourceorgpaths':
      return zone.orgId !== undefined && values.every((v) => v.startsWith(`${zone.orgId}/`));
    // Only AWS service principals pass these, and Access Analyzer does not report services.
    case 'aws:principalservicename':
    case 'aws:principalservicenameslist':
    case 'aws:principalisawsservice':
      return true;
    default:
      // aws:SourceVpc, aws:SourceVpce, aws:UserId, aws:Ec2InstanceSourceVpc: the policy alone does
      // not tell whose VPC or which account's principal, so they stay external.
      return false;
  }
}

/** Whether the statement's own conditions, or a Deny confining it, keep its callers inside the zone. */
function confinedToZone(statement: Statement, statements: readonly Statement[], zone: Zone): boolean {
  const byOwnCondition = statement.conditions.some((c) => judgeAllowCondition(c).limits && valuesInsideZone(c.keyLower, c.rawValues, zone));
  if (byOwnCondition) return true;
  // A confining Deny leaves callers that match at least one of its keys; all of them must be inside.
  return confiningDenies(statement, statements).some((deny) =>
    deny.conditions.every((c) => denyConditionConfines(c) && valuesInsideZone(c.keyLower, c.rawValues, zone)),
  );
}

function describeCondition(c: Condition): { operator: string; key: string; values: readonly string[] } {
  return { operator: c.operator.name, key: c.key, values: c.rawValues };
}

/**
 * Which resource kinds the statement's Resource element can name: literal ARNs say exactly; a
 * wildcard, `*`, or no Resource (the attached resource) may be either.
 */
function namedKinds(statement: Statement): { table: boolean; stream: boolean } {
  const element = statement.resource;
  if (element === undefined || element.negated) return { table: true, stream: true };
  let table = false;
  let stream = false;
  for (const pattern of element.patterns) {
    const parsed = pattern.kind === 'arn' && !/[*?]|\$\{/.test(pattern.text) ? parseDynamoArn(pattern.text) : undefined;
    if (parsed === undefined || !parsed.ok) {
      table = true;
      stream = true;
    } else if (parsed.resource.type === 'stream') stream = true;
    else if (parsed.resource.type === 'table' || parsed.resource.type === 'index') table = true;
  }
  return { table, stream };
}

/** The catalog actions the statement grants that can act on what it names (a table and its indexes, or a stream). */
function actionNames(statement: Statement): string[] {
  const kinds = namedKinds(statement);
  const applies = (a: DynamoAction) =>
    a.resourceTypes.some((r) => (kinds.table && (r.type === 'table' || r.type === 'index')) || (kinds.stream && r.type === 'stream'));
  return coveredActions(statement)
    .filter(applies)
    .map((a) => a.fullName);
}

function resourceTexts(statement: Statement): string[] {
  const element = statement.resource;
  // No Resource, or NotResource: the grant reaches the resource the policy is attached to, which
  // the policy text does not name; "*" says so without inventing an ARN.
  if (element === undefined || element.negated) return ['*'];
  return element.patterns.map((p) => p.text);
}

interface Named {
  readonly principal: string;
  readonly kind: ExternalPrincipalKind;
  readonly account: string | undefined;
}

function namedPrincipal(entry: PrincipalEntry): Named | undefined {
  switch (entry.type) {
    case 'Service':
      return undefined; // service principals are not external (Access Analyzer reports none)
    case 'Federated': {
      const split = splitArn(entry.text);
      return {
        principal: entry.text,
        kind: 'federated-user',
        account: split.ok && isAccountId(split.arn.account) ? split.arn.account : undefined,
      };
    }
    case 'CanonicalUser':
      return { principal: entry.text, kind: 'unique-id', account: undefined };
    case 'AWS':
      switch (entry.kind) {
        case 'account':
          return { principal: entry.text, kind: 'account', account: entry.account };
        case 'user':
        case 'role':
        case 'federated-user':
          return { principal: entry.text, kind: entry.kind, account: entry.account };
        case 'assumed-role':
          return { principal: entry.text, kind: 'session', account: entry.account };
        case 'unique-id':
          return { principal: entry.text, kind: 'unique-id', account: undefined };
      }
  }
}

/**
 * Every grant of the policy to a principal outside the zone of trust. Throws `PolicyError` for a
 * policy that does not load and `RequestError` for options that are not account or organization ids.
 */
export function findExternalAccess(policy: PolicyInput, options: ExternalAccessOptions): ExternalGrant[] {
  const zone = zoneOf(options);
  const compiled = loadPolicy(policy);
  const statements = compiled.statements;
  const grants: ExternalGrant[] = [];
  for (const statement of statements) {
    if (statement.effect !== 'Allow' || statement.principal === undefined) continue;
    if (overridingDenies(statement, statements).length > 0) continue;
    const actions = actionNames(statement);
    if (actions.length === 0) continue;
    if (confinedToZone(statement, statements, zone)) continue;
    const base = {
      statement: statement.ref,
      actions,
      resources: resourceTexts(statement),
      conditions: statement.conditions.map(describeCondition),
    };
    if (openPrincipal(statement) !== undefined) {
      const limited = statement.conditions.some((c) => judgeAllowCondition(c).limits) || confiningDenies(statement, statements).length > 0;
      grants.push({ ...base, principal: '*', principalKind: 'anyone', account: undefined, isPublic: !limited });
      continue;
    }
    for (const entry of statement.principal.entries) {
      const named = namedPrincipal(entry);
      if (named === undefined) continue;
      if (named.account !== undefined && zone.accounts.has(named.account)) continue;
      grants.push({ ...base, principal: named.principal, principalKind: named.kind, account: named.account, isPublic: false });
    }
  }
  return grants;
}
