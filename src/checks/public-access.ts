/**
 * Block Public Access for DynamoDB: is a resource-based policy public?
 *
 * DynamoDB rejects, at PutResourcePolicy or CreateTable time, a policy that grants public access
 * (developer guide, "Blocking public access with resource-based policies"). The rule as AWS states it:
 * a statement is not public when its Principal names specific principals, or when a `"*"` principal
 * is limited by one of the trusted condition keys below, whose ARN and string values hold no
 * wildcard and no policy variable, and `aws:PrincipalIsAWSService` is `true`. Deny statements never
 * grant, so they never make a policy public.
 *
 * Where the page is silent we take the reading that admits fewer callers, as an automated reasoner
 * would, and say so in `reason`:
 * - a negated operator (`StringNotEquals`, `ArnNotLike`...) on a trusted key admits every other value;
 * - `IfExists` admits requests that lack the key (harmless only for keys every request carries);
 * - `ForAllValues:` is true when the key is absent; a multivalued key needs `ForAnyValue:`;
 * - `Null` only tests presence; numeric, date, IP and binary comparisons fix no identity.
 * And, derived from "the analysis verifies access across all statements": an open Allow is confined
 * by a Deny for everyone (`"*"`) with no other condition than negated trusted keys, over the same
 * actions and resources, because then only the callers those keys name are left; and an Allow that
 * an unconditional Deny of the same principals, actions and resources overrides grants nothing.
 */
import { findGlobalConditionKey } from '../condition-keys/global';
import { loadPolicy, type PolicyInput } from '../policy/load';
import type { Condition, Statement, StatementRef } from '../policy/model';
import { hasWildcard } from '../policy/wildcard';
import { actionsCovered, denyIndexWhere, overridingDenies, resourcesCovered } from './statement-scope';

export const BLOCK_PUBLIC_ACCESS_SOURCE = {
  url: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-bpa-rbp.html',
  retrieved: '2026-11-28',
  note: 'stored copy consulted on 2026-11-28; the page carries no date of its own',
} as const;

/** The keys the DynamoDB Block Public Access page lists as trusted, in its order. */
export const TRUSTED_KEYS: readonly string[] = [
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:SourceVpc',
  'aws:SourceVpce',
  'aws:UserId',
  'aws:PrincipalServiceName',
  'aws:PrincipalServiceNamesList',
  'aws:PrincipalIsAWSService',
  'aws:Ec2InstanceSourceVpc',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
];

const TRUSTED_BY_LOWER = new Map(TRUSTED_KEYS.map((k) => [k.toLowerCase(), k]));
const IS_AWS_SERVICE = 'aws:principalisawsservice';

export function trustedKeyName(keyLower: string): string | undefined {
  return TRUSTED_BY_LOWER.get(keyLower);
}

/** How one condition bears on who can call. */
export type ConditionVerdict =
  | { readonly limits: true; readonly key: string }
  | { readonly limits: false; readonly key: string; readonly trusted: boolean; readonly why: string };

function valueProblem(condition: Condition): string | undefined {
  for (const raw of condition.rawValues) {
    if (raw.includes('${')) return `its value "${raw}" holds a policy variable`;
    if (hasWildcard(raw)) return `its value "${raw}" holds a wildcard`;
  }
  return undefined;
}

/** Whether a condition of an Allow limits the caller to fixed principals, as Block Public Access requires. */
export function judgeAllowCondition(condition: Condition): ConditionVerdict {
  const key = trustedKeyName(condition.keyLower);
  if (key === undefined)
    return { limits: false, key: condition.key, trusted: false, why: `${condition.key} is not a key Block Public Access trusts` };
  const op = condition.operator;
  const no = (why: string): ConditionVerdict => ({ limits: false, key, trusted: true, why: `${op.name} on ${key}: ${why}` });
  const definition = findGlobalConditionKey(key);
  const multivalued = definition?.multivalued ?? false;

  if (op.family === 'Null') return no('Null only tests whether the key is present, not who calls');
  if (op.negated) return no('a negated operator admits every value it does not list');
  if (op.ifExists && definition?.availability !== 'always') return no('IfExists admits every request that lacks the key');
  if (op.qualifier === 'ForAllValues') return no('ForAllValues is true when the key is absent');
  if (multivalued && op.qualifier !== 'ForAnyValue') return no('a multivalued key limits the caller only under ForAnyValue:');
  if (condition.keyLower === IS_AWS_SERVICE) {
    if (op.family !== 'Bool') return no('the key is compared with Bool');
    const values = condition.compiled.family === 'Bool' ? condition.compiled.values : [];
    return values.length > 0 && values.every((v) => v === true)
      ? { limits: true, key }
      : no('only the value "true" limits the caller to AWS services');
  }
  if (op.family !== 'String' && op.family !== 'Arn') return no(`a ${op.family} comparison does not fix who calls`);
  const problem = valueProblem(condition);
  if (problem !== undefined) return no(problem);
  return { limits: true, key };
}

/**
 * Whether a condition of a Deny for everyone confines the callers left to fixed principals: a
 * negated comparison of a trusted key with fixed values (true for everyone else, and for requests
 * without the key), or `BoolIfExists aws:PrincipalIsAWSService false`.
 */
export function denyConditionConfines(condition: Condition): boolean {
  const key = trustedKeyName(condition.keyLower);
  const op = condition.operator;
  if (key === undefined || op.qualifier !== undefined) return false;
  if (condition.keyLower === IS_AWS_SERVICE) {
    const values = condition.compiled.family === 'Bool' ? condition.compiled.values : [];
    return op.family === 'Bool' && op.ifExists && values.length > 0 && values.every((v) => v === false);
  }
  if (findGlobalConditionKey(key)?.multivalued) return false;
  return (
    op.negated && (op.family === 'String' || op.family === 'Arn') && condition.rawValues.length > 0 && valueProblem(condition) === undefined
  );
}

/** Why the statement's principal element admits anyone, or undefined when it names specific principals. */
export function openPrincipal(statement: Statement): string | undefined {
  const principal = statement.principal;
  if (principal === undefined) return undefined;
  if (principal.negated) return 'NotPrincipal admits every principal it does not list';
  if (principal.anyone) {
    const written = (statement.source as { Principal?: unknown }).Principal === '*' ? '"Principal": "*"' : '"Principal": {"AWS": "*"}';
    return `${written} admits everyone, anonymous callers included`;
  }
  if (principal.entries.some((e) => e.type === 'Service' && e.service === '*'))
    return '"Service": "*" admits every AWS service, acting for any account';
  return undefined;
}

/** The Deny statements that leave only fixed principals able to use what `allow` grants. */
export function confiningDenies(allow: Statement, statements: readonly Statement[]): Statement[] {
  return confiningDenyIndex(statements).covering(allow, (s) => actionsCovered(s, allow) && resourcesCovered(s, allow));
}

/** Deny statements that apply to anyone under conditions that each confine the caller. */
const confiningDenyIndex = denyIndexWhere(
  (s) =>
    s.principal !== undefined &&
    !s.principal.negated &&
    s.principal.anyone &&
    s.conditions.length > 0 &&
    s.conditions.every(denyConditionConfines),
);

export interface PublicStatement {
  readonly statement: Statement;
  readonly reason: string;
}

/** The reason an open Allow stays public, given its conditions. */
function publicReason(open: string, statement: Statement): string {
  const verdicts = statement.conditions.map(judgeAllowCondition);
  const trusted = verdicts.find((v): v is Extract<ConditionVerdict, { limits: false }> => !v.limits && v.trusted);
  if (trusted) return `${open}, and its condition does not limit it (${trusted.why})`;
  if (verdicts.length > 0) {
    const keys = [...new Set(verdicts.map((v) => v.key))].join(', ');
    return (
      `${open}, and ${keys} ${verdicts.length === 1 ? 'does' : 'do'} not limit who calls; add a ` +
      `condition on a trusted key such as aws:PrincipalAccount, aws:PrincipalOrgID or aws:SourceVpce`
    );
  }
  return (
    `${open}, and no condition limits it; name the principals, or add a condition on a trusted key ` +
    `such as aws:PrincipalAccount or aws:PrincipalOrgID`
  );
}

/** The Allow statements that make a policy public, each with the reason. */
export function publicStatements(statements: readonly Statement[]): PublicStatement[] {
  const out: PublicStatement[] = [];
  for (const statement of statements) {
    if (statement.effect !== 'Allow') continue;
    const open = openPrincipal(statement);
    if (open === undefined) continue;
    if (statement.conditions.some((c) => judgeAllowCondition(c).limits)) continue;
    if (confiningDenies(statement, statements).length > 0) continue;
    if (overridingDenies(statement, statements).length > 0) continue; // denied outright: grants nothing
    out.push({ statement, reason: publicReason(open, statement) });
  }
  return out;
}

export interface PublicAccessResult {
  readonly isPublic: boolean;
  readonly statements: readonly { statement: StatementRef; reason: string }[];
}

/**
 * Whether DynamoDB's Block Public Access would call the policy public, and which Allow statements
 * make it so. Throws `PolicyError` for a policy that does not load: an unreadable policy is not
 * "not public".
 */
export function checkPublicAccess(policy: PolicyInput): PublicAccessResult {
  const compiled = loadPolicy(policy);
  const statements = publicStatements(compiled.statements).map((p) => ({ statement: p.statement.ref, reason: p.reason }));
  return { isPublic: statements.length > 0, statements };
}
