/**
 * The finite set of request classes two policy versions can tell apart.
 *
 * A decision depends on a request only through the statements' elements: which Principal entries
 * name the caller (and how), which Action patterns cover the action, which Resource patterns cover
 * the resource, whether the caller and the resource are in the same account, and how each
 * condition comes out. Requests that agree on all of those are decided alike by both versions, so
 * one request per combination is enough; this module builds those combinations from what the two
 * versions mention, dimension by dimension:
 *
 * - callers: every principal either version names (and sessions of named roles, a federated session
 *   of each named user), the root, an unnamed user and an unnamed role of every account mentioned
 *   anywhere plus two accounts mentioned nowhere, an unnamed service and an anonymous caller;
 * - actions: the DynamoDB catalog grouped by which Action patterns cover each action, plus one
 *   witness per pattern of another service and one action nothing covers;
 * - resources: each ARN component's patterns turned into witnesses (`glob-witnesses.ts`), in every
 *   account of the caller dimension, plus `*`;
 * - context: per condition key, one value (or value set) per outcome vector of its conditions
 *   (`value-witnesses.ts`), and the key absent.
 *
 * Keys AWS derives from the caller or the resource (`aws:PrincipalArn`, `aws:ResourceAccount`...)
 * are never set freely: they come with the caller or resource that has them, as in a real request.
 * Each dimension is reduced to its classes with the evaluator's own matchers, and the product of
 * caller, action and resource classes is reduced again to the distinct statement outcomes before
 * any context is enumerated, so that large policies stay fast.
 *
 * For two versions of a scenario world the callers are the world's principals instead (never merged:
 * each brings its own policies), and resources governed by different named resources' policies are
 * kept apart (`resourceSide`).
 */
import { conditionHolds, variableLookup } from '../engine/conditions';
import { notPrincipalExcludes, principalMatch, type Caller, type PrincipalMatch } from '../engine/principal';
import { resolveRequest, type ResolvedRequest } from '../engine/request';
import type { PrincipalDescription, PrincipalInput, RequestContext, RequestInput } from '../engine/request-types';
import { actionMatches, resourceMatches, type MatchEnvironment } from '../engine/statement';
import { DYNAMODB_ACTIONS } from '../dynamodb/catalog';
import { describeConditionKey } from '../dynamodb/condition-keys';
import { isAccountId, splitArn, splitArnPattern } from '../policy/arn';
import type { Condition, Policy, Statement } from '../policy/model';
import { compileWildcard, type Glob } from '../policy/wildcard';
import { globTokens, witnessStrings, type GlobPattern } from './glob-witnesses';
import { keyValueClasses, type KeyValueClass } from './value-witnesses';
import { RequestError } from '../problems/request-error';
import { carriedKeysSignature } from './possible-requests';

/** Keys AWS sets from who the caller is; a request cannot choose them. */
const CALLER_KEYS = new Set(
  [
    'aws:PrincipalArn',
    'aws:PrincipalAccount',
    'aws:PrincipalType',
    'aws:PrincipalIsAWSService',
    'aws:PrincipalServiceName',
    'aws:username',
    'aws:userid',
  ].map((k) => k.toLowerCase()),
);
/** Keys AWS sets from the resource and the endpoint. */
const RESOURCE_KEYS = new Set(['aws:ResourceAccount', 'aws:RequestedRegion'].map((k) => k.toLowerCase()));

const ACTION_SYNTAX = /^[A-Za-z0-9-]+:[A-Za-z0-9]+$/;
/** Accounts no policy mentions: two of them, so that "another unmentioned account" exists too. */
const FRESH_ACCOUNTS = ['999999999901', '999999999902', '999999999903', '999999999904'];
const UNNAMED_USER = 'iamspec-unnamed-user';
const UNNAMED_ROLE = 'iamspec-unnamed-role';
const UNNAMED_SERVICE = 'iamspec-unnamed.amazonaws.com';
const PROBE_ACTION = 'dynamodb:GetItem';
const PROBE_CALLER = 'arn:aws:iam::999999999901:user/iamspec-probe';
const MAX_RESOURCE_TEMPLATES = 2_000;

/** A statement of either version, with a position shared by both. */
export interface IndexedStatement {
  readonly id: number;
  /** 0: the old version, 1: the new. */
  readonly version: 0 | 1;
  readonly statement: Statement;
}

export interface IndexedCondition {
  readonly id: number;
  readonly statementId: number;
  readonly condition: Condition;
  readonly source: 'caller' | 'resource' | 'free';
}

export interface CallerClassMember {
  readonly principal: PrincipalInput;
  readonly caller: Caller;
  readonly label: string;
  /** For a caller of a scenario world: its name, which stands for the policies on its side. */
  readonly worldName?: string;
  /** Condition keys the caller always carries (a world principal's `context`): not enumerated. */
  readonly fixedKeys?: readonly string[];
}

interface CallerCandidate extends CallerClassMember {
  readonly account: string | undefined;
  readonly signature: string;
  /** Per statement id: undefined when its Principal does not apply, else how it named the caller. */
  readonly applies: readonly (PrincipalMatch | 'applies' | undefined)[];
  readonly conditionBits: ReadonlyMap<number, boolean>;
}

interface ResourceCandidate {
  readonly resource: string;
  /** Which resource-side policies govern it (a world's named resource), when that matters. */
  readonly side: string;
  readonly region: string | undefined;
  readonly account: string | undefined;
  readonly signature: string;
  readonly applies: readonly boolean[];
  readonly conditionBits: ReadonlyMap<number, boolean>;
}

export interface ActionClass {
  /** The action requests of this class use. */
  readonly action: string;
  /** Every action of the class (catalog actions and witnesses), the representative first. */
  readonly members: readonly string[];
  readonly applies: readonly boolean[];
}

/** A caller, action and resource whose statement outcomes no other triple shares. */
export interface RequestTriple {
  readonly caller: CallerClassMember;
  readonly action: ActionClass;
  readonly resource: string;
  readonly region: string | undefined;
  /** Statement ids whose Principal, Action and Resource all match (either version). */
  readonly reachable: readonly number[];
  /** How many caller/action/resource combinations this triple stands for. */
  readonly weight: number;
  /** Other callers and resources of the class (for reports), without duplicates. */
  readonly otherCallers: readonly string[];
  readonly otherResources: readonly string[];
}

export interface ContextKeyDimension {
  readonly name: string;
  readonly keyLower: string;
  readonly multivalued: boolean;
  readonly classes: readonly KeyValueClass[];
}

export interface ClassSpace {
  readonly statements: readonly IndexedStatement[];
  readonly triples: readonly RequestTriple[];
  readonly counts: {
    readonly callers: number;
    readonly callerClasses: number;
    readonly actionClasses: number;
    readonly resources: number;
    readonly triples: number;
  };
  /** Where the classes are not provably exhaustive, one sentence each. */
  readonly notes: readonly string[];
  /** The context dimensions for the conditions that can matter to a triple. */
  contextFor(triple: RequestTriple): readonly ContextKeyDimension[];
  /** Whether both versions' reachable statements are the same rules, so no context can tell them apart. */
  sameRules(triple: RequestTriple): boolean;
}

function envFor(request: ResolvedRequest): MatchEnvironment {
  return { request, lookup: variableLookup(request), hasBoundary: false };
}

/** The request resolved, or undefined when it is not one AWS could receive (a candidate to drop). */
function safeResolve(input: Parameters<typeof resolveRequest>[0]): ResolvedRequest | undefined {
  try {
    return resolveRequest(input);
  } catch (error) {
    if (error instanceof RequestError) return undefined;
    throw error;
  }
}

function conditionSource(keyLower: string): IndexedCondition['source'] {
  if (CALLER_KEYS.has(keyLower)) return 'caller';
  if (RESOURCE_KEYS.has(keyLower)) return 'resource';
  return 'free';
}

/** Every string value of conditions on `keys`, as written. */
function literalValues(conditions: readonly IndexedCondition[], keys: readonly string[]): string[] {
  return conditions.filter((c) => keys.includes(c.condition.keyLower)).flatMap((c) => c.condition.rawValues);
}

function fillWildcards(text: string, filler: string): string {
  return text.replace(/\*/g, filler).replace(/\?/g, filler.slice(0, 1) || '1');
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** The 12-digit accounts a policy mentions anywhere: principals, resources, condition values. */
function mentionedAccounts(statements: readonly IndexedStatement[], conditions: readonly IndexedCondition[]): string[] {
  const found: string[] = [];
  const fromArn = (text: string) => {
    const split = splitArnPattern(text);
    if (split.ok && isAccountId(split.arn.account)) found.push(split.arn.account);
  };
  for (const { statement } of statements) {
    for (const entry of statement.principal?.entries ?? []) {
      if (entry.type === 'AWS' && 'account' in entry) found.push(entry.account);
    }
    for (const pattern of statement.resource?.patterns ?? []) if (pattern.kind === 'arn') fromArn(pattern.text);
  }
  for (const { condition } of conditions) {
    for (const value of condition.rawValues) {
      if (isAccountId(value)) found.push(value);
      else if (value.startsWith('arn:')) fromArn(value);
    }
  }
  return unique(found);
}

/** Accounts that stand for every account a set of account patterns can tell apart. */
function accountUniverse(mentioned: readonly string[], patterns: readonly string[]): { accounts: string[]; notes: string[] } {
  const notes: string[] = [];
  const wildcardPatterns = unique(patterns.filter((p) => /[*?]/.test(p) && p !== '*'));
  const globs = wildcardPatterns.map(
    (p) =>
      new RegExp(
        `^${p
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
      ),
  );
  const accounts = [...mentioned];
  for (const pattern of wildcardPatterns) {
    // A 12-digit account matching the pattern: wildcards filled with zeros to the right length.
    const fixed = pattern.replace(/[*?]/g, '').length;
    const fill = Math.max(0, 12 - fixed);
    const witness = pattern.replace('*', '0'.repeat(fill)).replace(/\*/g, '').replace(/\?/g, '0');
    if (isAccountId(witness)) accounts.push(witness);
  }
  if (wildcardPatterns.length > 0) {
    notes.push(
      `accounts matched by wildcard patterns (${wildcardPatterns.join(', ')}) are tried with one ` +
        `account per pattern, not every combination of the patterns`,
    );
  }
  const fresh = FRESH_ACCOUNTS.filter((a) => !accounts.includes(a) && !globs.some((g) => g.test(a))).slice(0, 2);
  return { accounts: unique([...accounts, ...fresh]), notes };
}

/** Callers for every way a Principal element or caller-derived key can see them. */
function callerInputs(
  statements: readonly IndexedStatement[],
  conditions: readonly IndexedCondition[],
  accounts: readonly string[],
): { inputs: { principal: PrincipalInput; label: string }[]; notes: string[] } {
  const notes: string[] = [];
  const inputs: { principal: PrincipalInput; label: string }[] = [];
  const add = (principal: PrincipalInput, label?: string) =>
    inputs.push({ principal, label: label ?? (typeof principal === 'string' ? principal : principal.arn) });
  add('*', 'anonymous');
  const services = new Set<string>([UNNAMED_SERVICE]);
  for (const account of accounts) {
    add(account, `arn:aws:iam::${account}:root`);
    add(`arn:aws:iam::${account}:user/${UNNAMED_USER}`);
    add(`arn:aws:iam::${account}:role/${UNNAMED_ROLE}`);
  }
  for (const { statement } of statements) {
    for (const entry of statement.principal?.entries ?? []) {
      if (entry.type === 'Service') {
        if (entry.service !== '*') services.add(entry.service);
        continue;
      }
      if (entry.type !== 'AWS') continue;
      switch (entry.kind) {
        case 'account':
          break;
        case 'user':
          add(entry.arn);
          // A GetFederationToken session of the user: a resource policy naming the user grants it too.
          add(
            { arn: `arn:${entry.partition}:sts::${entry.account}:federated-user/iamspec-federated`, federatedBy: entry.arn },
            `arn:${entry.partition}:sts::${entry.account}:federated-user/iamspec-federated (made by ${entry.arn})`,
          );
          break;
        case 'role': {
          add(entry.arn);
          const match = /^arn:[^:]+:iam::\d{12}:role(\/(?:.+\/)?)([^/]+)$/.exec(entry.arn);
          if (match) {
            add(
              { arn: `arn:${entry.partition}:sts::${entry.account}:assumed-role/${match[2]}/iamspec-session`, rolePath: match[1] },
              `arn:${entry.partition}:sts::${entry.account}:assumed-role/${match[2]}/iamspec-session`,
            );
          }
          break;
        }
        case 'assumed-role': {
          add(entry.arn);
          const match = /assumed-role\/([^/]+)\/[^/]+$/.exec(entry.arn);
          if (match) add(`arn:${entry.partition}:sts::${entry.account}:assumed-role/${match[1]}/iamspec-other-session`);
          break;
        }
        case 'federated-user':
          add(entry.arn);
          break;
        case 'unique-id': {
          const kind = entry.id.startsWith('AROA') ? 'role' : 'user';
          const account = accounts[accounts.length - 1]!;
          add(
            { arn: `arn:aws:iam::${account}:${kind}/iamspec-unique-id`, uniqueId: entry.id },
            `${entry.id} (arn:aws:iam::${account}:${kind}/iamspec-unique-id)`,
          );
          break;
        }
      }
    }
  }
  // Callers whose derived keys meet the conditions on them: aws:PrincipalArn names an IAM user,
  // role or root; a pattern's wildcards are filled per component (each account, a user, a role).
  for (const value of literalValues(conditions, ['aws:principalarn'])) {
    const split = splitArn(value);
    if (!split.ok) continue;
    const { partition, service, account, resource } = split.arn;
    const accountsTried = /[*?]/.test(account) ? accounts : [account];
    const resourcesTried = /[*?]/.test(resource)
      ? unique([fillWildcards(resource, 'iamspec1'), 'root', 'user/iamspec1', 'role/iamspec1'])
      : [resource];
    for (const a of accountsTried) {
      for (const r of resourcesTried) {
        const arn = `arn:${fillWildcards(partition, 'aws')}:${fillWildcards(service, 'iam')}::${a}:${r}`;
        if (safeResolve({ principal: arn, action: PROBE_ACTION })) add(arn);
      }
    }
  }
  for (const value of literalValues(conditions, ['aws:principalservicename'])) {
    const service = fillWildcards(value, 'iamspec');
    if (/^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/.test(service)) services.add(service);
  }
  for (const value of literalValues(conditions, ['aws:username'])) {
    const name = fillWildcards(value, '1');
    for (const account of accounts) add(`arn:aws:iam::${account}:user/${name}`);
  }
  for (const value of literalValues(conditions, ['aws:userid'])) {
    const [id, session] = value.split(':');
    if (!id) continue;
    const account = accounts[accounts.length - 1]!;
    if (session !== undefined) {
      add({
        arn: `arn:aws:sts::${account}:assumed-role/iamspec-unique-id/${fillWildcards(session, 'iamspec') || 'iamspec'}`,
        uniqueId: fillWildcards(id, 'X'),
      } as PrincipalDescription);
    } else {
      add({ arn: `arn:aws:iam::${account}:user/iamspec-unique-id`, uniqueId: fillWildcards(id, 'X') } as PrincipalDescription);
    }
  }
  if (conditions.some((c) => c.condition.keyLower === 'aws:principaltype')) {
    add(`arn:aws:sts::${accounts[0]}:federated-user/iamspec-federated`);
  }
  const derivedPatterns = conditions.filter((c) => c.source === 'caller' && c.condition.rawValues.some((v) => /[*?]/.test(v)));
  if (derivedPatterns.length > 0) {
    notes.push(
      `conditions with wildcards on keys AWS derives from the caller ` +
        `(${unique(derivedPatterns.map((c) => c.condition.key)).join(', ')}) are tried with one caller ` +
        `per pattern`,
    );
  }
  for (const service of services) add(service);
  return { inputs, notes };
}

/** Witnesses for one ARN component across every pattern that constrains it. */
function componentWitnesses(
  texts: readonly string[],
  readable: readonly string[],
  options: { colonAllowed: boolean; minLength: number },
): { values: string[]; complete: boolean } {
  const patterns: GlobPattern[] = texts.map((t) =>
    globTokens(t, { wildcards: true, ...(options.colonAllowed ? {} : { wildcardExcept: ':' }) }),
  );
  const forbidden = `*? \t\r\n${options.colonAllowed ? '' : ':'}`;
  const result = witnessStrings(patterns, { forbidden, minLength: options.minLength });
  const values = [...readable, ...result.witnesses].filter(
    (v) => v.length >= options.minLength && ![...forbidden].some((ch) => v.includes(ch)),
  );
  return { values: unique(values), complete: result.complete };
}

/** A caller given rather than derived: a principal of a scenario world, with its own policies. */
export interface FixedCaller {
  readonly name: string;
  readonly principal: PrincipalInput;
  /** Keys its requests always carry, with their values. */
  readonly context: Readonly<Record<string, unknown>>;
}

export interface ClassSpaceOptions {
  /** The policies of each version (one each for a policy diff, all of a world for a world diff). */
  readonly versions: readonly [readonly Policy[], readonly Policy[]];
  /**
   * The only callers, when given (a scenario world's principals): they are never merged with one
   * another, since each brings its own policies. Otherwise callers are derived from the policies.
   */
  readonly callers?: readonly FixedCaller[];
  /** Resource ARNs to try besides those built from the patterns (a world's named resources). */
  readonly resources?: readonly string[];
  /**
   * Which resource-side policies govern an ARN (a world's named resource, or its default): resources
   * governed by different policies are never merged, whatever their statements say.
   */
  readonly resourceSide?: (arn: string) => string;
  /**
   * Keep apart triples whose action classes carry different condition keys, even where the
   * statements treat them alike: for analyses that leave out requests AWS never sends
   * (`possible-requests.ts`), a class of actions that cannot carry a key may not stand for one
   * that can.
   */
  readonly possibleRequestsOnly?: boolean;
}

/** The statements of both versions, numbered, with their conditions by where their keys come from. */
interface IndexedPolicies {
  readonly statements: readonly IndexedStatement[];
  readonly conditions: readonly IndexedCondition[];
  readonly conditionsOf: readonly (readonly IndexedCondition[])[];
  readonly callerConditions: readonly IndexedCondition[];
  readonly resourceConditions: readonly IndexedCondition[];
}

/** Step 1: number the statements of both versions and their conditions. */
function indexStatements(versions: ClassSpaceOptions['versions']): IndexedPolicies {
  const statements: IndexedStatement[] = [];
  versions.forEach((policies, version) => {
    for (const policy of policies) {
      for (const statement of policy.statements) statements.push({ id: statements.length, version: version as 0 | 1, statement });
    }
  });
  const conditions: IndexedCondition[] = [];
  const conditionsOf: IndexedCondition[][] = statements.map(() => []);
  for (const s of statements) {
    for (const condition of s.statement.conditions) {
      const indexed: IndexedCondition = {
        id: conditions.length,
        statementId: s.id,
        condition,
        source: conditionSource(condition.keyLower),
      };
      conditions.push(indexed);
      conditionsOf[s.id]!.push(indexed);
    }
  }
  const callerConditions = conditions.filter((c) => c.source === 'caller');
  const resourceConditions = conditions.filter((c) => c.source === 'resource');

  return { statements, conditions, conditionsOf, callerConditions, resourceConditions };
}

/** Step 2: the accounts worth telling apart (those the policies name, and fresh ones for "any other"). */
function accountsInPlay({ statements, conditions }: IndexedPolicies, options: ClassSpaceOptions): { accounts: string[]; notes: string[] } {
  const accountPatterns: string[] = [];
  for (const { statement } of statements) {
    for (const pattern of statement.resource?.patterns ?? []) {
      if (pattern.kind !== 'arn') continue;
      const split = splitArn(pattern.text);
      if (split.ok) accountPatterns.push(split.arn.account);
    }
  }
  accountPatterns.push(...literalValues(conditions, ['aws:principalaccount', 'aws:resourceaccount']));
  const fixedAccounts = (options.callers ?? []).flatMap((c) => {
    const resolved = safeResolve({ principal: c.principal, action: PROBE_ACTION });
    return resolved?.caller.account !== undefined ? [resolved.caller.account] : [];
  });
  const resourceAccounts = (options.resources ?? []).flatMap((arn) => {
    const split = splitArn(arn);
    return split.ok && isAccountId(split.arn.account) ? [split.arn.account] : [];
  });
  const universe = accountUniverse(
    unique([...mentionedAccounts(statements, conditions), ...fixedAccounts, ...resourceAccounts]),
    accountPatterns,
  );
  return { accounts: universe.accounts, notes: universe.notes };
}

/** Step 3: the callers, each with how every statement's Principal and caller-side conditions see it. */
function callerCandidates(
  { statements, conditions, callerConditions }: IndexedPolicies,
  options: ClassSpaceOptions,
  accounts: readonly string[],
): { callers: CallerCandidate[]; notes: string[] } {
  const callerSetup: { inputs: { principal: PrincipalInput; label: string; world?: FixedCaller }[]; notes: string[] } = options.callers
    ? { inputs: options.callers.map((c) => ({ principal: c.principal, label: c.name, world: c })), notes: [] }
    : callerInputs(statements, conditions, accounts);
  const callers: CallerCandidate[] = [];
  const seenCallers = new Set<string>();
  for (const { principal, label, world } of callerSetup.inputs) {
    const key = world ? `world:${world.name}` : JSON.stringify(principal);
    if (seenCallers.has(key)) continue;
    seenCallers.add(key);
    const resolved = safeResolve({ principal, action: PROBE_ACTION });
    if (!resolved) continue;
    const caller = resolved.caller;
    const env = envFor(resolved);
    const applies = statements.map(({ statement }): PrincipalMatch | 'applies' | undefined => {
      const element = statement.principal;
      if (element === undefined) return 'applies';
      if (element.negated) return notPrincipalExcludes(element, caller, statement.effect) ? undefined : 'anyone';
      return principalMatch(element, caller);
    });
    const conditionBits = new Map<number, boolean>();
    for (const c of callerConditions) conditionBits.set(c.id, conditionHolds(c.condition, resolved, env.lookup));
    // A world's principals each bring their own policies: their name keeps them apart.
    const signature =
      `${world ? `${world.name}|` : ''}${caller.kind}|${applies.map((a) => a ?? '-').join(',')}` +
      `|${[...conditionBits.values()].map((b) => (b ? 1 : 0)).join('')}`;
    callers.push({
      principal,
      caller,
      label,
      account: caller.account,
      signature,
      applies,
      conditionBits,
      ...(world ? { worldName: world.name, fixedKeys: Object.keys(world.context).map((k) => k.toLowerCase()) } : {}),
    });
  }

  return { callers, notes: callerSetup.notes };
}

/** The values worth trying for each component of a resource ARN, one per way the patterns see it. */
interface ArnComponentValues {
  readonly partitions: { readonly values: string[] };
  readonly services: { readonly values: string[] };
  readonly regions: { readonly values: string[] };
  readonly resourceParts: { readonly values: string[] };
  /** A world's named resources as patterns (each table, and its indexes). */
  readonly sidePatterns: readonly (readonly string[])[];
  readonly notes: string[];
}

/** Step 4a: witnesses for each ARN component (partition, service, Region, resource) of the patterns. */
function arnComponentValues({ statements, conditions }: IndexedPolicies, options: ClassSpaceOptions): ArnComponentValues {
  const notes: string[] = [];
  const componentTexts: string[][] = [[], [], [], [], []];
  for (const { statement } of statements) {
    for (const pattern of statement.resource?.patterns ?? []) {
      if (pattern.kind !== 'arn') continue;
      const split = splitArnPattern(pattern.text);
      if (!split.ok) continue;
      const parts = [split.arn.partition, split.arn.service, split.arn.region, split.arn.account, split.arn.resource];
      if (parts.some((p) => p.includes('${'))) {
        notes.push(
          `the resource pattern "${pattern.text}" holds a policy variable; resources are tried with the ` +
            `values of the other patterns, not with every value the variable can take`,
        );
      }
      parts.forEach((p, i) => componentTexts[i]!.push(p.replace(/\$\{[^}]*\}/g, '*')));
    }
  }
  for (const value of literalValues(conditions, ['aws:requestedregion'])) componentTexts[2]!.push(value);
  // With resource sides (a world), which named resource governs an ARN is one more thing a resource
  // can differ in: a named table governs itself and its indexes. Its patterns join the witnesses'.
  const sidePatterns: string[][] = [];
  if (options.resourceSide) {
    for (const arn of options.resources ?? []) {
      const split = splitArn(arn);
      if (!split.ok) continue;
      const { partition, service, region, account, resource } = split.arn;
      sidePatterns.push([partition, service, region, account, resource], [partition, service, region, account, `${resource}/index/*`]);
    }
    for (const parts of sidePatterns) parts.forEach((p, i) => componentTexts[i]!.push(p));
  }
  // `example` first: `table/*` becomes `table/example`, a valid table (and index) name, which a
  // reader recognizes and which `parseDynamoArn` accepts (an index named `1` does not exist).
  const readableResource = unique(
    componentTexts[4]!.flatMap((t) => [fillWildcards(t, 'example'), fillWildcards(t, '1'), fillWildcards(t, '')]),
  );
  const partitions = componentWitnesses(unique(componentTexts[0]!), ['aws', ...componentTexts[0]!.map((t) => fillWildcards(t, 'aws'))], {
    colonAllowed: false,
    minLength: 1,
  });
  const services = componentWitnesses(
    unique(componentTexts[1]!),
    ['dynamodb', ...componentTexts[1]!.map((t) => fillWildcards(t, 'dynamodb'))],
    { colonAllowed: false, minLength: 1 },
  );
  const regions = componentWitnesses(
    unique(componentTexts[2]!),
    ['us-east-1', ...componentTexts[2]!.map((t) => fillWildcards(t, 'us-east-1'))],
    { colonAllowed: false, minLength: 0 },
  );
  // A world's named resources come first: they are the readable ones.
  const namedParts = (options.resources ?? []).flatMap((arn) => {
    const split = splitArn(arn);
    return split.ok ? [split.arn] : [];
  });
  const resourceParts = componentWitnesses(
    unique(componentTexts[4]!),
    [...namedParts.map((p) => p.resource), 'table/iamspec-table', ...readableResource],
    { colonAllowed: true, minLength: 1 },
  );
  partitions.values.unshift(...namedParts.map((p) => p.partition));
  services.values.unshift(...namedParts.map((p) => p.service));
  regions.values.unshift(...namedParts.map((p) => p.region));
  if (![partitions, services, regions, resourceParts].every((c) => c.complete)) {
    notes.push('the resource patterns are too many to combine exhaustively; some combinations of them were not tried');
  }
  return { partitions, services, regions, resourceParts, sidePatterns, notes };
}

/** The resources of one kind of ARN: by account, and grouped into classes by how the statements see them. */
interface TemplateAccounts {
  readonly byAccount: ReadonlyMap<string, ResourceCandidate>;
  readonly classes: readonly (readonly ResourceCandidate[])[];
}

/** Decides how the statements see a resource (in a Region, for `*`); undefined for one that does not resolve. */
type CandidateOf = (resource: string, region: string | undefined) => ResourceCandidate | undefined;

/** The statements' outcomes for a resource, and the signature that groups resources alike. */
function resourceEvaluator({ statements, resourceConditions }: IndexedPolicies, options: ClassSpaceOptions): CandidateOf {
  return (resource, region) => {
    const resolved = safeResolve({ principal: PROBE_CALLER, action: PROBE_ACTION, resource, ...(region !== undefined ? { region } : {}) });
    if (!resolved) return undefined;
    const lookup = variableLookup(resolved);
    const applies = statements.map(({ statement }) => resourceMatches(statement, resolved, lookup));
    const conditionBits = new Map<number, boolean>();
    for (const c of resourceConditions) conditionBits.set(c.id, conditionHolds(c.condition, resolved, lookup));
    const side = options.resourceSide ? `${options.resourceSide(resource)}|` : '';
    const kind = resolved.resourceAccount === undefined ? '*' : 'arn';
    const bits = (values: Iterable<boolean>) => [...values].map((b) => (b ? 1 : 0)).join('');
    const signature = `${side}${kind}|${bits(applies)}|${bits(conditionBits.values())}`;
    return { resource, region, account: resolved.resourceAccount, side, signature, applies, conditionBits };
  };
}

/**
 * How the ARN patterns see each component of a resource ARN: per pattern, a bit for whether its
 * compiled glob for that component matches the value. The outcomes are read with the policies' own
 * compiled component globs; a component holding a policy variable has none, and its values are then
 * kept apart by their text.
 */
function componentSeer(statements: readonly IndexedStatement[], sidePatterns: readonly (readonly string[])[]) {
  const arnPatterns = unique(statements.flatMap(({ statement }) => (statement.resource?.patterns ?? []).filter((p) => p.kind === 'arn')));
  const componentGlobs: readonly (readonly (Glob | undefined)[])[] = [
    ...arnPatterns.map((p) => (p.kind === 'arn' ? p.components.map((c) => c.glob) : [])),
    ...sidePatterns.map((parts) => parts.map((t) => compileWildcard(t))),
  ];
  return (value: string, index: number): string =>
    componentGlobs.map((globs) => (globs[index] ? (globs[index]!.matches(value) ? '1' : '0') : `?${value}`)).join('');
}

type ComponentBits = ReturnType<typeof componentSeer>;

interface ComponentValue {
  readonly value: string;
  readonly bits: string;
}

/** One value per way the patterns see component `index`; every Region when aws:RequestedRegion is in play. */
function distinctComponentValues(values: readonly string[], index: number, bitsOf: ComponentBits, keepEveryRegion: boolean) {
  const seen = new Map<string, ComponentValue>();
  for (const value of values) {
    const bits = bitsOf(value, index);
    // Region values also feed aws:RequestedRegion, whose operators may not be globs: keep them all.
    const key = index === 2 && keepEveryRegion ? `${bits}|${value}` : bits;
    if (!seen.has(key)) seen.set(key, { value, bits });
  }
  return [...seen.values()];
}

/** The patterns that see both of two components' values alike; kept apart by text when a glob is missing. */
function bothSeen(a: string, b: string): string {
  if (a.includes('?') || b.includes('?')) return `${a}&${b}`;
  let out = '';
  for (let i = 0; i < a.length; i++) out += a[i] === '1' && b[i] === '1' ? '1' : '0';
  return out;
}

/** An ARN with its account left open: one per distinct combination of component outcomes. */
type ArnTemplate = (account: string) => string;

/** The distinct values of each ARN component but the account, as the patterns see them. */
interface ComponentChoices {
  readonly partitions: readonly ComponentValue[];
  readonly services: readonly ComponentValue[];
  readonly regions: readonly ComponentValue[];
  readonly resources: readonly ComponentValue[];
}

/**
 * The ARN templates: one per combination of partition, service, Region and resource that the
 * patterns (and, with conditions on the resource, the Region's text) see differently, capped.
 */
function arnTemplates(choices: ComponentChoices, regionMatters: boolean, notes: string[]): ArnTemplate[] {
  const templates: ArnTemplate[] = [];
  const seen = new Set<string>();
  for (const p of choices.partitions) {
    for (const s of choices.services) {
      const ps = bothSeen(p.bits, s.bits);
      for (const r of choices.regions) {
        const psr = bothSeen(ps, r.bits);
        for (const res of choices.resources) {
          // Templates that every pattern sees alike need only one representative.
          const key = `${bothSeen(psr, res.bits)}|${regionMatters ? r.value : ''}`;
          if (seen.has(key)) continue;
          seen.add(key);
          if (templates.length >= MAX_RESOURCE_TEMPLATES) {
            notes.push(`more than ${MAX_RESOURCE_TEMPLATES} kinds of resource ARN; the rest were not tried`);
            return templates;
          }
          templates.push((account) => `arn:${p.value}:${s.value}:${r.value}:${account}:${res.value}`);
        }
      }
    }
  }
  return templates;
}

/**
 * The accounts, grouped by how the resource side sees them. Accounts that the account components
 * of the patterns and the aws:ResourceAccount conditions treat alike give resources with the same
 * outcomes, so each group is evaluated once and its other accounts share the result.
 */
function accountGroupsOf(accounts: readonly string[], { resourceConditions }: IndexedPolicies, bitsOf: ComponentBits): string[][] {
  const resourceAccountConditions = resourceConditions.filter((c) => c.condition.keyLower === 'aws:resourceaccount');
  const groups = new Map<string, string[]>();
  for (const account of accounts) {
    const probe = safeResolve({
      principal: PROBE_CALLER,
      action: PROBE_ACTION,
      resource: `arn:aws:dynamodb:us-east-1:${account}:table/iamspec-probe`,
    });
    const bits = probe
      ? resourceAccountConditions.map((c) => (conditionHolds(c.condition, probe, variableLookup(probe)) ? 1 : 0)).join('')
      : '';
    const key = `${bitsOf(account, 3)}|${bits}`;
    const group = groups.get(key) ?? [];
    group.push(account);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** The resources of one ARN template, in every account: evaluated once per account group, then classed. */
function templateResources(
  template: ArnTemplate,
  accountGroups: readonly (readonly string[])[],
  candidateOf: CandidateOf,
  perAccount: boolean,
): TemplateAccounts {
  const byAccount = new Map<string, ResourceCandidate>();
  const classes = new Map<string, ResourceCandidate[]>();
  for (const group of accountGroups) {
    const first = candidateOf(template(group[0]!), undefined);
    if (!first) continue;
    for (const account of group) {
      // With resource sides (a world), the account can change which side governs: evaluate each.
      const candidate =
        account === group[0]
          ? first
          : perAccount
            ? candidateOf(template(account), undefined)
            : { ...first, resource: template(account), account };
      if (!candidate) continue;
      byAccount.set(account, candidate);
      const list = classes.get(candidate.signature) ?? [];
      list.push(candidate);
      classes.set(candidate.signature, list);
    }
  }
  return { byAccount, classes: [...classes.values()] };
}

/** `*` as the resource, with no Region and in each Region worth trying. */
function starResourcesOf(regions: readonly ComponentValue[], candidateOf: CandidateOf): ResourceCandidate[] {
  return unique<string | undefined>([undefined, ...regions.map((r) => r.value).filter((r) => r !== '')])
    .map((region) => candidateOf('*', region))
    .filter((r): r is ResourceCandidate => r !== undefined);
}

/**
 * Step 4: the resources, one kind of ARN per distinct combination of how the patterns see its
 * components, for every group of accounts, and `*` (per Region).
 */
function resourceCandidates(
  indexed: IndexedPolicies,
  options: ClassSpaceOptions,
  accounts: readonly string[],
): { templateAccounts: TemplateAccounts[]; starResources: ResourceCandidate[]; notes: string[] } {
  const { partitions, services, regions, resourceParts, sidePatterns, notes } = arnComponentValues(indexed, options);
  const candidateOf = resourceEvaluator(indexed, options);
  const bitsOf = componentSeer(indexed.statements, sidePatterns);
  const regionMatters = indexed.resourceConditions.length > 0;
  const choices: ComponentChoices = {
    partitions: distinctComponentValues(partitions.values, 0, bitsOf, regionMatters),
    services: distinctComponentValues(services.values, 1, bitsOf, regionMatters),
    regions: distinctComponentValues(regions.values, 2, bitsOf, regionMatters),
    resources: distinctComponentValues(resourceParts.values, 4, bitsOf, regionMatters),
  };
  const accountGroups = accountGroupsOf(accounts, indexed, bitsOf);
  const templateAccounts = arnTemplates(choices, regionMatters, notes).map((template) =>
    templateResources(template, accountGroups, candidateOf, options.resourceSide !== undefined),
  );
  return { templateAccounts, starResources: starResourcesOf(choices.regions, candidateOf), notes };
}

/** Step 5: the actions, in classes of actions every statement treats alike. */
function actionClassesOf(statements: readonly IndexedStatement[]): { actionClasses: ActionClass[]; notes: string[] } {
  const notes: string[] = [];
  const named = new Set<string>();
  const witnesses: string[] = [];
  let foreign = false;
  for (const { statement } of statements) {
    for (const pattern of statement.action.patterns) {
      const text = pattern.text;
      if (!/[*?]/.test(text)) named.add(text.toLowerCase());
      if (!text.toLowerCase().startsWith('dynamodb:')) {
        if (text !== '*') foreign = true;
        const [service = 'iamspec', name = 'Example'] = text.split(':');
        const witness = `${fillWildcards(service, 'iamspec')}:${fillWildcards(name, 'Example')}`;
        if (ACTION_SYNTAX.test(witness)) witnesses.push(witness);
      }
    }
  }
  if (foreign)
    notes.push('actions of services other than DynamoDB are tried with one action per pattern, not every combination of the patterns');
  const actionCandidates = unique([...DYNAMODB_ACTIONS.map((a) => a.fullName), ...witnesses, 'iamspec:UnlistedAction']);
  const actionClassMap = new Map<string, string[]>();
  const actionApplies = new Map<string, boolean[]>();
  for (const action of actionCandidates) {
    const applies = statements.map(({ statement }) => actionMatches(statement, action.toLowerCase()));
    const signature = applies.map((a) => (a ? 1 : 0)).join('');
    const list = actionClassMap.get(signature) ?? [];
    list.push(action);
    actionClassMap.set(signature, list);
    if (!actionApplies.has(signature)) actionApplies.set(signature, applies);
  }
  const actionClasses: ActionClass[] = [...actionClassMap.entries()].map(([signature, members]) => {
    const preferred = members.find((m) => named.has(m.toLowerCase())) ?? members[0]!;
    return { action: preferred, members: [preferred, ...members.filter((m) => m !== preferred)], applies: actionApplies.get(signature)! };
  });

  return { actionClasses, notes };
}

/** A caller and a resource, standing for every pair of their classes. */
interface Pair {
  readonly caller: CallerCandidate;
  readonly resource: ResourceCandidate;
  readonly same: boolean;
  weight: number;
  readonly otherCallers: Set<string>;
  readonly otherResources: Set<string>;
}

/** Step 6: caller and resource pairs, reduced to their classes (same account or across). */
function callerResourcePairs(
  callers: readonly CallerCandidate[],
  {
    templateAccounts,
    starResources,
  }: { readonly templateAccounts: readonly TemplateAccounts[]; readonly starResources: readonly ResourceCandidate[] },
): Map<string, Pair> {
  const pairs = new Map<string, Pair>();
  // Signatures are long strings; pairs are keyed by small numbers standing for them.
  const signatureIds = new Map<string, number>();
  const idOf = (signature: string) => {
    let id = signatureIds.get(signature);
    if (id === undefined) signatureIds.set(signature, (id = signatureIds.size));
    return id;
  };
  const addPair = (caller: CallerCandidate, resource: ResourceCandidate) => {
    const same = resource.account === undefined || resource.account === caller.account;
    const key = `${idOf(caller.signature)}#${idOf(resource.signature)}#${same}`;
    const existing = pairs.get(key);
    if (existing) {
      existing.weight++;
      if (existing.otherCallers.size < 20 && caller.label !== existing.caller.label) existing.otherCallers.add(caller.label);
      if (existing.otherResources.size < 20 && resource.resource !== existing.resource.resource)
        existing.otherResources.add(resource.resource);
      return;
    }
    pairs.set(key, { caller, resource, same, weight: 1, otherCallers: new Set(), otherResources: new Set() });
  };
  for (const caller of callers) {
    for (const resource of starResources) addPair(caller, resource);
    for (const { byAccount, classes } of templateAccounts) {
      if (caller.account !== undefined) {
        const own = byAccount.get(caller.account);
        if (own) addPair(caller, own);
      }
      for (const members of classes) {
        const other = members.find((m) => m.account !== caller.account);
        if (other) addPair(caller, other);
      }
    }
  }

  return pairs;
}

/** Step 7: caller, action and resource triples, reduced to distinct statement outcomes. */
function requestTriples(
  pairs: ReadonlyMap<string, Pair>,
  actionClasses: readonly ActionClass[],
  conditionsOf: IndexedPolicies['conditionsOf'],
  options: Pick<ClassSpaceOptions, 'possibleRequestsOnly'>,
): Map<string, RequestTriple & { weight: number }> {
  const triples = new Map<string, RequestTriple & { weight: number }>();
  // Statements whose Principal and Resource both match, per pair; only those can be reached.
  const resourceIds = new Map<ResourceCandidate, number[]>();
  const idsOf = (resource: ResourceCandidate) => {
    let ids = resourceIds.get(resource);
    if (!ids) {
      ids = [];
      resource.applies.forEach((applies, id) => {
        if (applies) ids!.push(id);
      });
      resourceIds.set(resource, ids);
    }
    return ids;
  };
  const carriedSignatures = new Map<string, string>();
  const carriedSignature = (action: ActionClass, reachable: readonly number[]) => {
    const keys = unique(reachable.flatMap((id) => conditionsOf[id]!.map((c) => c.condition.keyLower))).sort();
    const cacheKey = `${action.action}|${keys.join(',')}`;
    let signature = carriedSignatures.get(cacheKey);
    if (signature === undefined) carriedSignatures.set(cacheKey, (signature = carriedKeysSignature(action.members, keys)));
    return signature;
  };
  for (const pair of pairs.values()) {
    const candidates = idsOf(pair.resource).filter((id) => pair.caller.applies[id] !== undefined);
    for (const action of actionClasses) {
      const reachable: number[] = [];
      // The key names every reachable statement with how it sees the caller and its derived keys:
      // two triples with the same key are decided alike by both versions, whatever the context.
      // A world's principals are never merged: each brings its own policies.
      // Nor are resources governed by different resource-side policies.
      let key = `${pair.caller.worldName ?? ''}|${pair.resource.side}|${pair.caller.caller.kind}|${pair.same}|`;
      for (const id of candidates) {
        if (!action.applies[id]) continue;
        reachable.push(id);
        const principal = pair.caller.applies[id]!;
        key += `${id}${principal === 'applies' ? '+' : principal}`;
        for (const c of conditionsOf[id]!) {
          if (c.source === 'caller') key += pair.caller.conditionBits.get(c.id) ? 'T' : 'F';
          else if (c.source === 'resource') key += pair.resource.conditionBits.get(c.id) ? 'T' : 'F';
        }
        key += ',';
      }
      if (options.possibleRequestsOnly) key += `|${carriedSignature(action, reachable)}`;
      const existing = triples.get(key);
      if (existing) {
        existing.weight += pair.weight;
        continue;
      }
      triples.set(key, {
        caller: {
          principal: pair.caller.principal,
          caller: pair.caller.caller,
          label: pair.caller.label,
          ...(pair.caller.worldName !== undefined ? { worldName: pair.caller.worldName, fixedKeys: pair.caller.fixedKeys ?? [] } : {}),
        },
        action,
        resource: pair.resource.resource,
        region: pair.resource.region,
        reachable,
        weight: pair.weight,
        otherCallers: [...pair.otherCallers],
        otherResources: [...pair.otherResources],
      });
    }
  }

  return triples;
}

/** Step 8: per triple, the condition keys it leaves free and the classes of their values (computed when asked). */
function contextDimensions(conditionsOf: IndexedPolicies['conditionsOf']): {
  contextFor: (triple: RequestTriple) => ContextKeyDimension[];
  notes: ReadonlySet<string>;
} {
  const keyCache = new Map<string, ContextKeyDimension>();
  const validCache = new Map<string, boolean>();
  const validValue = (name: string) => (value: string) => {
    const cacheKey = `${name.toLowerCase()}\u0000${value}`;
    let ok = validCache.get(cacheKey);
    if (ok === undefined) {
      ok = safeResolve({ principal: PROBE_CALLER, action: PROBE_ACTION, context: { [name]: [value] } }) !== undefined;
      validCache.set(cacheKey, ok);
    }
    return ok;
  };
  const probeBase = resolveRequest({ principal: PROBE_CALLER, action: PROBE_ACTION });
  const keyNotes = new Set<string>();
  const contextFor = (triple: RequestTriple): ContextKeyDimension[] => {
    const byKey = new Map<string, IndexedCondition[]>();
    const fixed = new Set(triple.caller.fixedKeys ?? []);
    for (const id of triple.reachable) {
      for (const c of conditionsOf[id]!) {
        if (c.source !== 'free' || fixed.has(c.condition.keyLower)) continue;
        const list = byKey.get(c.condition.keyLower) ?? [];
        list.push(c);
        byKey.set(c.condition.keyLower, list);
      }
    }
    const dimensions: ContextKeyDimension[] = [];
    for (const [keyLower, list] of [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const cacheKey = `${keyLower}\u0000${list.map((c) => c.id).join(',')}`;
      let dimension = keyCache.get(cacheKey);
      if (!dimension) {
        const name = list[0]!.condition.key;
        const described = describeConditionKey(name);
        const multivalued =
          (described !== undefined && described.key.multivalued) || list.some((c) => c.condition.operator.qualifier !== undefined);
        const result = keyValueClasses(
          name,
          list.map((c) => c.condition),
          { multivalued, base: probeBase, validate: validValue(name) },
        );
        for (const note of result.notes) keyNotes.add(note);
        dimension = { name, keyLower, multivalued, classes: result.classes };
        keyCache.set(cacheKey, dimension);
      }
      dimensions.push(dimension);
    }
    return dimensions;
  };

  return { contextFor, notes: keyNotes };
}

/** Step 9: whether both versions hold the same rules for a triple (then it cannot change). */
function sameRulesOf(statements: readonly IndexedStatement[]): (triple: RequestTriple) => boolean {
  const canonical = (s: IndexedStatement, triple: RequestTriple): string => {
    const conditionsText = s.statement.conditions
      .map((c) => `${c.operator.name}|${c.keyLower}|${JSON.stringify([...c.rawValues].sort())}`)
      .sort()
      .join(';');
    const match =
      s.statement.principal === undefined || s.statement.principal.negated
        ? 'anyone'
        : principalMatch(s.statement.principal, triple.caller.caller);
    return `${s.statement.effect}|${match}|${conditionsText}`;
  };
  const sameRules = (triple: RequestTriple): boolean => {
    const sides: [Set<string>, Set<string>] = [new Set(), new Set()];
    for (const id of triple.reachable) {
      const s = statements[id]!;
      sides[s.version].add(canonical(s, triple));
    }
    if (sides[0].size !== sides[1].size) return false;
    for (const item of sides[0]) if (!sides[1].has(item)) return false;
    return true;
  };

  return sameRules;
}

/** Builds the class space of two policy versions, in the steps above. */
export function buildClassSpace(options: ClassSpaceOptions): ClassSpace {
  const indexed = indexStatements(options.versions);
  const { statements } = indexed;
  const { accounts, notes: accountNotes } = accountsInPlay(indexed, options);
  const { callers, notes: callerNotes } = callerCandidates(indexed, options, accounts);
  const resources = resourceCandidates(indexed, options, accounts);
  const { templateAccounts, starResources } = resources;
  const { actionClasses, notes: actionNotes } = actionClassesOf(statements);
  const triples = requestTriples(callerResourcePairs(callers, resources), actionClasses, indexed.conditionsOf, options);
  const { contextFor, notes: keyNotes } = contextDimensions(indexed.conditionsOf);
  const sameRules = sameRulesOf(statements);
  const notes = [...accountNotes, ...callerNotes, ...resources.notes, ...actionNotes];
  const resourceCount = templateAccounts.reduce((n, t) => n + t.byAccount.size, 0) + starResources.length;
  const callerClasses = new Set(callers.map((c) => c.signature)).size;
  return {
    statements,
    triples: [...triples.values()],
    counts: {
      callers: callers.length,
      callerClasses,
      actionClasses: actionClasses.length,
      resources: resourceCount,
      triples: triples.size,
    },
    get notes() {
      return [...notes, ...keyNotes];
    },
    contextFor,
    sameRules,
  };
}

/** The request of a triple with one context (no `context` field when it is empty). */
export function requestOf(triple: RequestTriple, context: RequestContext): RequestInput {
  return {
    principal: triple.caller.principal,
    action: triple.action.action,
    resource: triple.resource,
    ...(triple.region !== undefined ? { region: triple.region } : {}),
    ...(Object.keys(context).length > 0 ? { context } : {}),
  };
}

/** The request context of one combination of key classes. */
export function contextOf(dimensions: readonly ContextKeyDimension[], choice: readonly number[]): RequestContext {
  const context: Record<string, string | string[]> = {};
  dimensions.forEach((dimension, i) => {
    const pick = choice[i]!;
    if (pick < 0) return;
    const values = dimension.classes[pick]!.values;
    context[dimension.name] = dimension.multivalued ? [...values] : values[0]!;
  });
  return context;
}

/** Combinations of key classes, fewest keys present first (-1: the key is absent). */
export function* combinations(allSizes: readonly number[]): Generator<number[]> {
  // A key with no present class can only be absent.
  const keys = allSizes.map((size, i) => (size > 0 ? i : -1)).filter((i) => i >= 0);
  const sizes = keys.map((i) => allSizes[i]!);
  const n = sizes.length;
  for (let present = 0; present <= n; present++) {
    const subset = Array.from({ length: present }, (_, i) => i);
    while (true) {
      const picks = new Array<number>(present).fill(0);
      while (true) {
        const choice = new Array<number>(allSizes.length).fill(-1);
        subset.forEach((keyIndex, j) => (choice[keys[keyIndex]!] = picks[j]!));
        yield choice;
        let j = present - 1;
        while (j >= 0 && picks[j]! + 1 >= sizes[subset[j]!]!) {
          picks[j] = 0;
          j--;
        }
        if (j < 0) break;
        picks[j]!++;
      }
      // Next subset of `present` keys, in lexicographic order.
      let i = present - 1;
      while (i >= 0 && subset[i]! === n - present + i) i--;
      if (i < 0) break;
      subset[i]!++;
      for (let k = i + 1; k < present; k++) subset[k] = subset[k - 1]! + 1;
    }
  }
}

/** How many combinations `combinations` yields: each key absent or one of its classes. */
export function productSize(sizes: readonly number[]): number {
  return sizes.reduce((n, s) => n * (s + 1), 1);
}
