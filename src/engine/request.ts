/**
 * From the request a test describes to the request AWS authorizes: the caller parsed, the resource
 * resolved, and the condition keys AWS derives added (never overriding what the caller gave).
 */
import { resolveTableReference } from '../dynamodb/arn';
import { splitArn, type ArnParts } from '../policy/arn';
import { RequestError } from '../policy/errors';
import { parseIpAddress } from '../policy/values';
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

/** Keys whose request values AWS always sends as addresses: a typo here is bad input, not a non-match. */
const ADDRESS_KEYS = new Set(['aws:sourceip', 'aws:vpcsourceip', 'aws:ec2instancesourceprivateipv4']);

export function resolveRequest(input: RequestInput): ResolvedRequest {
  if (typeof input !== 'object' || input === null) throw new RequestError('', 'a request is an object with principal, action and resource');
  const caller = parseCaller(input.principal);
  const action = input.action;
  if (typeof action !== 'string' || !ACTION.test(action)) {
    throw new RequestError('action', `"${String(action)}" is not an action: write it as "service:Action", e.g. "dynamodb:GetItem"`);
  }
  const colon = action.indexOf(':');
  const service = action.slice(0, colon).toLowerCase();

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
    const split = splitArn(resource);
    if (!split.ok) throw new RequestError('resource', split.message);
    if (/[*?]/.test(resource)) throw new RequestError('resource', `"${resource}": a request names one resource; wildcards belong in policies`);
    resourceArn = split.arn;
  }
  const resourceAccount = input.resourceAccount ?? (resourceArn && resourceArn.account !== '' ? resourceArn.account : undefined);

  const context = new Map<string, ContextEntry>();
  for (const [name, value] of Object.entries(input.context ?? {})) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (context.has(lower)) throw new RequestError(`context["${name}"]`, `the key is given twice (key names are case-insensitive)`);
    const { values, multi } = toValues(value);
    if (ADDRESS_KEYS.has(lower)) {
      for (const v of values) {
        if (!parseIpAddress(v)) throw new RequestError(`context["${name}"]`, `"${v}" is not an IP address`);
      }
    }
    context.set(lower, { name, values, multi, derived: false });
  }
  const derive = (name: string, value: ContextValue | undefined) => {
    if (value === undefined) return;
    const lower = name.toLowerCase();
    if (context.has(lower)) return;
    const { values, multi } = toValues(value);
    context.set(lower, { name, values, multi, derived: true });
  };
  const description: Partial<PrincipalDescription> = typeof input.principal === 'string' ? {} : input.principal;
  deriveCallerKeys(caller, description, derive);
  derive('aws:ResourceAccount', resourceAccount);
  derive('aws:RequestedRegion', resourceArn && resourceArn.region !== '' ? resourceArn.region : input.region);

  return {
    caller,
    action,
    actionLower: action.toLowerCase(),
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

const PRINCIPAL_TYPE: Record<Caller['kind'], string | undefined> = {
  root: 'Account',
  user: 'User',
  'role-session': 'AssumedRole',
  'federated-user': 'FederatedUser',
  anonymous: 'Anonymous',
  service: undefined,
};

/** The keys AWS sets from who the caller is (IAM User Guide, global condition context keys). */
function deriveCallerKeys(caller: Caller, description: Partial<PrincipalDescription>, derive: (name: string, value: ContextValue | undefined) => void): void {
  derive('aws:PrincipalArn', caller.principalArn);
  derive('aws:PrincipalAccount', caller.account);
  derive('aws:PrincipalType', PRINCIPAL_TYPE[caller.kind]);
  if (caller.kind === 'service') {
    derive('aws:PrincipalIsAWSService', 'true');
    derive('aws:PrincipalServiceName', caller.service);
  } else if (caller.kind !== 'anonymous') {
    derive('aws:PrincipalIsAWSService', 'false');
  }
  if (caller.kind === 'user') derive('aws:username', caller.userName);
  switch (caller.kind) {
    case 'root':
      derive('aws:userid', caller.account);
      break;
    case 'user':
      derive('aws:userid', caller.uniqueId);
      break;
    case 'role-session':
      if (caller.uniqueId !== undefined && caller.sessionName !== undefined) derive('aws:userid', `${caller.uniqueId}:${caller.sessionName}`);
      break;
    case 'federated-user':
      derive('aws:userid', `${caller.account}:${caller.federatedName}`);
      break;
    case 'anonymous':
      derive('aws:userid', 'anonymous');
      break;
    case 'service':
      break;
  }
  for (const [key, value] of Object.entries(description.tags ?? {})) derive(`aws:PrincipalTag/${key}`, value);
  derive('aws:PrincipalOrgID', description.orgId);
  derive('aws:PrincipalOrgPaths', description.orgPaths);
  derive('aws:SourceIdentity', description.sourceIdentity);
  if (description.mfa !== undefined) derive('aws:MultiFactorAuthPresent', description.mfa);
  for (const [key, value] of Object.entries(description.webIdentity ?? {})) derive(key, value);
}
