/**
 * What a request, a principal description and a policy set may hold, checked before anything is
 * read from them: known keys only (with a did-you-mean), and values of exactly the documented
 * types. Strings, booleans and numbers are never coerced with `String()`: `null` is not `"null"`,
 * a nested array is not one value, a context given as a string is not keys `"0"`, `"1"`.
 *
 * Cheap by design, because it runs for every request: a few `typeof` tests per key, and a
 * principal description object is checked once (requests reuse their principals).
 */
import { isAccountId } from '../policy/arn';
import { RequestError } from '../policy/errors';
import { findGlobalConditionKey } from '../condition-keys/global';
import { checkKnownKeys, describeArgument, recordArgument, setOf } from '../problems/known-keys';
import { memoWhileServicesLast, serviceFor } from './services';

export const REQUEST_KEYS: readonly string[] = ['principal', 'action', 'resource', 'resourceAccount', 'region', 'context'];
export const PRINCIPAL_KEYS: readonly string[] = [
  'arn',
  'tags',
  'orgId',
  'orgPaths',
  'sourceIdentity',
  'mfa',
  'rolePath',
  'uniqueId',
  'webIdentity',
  'federatedBy',
];
export const POLICY_SET_KEYS: readonly string[] = [
  'identityPolicies',
  'resourcePolicy',
  'permissionBoundary',
  'sessionPolicies',
  'scps',
  'rcps',
  'vpcEndpointPolicy',
];
const REQUEST_KEY_SET = setOf(REQUEST_KEYS);

/** The fast test, run for every request: a switch on interned strings, no hashing. */
function isRequestKey(key: string): boolean {
  switch (key) {
    case 'principal':
    case 'action':
    case 'resource':
    case 'resourceAccount':
    case 'region':
    case 'context':
      return true;
    default:
      return false;
  }
}

function optionalString(value: unknown, field: string): void {
  if (value !== undefined && typeof value !== 'string') throw new RequestError(field, `is a string; found ${describeArgument(value)}`);
}

function stringRecord(value: unknown, field: string): void {
  if (value === undefined) return;
  const record = recordArgument(value, 'request', field, 'is an object of names to strings');
  for (const key of Object.keys(record)) {
    if (typeof record[key] !== 'string')
      throw new RequestError(`${field}["${key}"]`, `is a string; found ${describeArgument(record[key])}`);
  }
}

const checkedDescriptions = new WeakSet<object>();

/** A principal given as an object: its keys and the type of each. */
export function checkPrincipalDescription(description: object): void {
  if (checkedDescriptions.has(description)) return;
  checkKnownKeys(description, PRINCIPAL_KEYS, 'request', 'principal');
  const d = description as Readonly<Record<string, unknown>>;
  if (typeof d.arn !== 'string' || d.arn === '')
    throw new RequestError(
      'principal.arn',
      `is the caller's ARN, an account id, a service principal or "*"; found ${describeArgument(d.arn)}`,
    );
  stringRecord(d.tags, 'principal.tags');
  stringRecord(d.webIdentity, 'principal.webIdentity');
  for (const key of ['orgId', 'sourceIdentity', 'rolePath', 'uniqueId', 'federatedBy'] as const) optionalString(d[key], `principal.${key}`);
  if (d.mfa !== undefined && typeof d.mfa !== 'boolean')
    throw new RequestError('principal.mfa', `is true or false; found ${describeArgument(d.mfa)}`);
  if (d.orgPaths !== undefined && (!Array.isArray(d.orgPaths) || d.orgPaths.some((p) => typeof p !== 'string'))) {
    throw new RequestError('principal.orgPaths', `is a list of strings; found ${describeArgument(d.orgPaths)}`);
  }
  checkedDescriptions.add(description);
}

/** The request object itself: an object with known keys, and the scalar fields of the right type. */
export function checkRequestShape(input: unknown): void {
  const request = recordArgument(input, 'request', '', 'a request is an object with principal, action and resource');
  for (const key in request) {
    // The message (and the did-you-mean) only when a key is not one of the six.
    if (!isRequestKey(key)) checkKnownKeys(request, REQUEST_KEYS, 'request', '', REQUEST_KEY_SET);
  }
  const principal = request.principal;
  if (typeof principal !== 'string') {
    if (typeof principal !== 'object' || principal === null || Array.isArray(principal)) {
      throw new RequestError(
        'principal',
        `is an ARN, an account id, a service principal, "*" or { arn, ... }; found ${describeArgument(principal)}`,
      );
    }
    checkPrincipalDescription(principal);
  }
  if (typeof request.action !== 'string')
    throw new RequestError('action', `is "service:Action", e.g. "dynamodb:GetItem"; found ${describeArgument(request.action)}`);
  optionalString(request.resource, 'resource');
  optionalString(request.region, 'region');
  if (request.resourceAccount !== undefined && (typeof request.resourceAccount !== 'string' || !isAccountId(request.resourceAccount))) {
    throw new RequestError('resourceAccount', `is a 12-digit account id; found ${describeArgument(request.resourceAccount)}`);
  }
  if (request.context !== undefined) recordArgument(request.context, 'request', 'context', 'is an object of condition keys to values');
}

/** The value types AWS gives a condition key the request carries, when iamspec knows the key. */
const keyTypes = memoWhileServicesLast<readonly string[] | null>(4096, (lower) => {
  const global = lower.startsWith('aws:') ? findGlobalConditionKey(lower) : undefined;
  if (global !== undefined) return [global.type, ...(global.alsoComparableAs ?? [])];
  // A service's own keys, from its model (DynamoDB's through the registered ServiceModel).
  const colon = lower.indexOf(':');
  return (colon > 0 ? serviceFor(lower.slice(0, colon))?.conditionKeyTypes(lower) : undefined) ?? null;
});

function scalarProblem(name: string, value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return undefined;
    case 'number': {
      if (!Number.isFinite(value)) return `${String(value)} is not a value a request carries`;
      const types = keyTypes(name.toLowerCase());
      return types === null || types.includes('Numeric') || types.includes('Date')
        ? undefined
        : `is a ${types.join(' or ')} key: give its value as a string, not the number ${value}`;
    }
    case 'boolean': {
      const types = keyTypes(name.toLowerCase());
      return types === null || types.includes('Bool')
        ? undefined
        : `is a ${types.join(' or ')} key: give its value as a string, not the boolean ${String(value)}`;
    }
    default:
      return `a condition value is a string, a boolean, a number or a flat list of them; found ${describeArgument(value)}`;
  }
}

/** One context value: a string, boolean or number (for keys AWS types so), or a flat list of them. */
export function checkContextValue(name: string, value: unknown): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'string') continue;
      if (item === undefined && !(i in value)) throw new RequestError(`context["${name}"][${i}]`, 'the list has a hole here');
      if (Array.isArray(item))
        throw new RequestError(`context["${name}"][${i}]`, 'a multivalued key is a flat list: a list inside the list is not a value');
      const problem = scalarProblem(name, item);
      if (problem !== undefined) throw new RequestError(`context["${name}"][${i}]`, problem);
    }
    return;
  }
  const problem = scalarProblem(name, value);
  if (problem !== undefined) throw new RequestError(`context["${name}"]`, problem);
}

/** The policy set: an object with known keys (each policy is checked where it is placed). */
export function checkPolicySetShape(input: unknown): void {
  const set = recordArgument(input, 'policies', '', 'the policies are an object such as { identityPolicies: [...], resourcePolicy }');
  for (const key in set) {
    // Run for every evaluate(): the set lookup and the message only when a key is not one of the seven.
    if (!isPolicySetKey(key)) checkKnownKeys(set, POLICY_SET_KEYS, 'policies', '', POLICY_SET_KEY_SET);
  }
}

const POLICY_SET_KEY_SET = setOf(POLICY_SET_KEYS);

function isPolicySetKey(key: string): boolean {
  switch (key) {
    case 'identityPolicies':
    case 'resourcePolicy':
    case 'permissionBoundary':
    case 'sessionPolicies':
    case 'scps':
    case 'rcps':
    case 'vpcEndpointPolicy':
      return true;
    default:
      return false;
  }
}
