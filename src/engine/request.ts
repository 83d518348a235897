/**
 * From the request a test describes to the request AWS authorizes: the caller parsed, the resource
 * resolved, and the condition keys AWS derives added (never overriding what the caller gave).
 */
import { splitArn, type ArnParts } from '../policy/arn';
import { RequestError } from '../problems/request-error';
import { findGlobalConditionKey } from '../condition-keys/global';
import { parseBool, parseIamDate, parseIpAddress, parseNumber } from '../policy/values';
import { GivenContext, givenEntry, LayeredContext, type ContextEntry } from './context';
import { parseCaller, type Caller } from './principal';
import { actionProblem, memoWhileServicesLast, serviceFor } from './services';

export type { ContextEntry } from './context';
import type { ContextValue, PrincipalDescription, RequestInput } from './request-types';
import { BoundedCache, memo } from '../util/memo';
import { checkContextValue, checkRequestShape } from './request-check';

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

function toValues(value: ContextValue): { values: string[]; multi: boolean } {
  if (Array.isArray(value)) return { values: value.map((v) => String(v)), multi: true };
  return { values: [String(value)], multi: false };
}

/** The value types AWS fixes for a global key, when they are not plain text; remembered per key. */
const typedKey = memoWhileServicesLast<{ readonly name: string; readonly types: readonly string[] } | null>(4096, (lower) => {
  const key = findGlobalConditionKey(lower);
  const colon = lower.indexOf(':');
  const serviceTypes = key === undefined && colon > 0 ? serviceFor(lower.slice(0, colon))?.conditionKeyTypes(lower) : undefined;
  const types = key !== undefined ? [key.type, ...(key.alsoComparableAs ?? [])] : serviceTypes;
  if (types === undefined) return null;
  return types.some((t) => t === 'IPAddress' || t === 'Date' || t === 'Numeric' || t === 'Bool')
    ? { name: key?.name ?? lower, types }
    : null;
});

function fitsType(type: string, value: string): boolean {
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
}

/**
 * What is wrong with a value the test gave for a global or service key whose type AWS fixes (an address, a
 * date, a number, a boolean), if anything. A typo there is bad input, not a request that quietly
 * matches no condition.
 */
function valueProblem(lower: string, name: string, given: ContextValue): string | undefined {
  const key = typedKey(lower);
  if (key === null) return undefined;
  for (const value of givenEntry(name, given).values) {
    if (!key.types.some((type) => fitsType(type, value)))
      return `"${value}" is not a valid ${key.types.join(' or ')} value for ${key.name}`;
  }
  return undefined;
}

export function resolveRequest(input: RequestInput): ResolvedRequest {
  checkRequestShape(input);
  const caller = parseCaller(input.principal);
  const action = input.action;
  const { actionLower, service } = parseAction(action);

  let resource = input.resource ?? '*';
  let resolvedFromName: string | undefined;
  let resourceArn: ArnParts | undefined;
  if (typeof resource !== 'string' || resource === '') throw new RequestError('resource', 'the resource is an ARN (or "*")');
  if (resource !== '*') {
    if (!resource.startsWith('arn:')) {
      const bare = serviceFor(service)?.bareResource;
      if (bare === undefined) throw new RequestError('resource', `"${resource}" is not an ARN`);
      const region = input.region ?? contextString(input, 'aws:RequestedRegion');
      const noun = bare.noun;
      const arnOf = noun.replace(/ name$/, ' ARN');
      if (caller.account === undefined)
        throw new RequestError(
          'resource',
          `the bare ${noun} "${resource}" resolves in the caller's account, and this caller has none: give the ${arnOf}`,
        );
      if (region === undefined)
        throw new RequestError(
          'region',
          `the bare ${noun} "${resource}" resolves in the caller's region: give request.region (or the ${arnOf})`,
        );
      const reference = bare.resolve(resource, { partition: caller.partition, region, account: caller.account });
      if (!reference.ok) throw new RequestError('resource', reference.message);
      resolvedFromName = resource;
      resource = reference.arn;
    }
    resourceArn = parseResourceArn(resource);
  }
  const resourceAccount = input.resourceAccount ?? (resourceArn && resourceArn.account !== '' ? resourceArn.account : undefined);

  const raw = input.context;
  const given = raw === undefined ? NO_ENTRIES : new GivenContext();
  if (raw !== undefined) {
    for (const name in raw) {
      const value = raw[name];
      if (value === undefined) continue;
      if (typeof value !== 'string') checkContextValue(name, value);
      const lower = lowerKey(name);
      if ((given as GivenContext).has(lower))
        throw new RequestError(`context["${name}"]`, `the key is given twice (key names are case-insensitive)`);
      const problem = valueProblem(lower, name, value);
      if (problem !== undefined) throw new RequestError(`context["${name}"]`, problem);
      (given as GivenContext).add(lower, name, value);
    }
  }
  const region = resourceArn && resourceArn.region !== '' ? resourceArn.region : input.region;
  const described = typeof input.principal === 'string' ? NO_ENTRIES : descriptionEntries(input.principal);
  const fromArnAlone = resourceArn !== undefined && input.resourceAccount === undefined && resourceArn.region !== '';
  const context = new LayeredContext(
    given,
    described,
    callerEntries(caller),
    fromArnAlone ? arnEntries(resourceArn!) : resourceEntries(resourceAccount, region),
  );

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

const NO_ENTRIES: ReadonlyMap<string, ContextEntry> = new Map();

/** `aws:ResourceAccount` and `aws:RequestedRegion`, one shared layer per account and region. */
const resourceLayer = memo<ReadonlyMap<string, ContextEntry>>(1024, (key) => {
  const [account, region] = key.split('\u0000') as [string, string];
  const layer = new Map<string, ContextEntry>();
  if (account !== '') layer.set('aws:resourceaccount', { name: 'aws:ResourceAccount', values: [account], multi: false, derived: true });
  if (region !== '') layer.set('aws:requestedregion', { name: 'aws:RequestedRegion', values: [region], multi: false, derived: true });
  return layer;
});

const arnLayers = new WeakMap<ArnParts, ReadonlyMap<string, ContextEntry>>();

/** The common case, keyed by the (memoised) parsed ARN: account and region are the ARN's own. */
function arnEntries(arn: ArnParts): ReadonlyMap<string, ContextEntry> {
  let layer = arnLayers.get(arn);
  if (layer === undefined) {
    layer = resourceEntries(arn.account !== '' ? arn.account : undefined, arn.region);
    arnLayers.set(arn, layer);
  }
  return layer;
}

function resourceEntries(account: string | undefined, region: string | undefined): ReadonlyMap<string, ContextEntry> {
  if (account === undefined && region === undefined) return NO_ENTRIES;
  return resourceLayer(`${account ?? ''}\u0000${region ?? ''}`);
}

const lowerKey = memo<string>(4096, (name) => name.toLowerCase());

type ActionParse = { actionLower: string; service: string } | { error: string };

const actionParse = memoWhileServicesLast<ActionParse>(1024, (action) => {
  const problem = actionProblem(action);
  if (problem !== undefined) return { error: problem.message };
  return { actionLower: action.toLowerCase(), service: action.slice(0, action.indexOf(':')).toLowerCase() };
});

function parseAction(action: unknown): { actionLower: string; service: string } {
  if (typeof action !== 'string') throw new RequestError('action', `is "service:Action", e.g. "dynamodb:GetItem"; found ${typeof action}`);
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

const callerEntryCache = new WeakMap<Caller, ReadonlyMap<string, ContextEntry>>();
const roleEntryCache = new BoundedCache<ReadonlyMap<string, ContextEntry>>(4096);

/**
 * The keys AWS sets from who the caller is (IAM User Guide, global condition context keys),
 * computed once per caller: a `Caller` is immutable and shared by every request it makes. A role
 * session's keys are the same for every session of the role (unless `aws:userid` names the
 * session), and each session is a new `Caller`: those are remembered by the role instead.
 */
function callerEntries(caller: Caller): ReadonlyMap<string, ContextEntry> {
  if (caller.kind === 'role-session' && caller.uniqueId === undefined)
    return roleEntryCache.get(caller.principalArn!, callerEntriesUncached, caller);
  let entries = callerEntryCache.get(caller);
  if (entries) return entries;
  entries = callerEntriesUncached(caller);
  callerEntryCache.set(caller, entries);
  return entries;
}

function callerEntriesUncached(caller: Caller): ReadonlyMap<string, ContextEntry> {
  const list = new Map<string, ContextEntry>();
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined) list.set(name.toLowerCase(), { name, values: [value], multi: false, derived: true });
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
  return list;
}

/** The keys that come from what the test says about the principal beyond its ARN. */
function descriptionEntries(description: PrincipalDescription): ReadonlyMap<string, ContextEntry> {
  const layer = new Map<string, ContextEntry>();
  const derive = (name: string, value: ContextValue | undefined) => {
    if (value === undefined) return;
    const lower = lowerKey(name);
    if (layer.has(lower)) return;
    const { values, multi } = toValues(value);
    layer.set(lower, { name, values, multi, derived: true });
  };
  for (const [key, value] of Object.entries(description.tags ?? {})) derive(`aws:PrincipalTag/${key}`, value);
  derive('aws:PrincipalOrgID', description.orgId);
  derive('aws:PrincipalOrgPaths', description.orgPaths);
  derive('aws:SourceIdentity', description.sourceIdentity);
  if (description.mfa !== undefined) derive('aws:MultiFactorAuthPresent', description.mfa);
  for (const [key, value] of Object.entries(description.webIdentity ?? {})) derive(key, value);
  return layer;
}
