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
 */
import { conditionHolds, variableLookup } from '../engine/conditions';
import { notPrincipalExcludes, principalMatch, type Caller, type PrincipalMatch } from '../engine/principal';
import { resolveRequest, type ResolvedRequest } from '../engine/request';
import type { PrincipalDescription, PrincipalInput, RequestContext } from '../engine/request-types';
import { actionMatches, resourceMatches, type MatchEnvironment } from '../engine/statement';
import { DYNAMODB_ACTIONS } from '../dynamodb/catalog';
import { describeConditionKey } from '../dynamodb/condition-keys';
import { splitArn } from '../policy/arn';
import type { Condition, Policy, Statement } from '../policy/model';
import { globTokens, witnessStrings, type GlobPattern } from './glob-witnesses';
import { arnGlob, keyValueClasses, type KeyValueClass } from './value-witnesses';

/** Keys AWS sets from who the caller is; a request cannot choose them. */
const CALLER_KEYS = new Set(
  ['aws:PrincipalArn', 'aws:PrincipalAccount', 'aws:PrincipalType', 'aws:PrincipalIsAWSService', 'aws:PrincipalServiceName', 'aws:username', 'aws:userid'].map((k) => k.toLowerCase()),
);
/** Keys AWS sets from the resource and the endpoint. */
const RESOURCE_KEYS = new Set(['aws:ResourceAccount', 'aws:RequestedRegion'].map((k) => k.toLowerCase()));

const ACCOUNT = /^\d{12}$/;
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
  /** Slot the statement's policy plays: a resource policy's Allows grant by principal match kind. */
  readonly inResourcePolicy: boolean;
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
  readonly counts: { readonly callers: number; readonly callerClasses: number; readonly actionClasses: number; readonly resources: number; readonly triples: number };
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

function safeResolve(input: Parameters<typeof resolveRequest>[0]): ResolvedRequest | undefined {
  try {
    return resolveRequest(input);
  } catch {
    return undefined;
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
    const split = splitArn(text);
    if (split.ok && ACCOUNT.test(split.arn.account)) found.push(split.arn.account);
  };
  for (const { statement } of statements) {
    for (const entry of statement.principal?.entries ?? []) {
      if (entry.type === 'AWS' && 'account' in entry) found.push(entry.account);
    }
    for (const pattern of statement.resource?.patterns ?? []) if (pattern.kind === 'arn') fromArn(pattern.text);
  }
  for (const { condition } of conditions) {
    for (const value of condition.rawValues) {
      if (ACCOUNT.test(value)) found.push(value);
      else if (value.startsWith('arn:')) fromArn(value);
    }
  }
  return unique(found);
}

/** Accounts that stand for every account a set of account patterns can tell apart. */
function accountUniverse(mentioned: readonly string[], patterns: readonly string[]): { accounts: string[]; notes: string[] } {
  const notes: string[] = [];
  const wildcardPatterns = unique(patterns.filter((p) => /[*?]/.test(p) && p !== '*'));
  const globs = wildcardPatterns.map((p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`));
  const accounts = [...mentioned];
  for (const pattern of wildcardPatterns) {
    // A 12-digit account matching the pattern: wildcards filled with zeros to the right length.
    const fixed = pattern.replace(/[*?]/g, '').length;
    const fill = Math.max(0, 12 - fixed);
    const witness = pattern.replace('*', '0'.repeat(fill)).replace(/\*/g, '').replace(/\?/g, '0');
    if (ACCOUNT.test(witness)) accounts.push(witness);
  }
  if (wildcardPatterns.length > 0) {
    notes.push(`accounts matched by wildcard patterns (${wildcardPatterns.join(', ')}) are tried with one account per pattern, not every combination of the patterns`);
  }
  const fresh = FRESH_ACCOUNTS.filter((a) => !accounts.includes(a) && !globs.some((g) => g.test(a))).slice(0, 2);
  return { accounts: unique([...accounts, ...fresh]), notes };
}

/** Callers for every way a Principal element or caller-derived key can see them. */
function callerInputs(statements: readonly IndexedStatement[], conditions: readonly IndexedCondition[], accounts: readonly string[]): { inputs: { principal: PrincipalInput; label: string }[]; notes: string[] } {
  const notes: string[] = [];
  const inputs: { principal: PrincipalInput; label: string }[] = [];
  const add = (principal: PrincipalInput, label?: string) => inputs.push({ principal, label: label ?? (typeof principal === 'string' ? principal : principal.arn) });
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
          add({ arn: `arn:${entry.partition}:sts::${entry.account}:federated-user/iamspec-federated`, federatedBy: entry.arn }, `arn:${entry.partition}:sts::${entry.account}:federated-user/iamspec-federated (made by ${entry.arn})`);
          break;
        case 'role': {
          add(entry.arn);
          const match = /^arn:[^:]+:iam::\d{12}:role(\/(?:.+\/)?)([^/]+)$/.exec(entry.arn);
          if (match) {
            add({ arn: `arn:${entry.partition}:sts::${entry.account}:assumed-role/${match[2]}/iamspec-session`, rolePath: match[1] }, `arn:${entry.partition}:sts::${entry.account}:assumed-role/${match[2]}/iamspec-session`);
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
          add({ arn: `arn:aws:iam::${account}:${kind}/iamspec-unique-id`, uniqueId: entry.id }, `${entry.id} (arn:aws:iam::${account}:${kind}/iamspec-unique-id)`);
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
    const resourcesTried = /[*?]/.test(resource) ? unique([fillWildcards(resource, 'iamspec1'), 'root', 'user/iamspec1', 'role/iamspec1']) : [resource];
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
      add({ arn: `arn:aws:sts::${account}:assumed-role/iamspec-unique-id/${fillWildcards(session, 'iamspec') || 'iamspec'}`, uniqueId: fillWildcards(id, 'X') } as PrincipalDescription);
    } else {
      add({ arn: `arn:aws:iam::${account}:user/iamspec-unique-id`, uniqueId: fillWildcards(id, 'X') } as PrincipalDescription);
    }
  }
  if (conditions.some((c) => c.condition.keyLower === 'aws:principaltype')) {
    add(`arn:aws:sts::${accounts[0]}:federated-user/iamspec-federated`);
  }
  const derivedPatterns = conditions.filter((c) => c.source === 'caller' && c.condition.rawValues.some((v) => /[*?]/.test(v)));
  if (derivedPatterns.length > 0) {
    notes.push(`conditions with wildcards on keys AWS derives from the caller (${unique(derivedPatterns.map((c) => c.condition.key)).join(', ')}) are tried with one caller per pattern`);
  }
  for (const service of services) add(service);
  return { inputs, notes };
}

/** Witnesses for one ARN component across every pattern that constrains it. */
function componentWitnesses(texts: readonly string[], readable: readonly string[], options: { colonAllowed: boolean; minLength: number }): { values: string[]; complete: boolean } {
  const patterns: GlobPattern[] = texts.map((t) => globTokens(t, { wildcards: true, ...(options.colonAllowed ? {} : { wildcardExcept: ':' }) }));
  const forbidden = `*? \t\r\n${options.colonAllowed ? '' : ':'}`;
  const result = witnessStrings(patterns, { forbidden, minLength: options.minLength });
  const values = [...readable, ...result.witnesses].filter((v) => v.length >= options.minLength && ![...forbidden].some((ch) => v.includes(ch)));
  return { values: unique(values), complete: result.complete };
}

export interface ClassSpaceOptions {
  /** Statements of each version's policy, and whether it sits in the resource-policy slot. */
  readonly versions: readonly [Policy, Policy];
  readonly resourceSlot: boolean;
}

/** Builds the class space of two policy versions. */
export function buildClassSpace(options: ClassSpaceOptions): ClassSpace {
  const notes: string[] = [];
  const statements: IndexedStatement[] = [];
  options.versions.forEach((policy, version) => {
    for (const statement of policy.statements) statements.push({ id: statements.length, version: version as 0 | 1, statement, inResourcePolicy: options.resourceSlot });
  });
  const conditions: IndexedCondition[] = [];
  const conditionsOf: IndexedCondition[][] = statements.map(() => []);
  for (const s of statements) {
    for (const condition of s.statement.conditions) {
      const indexed: IndexedCondition = { id: conditions.length, statementId: s.id, condition, source: conditionSource(condition.keyLower) };
      conditions.push(indexed);
      conditionsOf[s.id]!.push(indexed);
    }
  }
  const callerConditions = conditions.filter((c) => c.source === 'caller');
  const resourceConditions = conditions.filter((c) => c.source === 'resource');

  // --- accounts ------------------------------------------------------------------------------
  const accountPatterns: string[] = [];
  for (const { statement } of statements) {
    for (const pattern of statement.resource?.patterns ?? []) {
      if (pattern.kind !== 'arn') continue;
      const split = splitArn(pattern.text);
      if (split.ok) accountPatterns.push(split.arn.account);
    }
  }
  accountPatterns.push(...literalValues(conditions, ['aws:principalaccount', 'aws:resourceaccount']));
  const universe = accountUniverse(mentionedAccounts(statements, conditions), accountPatterns);
  notes.push(...universe.notes);
  const accounts = universe.accounts;

  // --- callers -------------------------------------------------------------------------------
  const callerSetup = callerInputs(statements, conditions, accounts);
  notes.push(...callerSetup.notes);
  const callers: CallerCandidate[] = [];
  const seenCallers = new Set<string>();
  for (const { principal, label } of callerSetup.inputs) {
    const key = JSON.stringify(principal);
    if (seenCallers.has(key)) continue;
    seenCallers.add(key);
    const resolved = safeResolve({ principal, action: PROBE_ACTION });
    if (!resolved) continue;
    const caller = resolved.caller;
    const env = envFor(resolved);
    const applies = statements.map(({ statement }): PrincipalMatch | 'applies' | undefined => {
      const element = statement.principal;
      if (element === undefined) return 'applies';
      if (element.negated) return notPrincipalExcludes(element, caller) ? undefined : 'anyone';
      return principalMatch(element, caller);
    });
    const conditionBits = new Map<number, boolean>();
    for (const c of callerConditions) conditionBits.set(c.id, conditionHolds(c.condition, resolved, env.lookup));
    const signature = `${caller.kind}|${applies.map((a) => a ?? '-').join(',')}|${[...conditionBits.values()].map((b) => (b ? 1 : 0)).join('')}`;
    callers.push({ principal, caller, label, account: caller.account, signature, applies, conditionBits });
  }

  // --- resources -----------------------------------------------------------------------------
  const componentTexts: string[][] = [[], [], [], [], []];
  for (const { statement } of statements) {
    for (const pattern of statement.resource?.patterns ?? []) {
      if (pattern.kind !== 'arn') continue;
      const split = splitArn(pattern.text);
      if (!split.ok) continue;
      const parts = [split.arn.partition, split.arn.service, split.arn.region, split.arn.account, split.arn.resource];
      if (parts.some((p) => p.includes('${'))) {
        notes.push(`the resource pattern "${pattern.text}" holds a policy variable; resources are tried with the values of the other patterns, not with every value the variable can take`);
      }
      parts.forEach((p, i) => componentTexts[i]!.push(p.replace(/\$\{[^}]*\}/g, '*')));
    }
  }
  for (const value of literalValues(conditions, ['aws:requestedregion'])) componentTexts[2]!.push(value);
  const readableResource = unique(componentTexts[4]!.flatMap((t) => [fillWildcards(t, '1'), fillWildcards(t, 'example'), fillWildcards(t, '')]));
  const partitions = componentWitnesses(unique(componentTexts[0]!), ['aws', ...componentTexts[0]!.map((t) => fillWildcards(t, 'aws'))], { colonAllowed: false, minLength: 1 });
  const services = componentWitnesses(unique(componentTexts[1]!), ['dynamodb', ...componentTexts[1]!.map((t) => fillWildcards(t, 'dynamodb'))], { colonAllowed: false, minLength: 1 });
  const regions = componentWitnesses(unique(componentTexts[2]!), ['us-east-1', ...componentTexts[2]!.map((t) => fillWildcards(t, 'us-east-1'))], { colonAllowed: false, minLength: 0 });
  const resourceParts = componentWitnesses(unique(componentTexts[4]!), ['table/iamspec-table', ...readableResource], { colonAllowed: true, minLength: 1 });
  if (![partitions, services, regions, resourceParts].every((c) => c.complete)) {
    notes.push('the resource patterns are too many to combine exhaustively; some combinations of them were not tried');
  }

  const resourceCandidate = (resource: string, region: string | undefined): ResourceCandidate | undefined => {
    const resolved = safeResolve({ principal: PROBE_CALLER, action: PROBE_ACTION, resource, ...(region !== undefined ? { region } : {}) });
    if (!resolved) return undefined;
    const lookup = variableLookup(resolved);
    const applies = statements.map(({ statement }) => resourceMatches(statement, resolved, lookup));
    const conditionBits = new Map<number, boolean>();
    for (const c of resourceConditions) conditionBits.set(c.id, conditionHolds(c.condition, resolved, lookup));
    const signature = `${resolved.resourceAccount === undefined ? '*' : 'arn'}|${applies.map((a) => (a ? 1 : 0)).join('')}|${[...conditionBits.values()].map((b) => (b ? 1 : 0)).join('')}`;
    return { resource, region, account: resolved.resourceAccount, signature, applies, conditionBits };
  };

  // Templates: one per distinct combination of component outcomes (the account comes later).
  interface Template {
    readonly build: (account: string) => string;
  }
  const dedupeComponent = (values: readonly string[], index: number): string[] => {
    const seen = new Map<string, string>();
    const texts = unique(componentTexts[index]!);
    const regexes = texts.map((t) => new RegExp(`^${t.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, index === 4 ? '[\\s\\S]*' : '[^:]*').replace(/\?/g, index === 4 ? '[\\s\\S]' : '[^:]')}$`));
    for (const value of values) {
      // Region values also feed aws:RequestedRegion, whose operators may not be globs: keep them all.
      const key = index === 2 && resourceConditions.length > 0 ? value : regexes.map((r) => (r.test(value) ? 1 : 0)).join('');
      if (!seen.has(key)) seen.set(key, value);
    }
    return [...seen.values()];
  };
  const templates: Template[] = [];
  const partitionValues = dedupeComponent(partitions.values, 0);
  const serviceValues = dedupeComponent(services.values, 1);
  const regionValues = dedupeComponent(regions.values, 2);
  const resourceValues = dedupeComponent(resourceParts.values, 4);
  outer: for (const p of partitionValues) {
    for (const s of serviceValues) {
      for (const r of regionValues) {
        for (const res of resourceValues) {
          if (templates.length >= MAX_RESOURCE_TEMPLATES) {
            notes.push(`more than ${MAX_RESOURCE_TEMPLATES} kinds of resource ARN; the rest were not tried`);
            break outer;
          }
          templates.push({ build: (account) => `arn:${p}:${s}:${r}:${account}:${res}` });
        }
      }
    }
  }
  // Per template, accounts grouped by how the resource side sees them.
  const templateAccounts = templates.map((template) => {
    const byAccount = new Map<string, ResourceCandidate>();
    const classes = new Map<string, ResourceCandidate[]>();
    for (const account of accounts) {
      const candidate = resourceCandidate(template.build(account), undefined);
      if (!candidate) continue;
      byAccount.set(account, candidate);
      const list = classes.get(candidate.signature) ?? [];
      list.push(candidate);
      classes.set(candidate.signature, list);
    }
    return { byAccount, classes: [...classes.values()] };
  });
  const starResources = unique<string | undefined>([undefined, ...regionValues.filter((r) => r !== '')])
    .map((region) => resourceCandidate('*', region))
    .filter((r): r is ResourceCandidate => r !== undefined);

  // --- actions -------------------------------------------------------------------------------
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
  if (foreign) notes.push('actions of services other than DynamoDB are tried with one action per pattern, not every combination of the patterns');
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

  // --- caller x resource pairs, reduced to their classes --------------------------------------
  interface Pair {
    readonly caller: CallerCandidate;
    readonly resource: ResourceCandidate;
    readonly same: boolean;
    weight: number;
    readonly otherCallers: Set<string>;
    readonly otherResources: Set<string>;
  }
  const pairs = new Map<string, Pair>();
  const addPair = (caller: CallerCandidate, resource: ResourceCandidate) => {
    const same = resource.account === undefined || resource.account === caller.account;
    const key = `${caller.signature}#${resource.signature}#${same}`;
    const existing = pairs.get(key);
    if (existing) {
      existing.weight++;
      if (existing.otherCallers.size < 20 && caller.label !== existing.caller.label) existing.otherCallers.add(caller.label);
      if (existing.otherResources.size < 20 && resource.resource !== existing.resource.resource) existing.otherResources.add(resource.resource);
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

  // --- triples, reduced to distinct statement outcomes ---------------------------------------
  const triples = new Map<string, RequestTriple & { weight: number }>();
  for (const pair of pairs.values()) {
    for (const action of actionClasses) {
      const reachable: number[] = [];
      let key = `${pair.caller.caller.kind}|${pair.same}|`;
      for (const s of statements) {
        const principal = pair.caller.applies[s.id];
        if (principal === undefined || !action.applies[s.id] || !pair.resource.applies[s.id]) {
          key += '-';
          continue;
        }
        reachable.push(s.id);
        key += principal === 'applies' ? '+' : principal;
        for (const c of conditionsOf[s.id]!) {
          if (c.source === 'caller') key += pair.caller.conditionBits.get(c.id) ? 'T' : 'F';
          else if (c.source === 'resource') key += pair.resource.conditionBits.get(c.id) ? 'T' : 'F';
        }
        key += ',';
      }
      const existing = triples.get(key);
      if (existing) {
        existing.weight += pair.weight;
        continue;
      }
      triples.set(key, {
        caller: { principal: pair.caller.principal, caller: pair.caller.caller, label: pair.caller.label },
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

  // --- context dimensions --------------------------------------------------------------------
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
    for (const id of triple.reachable) {
      for (const c of conditionsOf[id]!) {
        if (c.source !== 'free') continue;
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
        const multivalued = (described !== undefined && described.key.multivalued) || list.some((c) => c.condition.operator.qualifier !== undefined);
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

  const canonical = (s: IndexedStatement, triple: RequestTriple): string => {
    const conditionsText = s.statement.conditions
      .map((c) => `${c.operator.name}|${c.keyLower}|${JSON.stringify([...c.rawValues].sort())}`)
      .sort()
      .join(';');
    const match = s.statement.principal === undefined || s.statement.principal.negated ? 'anyone' : principalMatch(s.statement.principal, triple.caller.caller);
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

  const resourceCount = templateAccounts.reduce((n, t) => n + t.byAccount.size, 0) + starResources.length;
  const callerClasses = new Set(callers.map((c) => c.signature)).size;
  return {
    statements,
    triples: [...triples.values()],
    counts: { callers: callers.length, callerClasses, actionClasses: actionClasses.length, resources: resourceCount, triples: triples.size },
    get notes() {
      return [...notes, ...keyNotes];
    },
    contextFor,
    sameRules,
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
