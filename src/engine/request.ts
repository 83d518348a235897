/**
 * From the request a test describes to the request AWS authorizes: the caller parsed, the resource
 * resolved, and the condition keys AWS derives added (never overriding what the caller gave).
 */
import { resolveTableReference } from '../dynamodb/arn';
import { findAction, suggestAction } from '../dynamodb/catalog';
import { splitArn, type ArnParts } from '../policy/arn';
import { RequestError } from '../policy/errors';
import { findGlobalConditionKey } from '../policy/global-keys';
import { parseBool, parseIamDate, parseIpAddress, parseNumber } from '../policy/values';
import { parseCaller, type Caller } from './principal';
import type { ContextValue, PrincipalDescription, RequestInput } from './request-types';

/** One condition key in the request: its name as given, its values, and where it came from. */
export interface ContextEntry {
  readonly name: string;
  readonly values: readonly string[];
  /** Given as an array (a multivalued key), even when it holds one value. */
  readonly multi: boolean;
  /** Derived by iamspec from the principal or resource, not given by the test. */
  readonly derived: boolean;
}

export interface ResolvedRequest {
  readonly caller: Caller;
  /** As given, e.g. `dynamodb:Query`. */
  readonly action: string;
  readonly actionLower: string;
  readonly service: string;
  /** The ARN authorized, or `*`. */
  readonly resource: string;
  readonly resourceArn: ArnParts | undefined;
  /** The account owning the resource; undefined when unknown (a `*` resource). */
  readonly resourceAccount: string | undefined;
  /** The bare table name the test gave, when the resource was resolved from one. */
  readonly resolvedFromName: string | undefined;
  /** Condition keys by lower-cased name. */
  readonly context: ReadonlyMap<string, ContextEntry>;
}

const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9]+$/;

function toValues(value: ContextValue): { values: string[]; multi: boolean } {
  if (Array.isArray(value)) return { values: value.map((v) => String(v)), multi: true };
  return { values: [String(value)], multi: false };
}

/**
 * What is wrong with a value the test gave for a global key whose type AWS fixes (an address, a
 * date, a number, a boolean), if anything. A typo there is bad input, not a request that quietly
 * matches no condition. Remembered per key and value: tests repeat them.
 */
const typedValueProblem = memo<string | null>(4096, (keyAndValue) => {
  const cut = keyAndValue.indexOf('\u0000');
  const key = findGlobalConditionKey(keyAndValue.slice(0, cut));
  const value = keyAndValue.slice(cut + 1);
  if (key === undefined) return null;
  const types = [key.type, ...(key.alsoComparableAs ?? [])];
  const fits = types.some((type) => {
    switch (type) {
      case 'IPAddress':
        return parseIpAddress(value) !== undefined;
      case 'Date':
        return parseIamDate(value) !== undefined;
      case 'Numeric':
        return parseNumber(value) !== undefined;
      case 'Bool':
        return parseBool(value) !== undefined;
      default:
        return true;
    }
  });
  return fits ? null : `"${value}" is not a valid ${types.join(' or ')} value for ${key.name}`;
});

function valueProblem(lower: string, entry: ContextEntry): string | undefined {
  if (!lower.startsWith('aws:')) return undefined;
  for (const value of entry.values) {
    const problem = typedValueProblem(`${lower}\u0000${value}`);
    if (problem !== null) return problem;
  }
  return undefined;
}

export function resolveRequest(input: RequestInput): ResolvedRequest {
  if (typeof input !== 'object' || input === null) throw new RequestError('', 'a request is an object with principal, action and resource');
  const caller = parseCaller(input.principal);
  const action = input.action;
  const { actionLower, service } = parseAction(action);

  let resource = input.resource ?? '*';
  let resolvedFromName: string | undefined;
  let resourceArn: ArnParts | undefined;
  if (typeof resource !== 'string' || resource === '') throw new RequestError('resource', 'the resource is an ARN (or "*")');
  if (resource !== '*') {
    if (!resource.startsWith('arn:')) {
      if (service !== 'dynamodb') throw new RequestError('resource', `"${resource}" is not an ARN`);
      const region = input.region ?? contextString(input, 'aws:RequestedRegion');
      if (caller.account === undefined) throw new RequestError('resource', `the bare table name "${resource}" resolves in the caller's account, and this caller has none: give the table ARN`);
      if (region === undefined) throw new RequestError('region', `the bare table name "${resource}" resolves in the caller's region: give request.region (or the table ARN)`);
      // A bare name always means the caller's own account and the endpoint's region: only a full ARN reaches another account.
      const reference = resolveTableReference(resource, { partition: caller.partition, region, account: caller.account });
      if (!reference.ok) throw new RequestError('resource', reference.message);
      resolvedFromName = resource;
      resource = reference.arn;
    }
    resourceArn = parseResourceArn(resource);
  }
  const resourceAccount = input.resourceAccount ?? (resourceArn && resourceArn.account !== '' ? resourceArn.account : undefined);

  const context = new Map<string, ContextEntry>();
  const given = input.context;
  if (given !== undefined) {
    for (const name in given) {
      const value = given[name];
      if (value === undefined) continue;
      const lower = lowerKey(name);
      if (context.has(lower)) throw new RequestError(`context["${name}"]`, `the key is given twice (key names are case-insensitive)`);
      const entry = givenEntry(name, value);
      const problem = valueProblem(lower, entry);
      if (problem !== undefined) throw new RequestError(`context["${name}"]`, problem);
      context.set(lower, entry);
    }
  }
  const fromCaller = callerEntries(caller);
  for (let i = 0; i < fromCaller.length; i++) {
    const [lower, entry] = fromCaller[i]!;
    if (!context.has(lower)) context.set(lower, entry);
  }
  if (typeof input.principal !== 'string') {
    deriveDescriptionKeys(input.principal, (name, value) => {
      if (value === undefined) return;
      const lower = lowerKey(name);
      if (context.has(lower)) return;
      const { values, multi } = toValues(value);
      context.set(lower, { name, values, multi, derived: true });
    });
  }
  if (resourceAccount !== undefined && !context.has(RESOURCE_ACCOUNT)) context.set(RESOURCE_ACCOUNT, resourceAccountEntry(resourceAccount));
  const region = resourceArn && resourceArn.region !== '' ? resourceArn.region : input.region;
  if (region !== undefined && !context.has(REQUESTED_REGION)) context.set(REQUESTED_REGION, requestedRegionEntry(region));

  return {
    caller,
    action,
    actionLower,
    service,
    resource,
    resourceArn,
    resourceAccount,
    resolvedFromName,
    context,
  };
}

function contextString(input: RequestInput, key: string): string | undefined {
  const lower = key.toLowerCase();
  for (const [name, value] of Object.entries(input.context ?? {})) {
    if (name.toLowerCase() === lower && typeof value === 'string') return value;
  }
  return undefined;
}

const RESOURCE_ACCOUNT = 'aws:resourceaccount';
const REQUESTED_REGION = 'aws:requestedregion';

/** A derived entry is immutable, so one per value serves every request. */
const resourceAccountEntry = memo<ContextEntry>(1024, (account) => ({ name: 'aws:ResourceAccount', values: [account], multi: false, derived: true }));
const requestedRegionEntry = memo<ContextEntry>(256, (region) => ({ name: 'aws:RequestedRegion', values: [region], multi: false, derived: true }));
const lowerKey = memo<string>(4096, (name) => name.toLowerCase());

/** The entry for a value the test gave; strings (the common case) need no array copy of their own. */
function givenEntry(name: string, value: ContextValue): ContextEntry {
  if (typeof value === 'string') return { name, values: [value], multi: false, derived: false };
  const { values, multi } = toValues(value);
  return { name, values, multi, derived: false };
}

/** A bounded memo for pure parses of strings that tests repeat (actions, ARNs, principals). */
function memo<T>(limit: number, compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined && !cache.has(key)) {
      value = compute(key);
      if (cache.size >= limit) cache.clear();
      cache.set(key, value);
    }
    return value as T;
  };
}

type ActionParse = { actionLower: string; service: string } | { error: string };

const actionParse = memo<ActionParse>(1024, (action) => {
  if (!ACTION.test(action)) return { error: `"${action}" is not an action: write it as "service:Action", e.g. "dynamodb:GetItem"` };
  const service = action.slice(0, action.indexOf(':')).toLowerCase();
  // A misspelt DynamoDB action would only ever be denied, and the test would pass for the wrong reason.
  if (service === 'dynamodb' && findAction(action) === undefined) {
    const near = suggestAction(action);
    return { error: `"${action}" is not a DynamoDB action${near ? ` (did you mean ${near.fullName}?)` : ''}` };
  }
  return { actionLower: action.toLowerCase(), service };
});

function parseAction(action: unknown): { actionLower: string; service: string } {
  if (typeof action !== 'string') throw new RequestError('action', `"${String(action)}" is not an action: write it as "service:Action", e.g. "dynamodb:GetItem"`);
  const parsed = actionParse(action);
  if ('error' in parsed) throw new RequestError('action', parsed.error);
  return parsed;
}

const resourceParse = memo<ArnParts | string>(4096, (resource) => {
  const split = splitArn(resource);
  if (!split.ok) return split.message;
  if (/[*?]/.test(resource)) return `"${resource}": a request names one resource; wildcards belong in policies`;
  return split.arn;
});

function parseResourceArn(resource: string): ArnParts {
  const parsed = resourceParse(resource);
  if (typeof parsed === 'string') throw new RequestError('resource', parsed);
  return parsed;
}

const PRINCIPAL_TYPE: Record<Caller['kind'], string | undefined> = {
  root: 'Account',
  user: 'User',
  'role-session': 'AssumedRole',
  'federated-user': 'FederatedUser',
  anonymous: 'Anonymous',
  service: undefined,
};

const callerEntryCache = new WeakMap<Caller, readonly (readonly [string, ContextEntry])[]>();

/**
 * The keys AWS sets from who the caller is (IAM User Guide, global condition context keys),
 * computed once per caller: a `Caller` is immutable and shared by every request it makes.
 */
function callerEntries(caller: Caller): readonly (readonly [string, ContextEntry])[] {
  let entries = callerEntryCache.get(caller);
  if (entries) return entries;
  const list: (readonly [string, ContextEntry])[] = [];
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined) list.push([name.toLowerCase(), { name, values: [value], multi: false, derived: true }]);
  };
  add('aws:PrincipalArn', caller.principalArn);
  add('aws:PrincipalAccount', caller.account);
  add('aws:PrincipalType', PRINCIPAL_TYPE[caller.kind]);
  if (caller.kind === 'service') {
    add('aws:PrincipalIsAWSService', 'true');
    add('aws:PrincipalServiceName', caller.service);
  } else if (caller.kind !== 'anonymous') {
    add('aws:PrincipalIsAWSService', 'false');
  }
  if (caller.kind === 'user') add('aws:username', caller.userName);
  switch (caller.kind) {
    case 'root':
      add('aws:userid', caller.account);
      break;
    case 'user':
      add('aws:userid', caller.uniqueId);
      break;
    case 'role-session':
      if (caller.uniqueId !== undefined && caller.sessionName !== undefined) add('aws:userid', `${caller.uniqueId}:${caller.sessionName}`);
      break;
    case 'federated-user':
      add('aws:userid', `${caller.account}:${caller.federatedName}`);
      break;
    case 'anonymous':
      add('aws:userid', 'anonymous');
      break;
    case 'service':
      break;
  }
  entries = list;
  callerEntryCache.set(caller, entries);
  return entries;
}

/** The keys that come from what the test says about the principal beyond its ARN. */
function deriveDescriptionKeys(description: PrincipalDescription, derive: (name: string, value: ContextValue | undefined) => void): void {
  for (const [key, value] of Object.entries(description.tags ?? {})) derive(`aws:PrincipalTag/${key}`, value);
  derive('aws:PrincipalOrgID', description.orgId);
  derive('aws:PrincipalOrgPaths', description.orgPaths);
  derive('aws:SourceIdentity', description.sourceIdentity);
  if (description.mfa !== undefined) derive('aws:MultiFactorAuthPresent', description.mfa);
  for (const [key, value] of Object.entries(description.webIdentity ?? {})) derive(key, value);
}
