/**
 * DynamoDB's own condition keys, and one lookup over every key a DynamoDB policy may use
 * (global, DynamoDB, web identity).
 *
 * Facts: the SAR's condition key table for DynamoDB (names, types), the developer guide's
 * fine-grained access control page (specifying-conditions: meanings and allowed values), the
 * transactions and PartiQL IAM pages (EnclosingOperation values, FullTableScan). Descriptions are
 * our own words.
 */

import {
  findGlobalConditionKey,
  findWebIdentityKey,
  GLOBAL_CONDITION_KEYS,
  splitTagStyleKey,
  type ConditionKeyDefinition,
  type GlobalConditionKey,
  type WebIdentityKey,
} from '../condition-keys/global';
import { closestName } from '../util/nearest-name';
import { findAction, type DynamoAction } from './catalog';

export interface DynamoConditionKey extends ConditionKeyDefinition {
  /** Values DynamoDB puts in the key, where the documentation enumerates them. */
  readonly allowedValues?: readonly string[];
  /**
   * Another key that carries the same values (the developer guide calls
   * `dynamodb:FirstPartitionKeyValues` and `dynamodb:LeadingKeys` interchangeable).
   */
  readonly sameAs?: string;
  /** What AWS asks of policies that use the key, when it asks something. */
  readonly usage?: string;
}

const FOR_ALL_VALUES = 'AWS requires the ForAllValues set operator with this key';

function key(spec: Omit<DynamoConditionKey, 'multivalued'>): DynamoConditionKey {
  return { ...spec, multivalued: spec.type.startsWith('ArrayOf') };
}

/** Every `dynamodb:` condition key of the SAR, alphabetical. */
export const DYNAMODB_CONDITION_KEYS: readonly DynamoConditionKey[] = [
  key({
    name: 'dynamodb:Attributes',
    type: 'ArrayOfString',
    description:
      'Top-level attribute names the request names: projections, written attributes, attributes in ' +
      'conditions and filters. Attributes returned without being named (no projection) are not in it.',
  }),
  key({
    name: 'dynamodb:EnclosingOperation',
    type: 'String',
    allowedValues: ['TransactGetItems', 'TransactWriteItems', 'ExecuteTransaction'],
    description: 'The transaction API an item or PartiQL action is a member of; absent for calls made outside a transaction.',
  }),
  key({
    name: 'dynamodb:FirstPartitionKeyValues',
    type: 'ArrayOfString',
    sameAs: 'dynamodb:LeadingKeys',
    usage: FOR_ALL_VALUES,
    description: 'Values of the first partition key attribute of the items the request addresses.',
  }),
  key({
    name: 'dynamodb:FisActionId',
    type: 'String',
    description: 'Id of the AWS Fault Injection Service action behind an InjectError request.',
  }),
  key({
    name: 'dynamodb:FisTargetArns',
    type: 'ArrayOfARN',
    description: 'ARNs of the AWS Fault Injection Service targets of an InjectError request.',
  }),
  key({
    name: 'dynamodb:FourthPartitionKeyValues',
    type: 'ArrayOfString',
    description: 'Values of the fourth attribute of a multi-attribute partition key.',
  }),
  key({
    name: 'dynamodb:FullTableScan',
    type: 'Bool',
    description: 'Whether a PartiQL SELECT would read the whole table (no partition key equality or IN in its WHERE clause).',
  }),
  key({
    name: 'dynamodb:LeadingKeys',
    type: 'ArrayOfString',
    usage: FOR_ALL_VALUES,
    description: 'Partition key values of the items the request addresses; plural even for single-item calls. Scan has no such key.',
  }),
  key({
    name: 'dynamodb:ReturnConsumedCapacity',
    type: 'String',
    allowedValues: ['TOTAL', 'NONE'],
    description: 'The ReturnConsumedCapacity parameter of the request.',
  }),
  key({
    name: 'dynamodb:ReturnValues',
    type: 'String',
    allowedValues: ['ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW', 'NONE'],
    description: 'The ReturnValues parameter of the request, which can return whole items from a write.',
  }),
  key({
    name: 'dynamodb:SecondPartitionKeyValues',
    type: 'ArrayOfString',
    description: 'Values of the second attribute of a multi-attribute partition key.',
  }),
  key({
    name: 'dynamodb:Select',
    type: 'String',
    allowedValues: ['ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES', 'SPECIFIC_ATTRIBUTES', 'COUNT'],
    description: 'The Select parameter of a read: which attributes come back.',
  }),
  key({
    name: 'dynamodb:ThirdPartitionKeyValues',
    type: 'ArrayOfString',
    description: 'Values of the third attribute of a multi-attribute partition key.',
  }),
];

const BY_LOWER_NAME = new Map(DYNAMODB_CONDITION_KEYS.map((k) => [k.name.toLowerCase(), k]));

export function findDynamoConditionKey(name: string): DynamoConditionKey | undefined {
  return BY_LOWER_NAME.get(name.toLowerCase());
}

// The SAR lists no action for the ...PartitionKeyValues keys in the copy consulted. The developer
// guide makes FirstPartitionKeyValues interchangeable with LeadingKeys and the others its siblings
// for multi-attribute keys, so they go wherever LeadingKeys goes.
const PARTITION_KEY_VALUE_KEYS = new Set(
  ['First', 'Second', 'Third', 'Fourth'].map((n) => `dynamodb:${n}PartitionKeyValues`.toLowerCase()),
);
const LEADING_KEYS = 'dynamodb:leadingkeys';

// Tag-style keys appear in the SAR as their families; other global keys are in every request
// context that meets their availability, whatever the action.
const SAR_SCOPED_GLOBAL_KEYS = new Set(['aws:resourcetag/${tagkey}', 'aws:requesttag/${tagkey}', 'aws:tagkeys']);

/**
 * Whether `key` can be in the request context of `action`. DynamoDB keys and the tag keys follow
 * the SAR's per-action lists; other global keys and web-identity keys are not tied to actions, so
 * they count as supported everywhere. Unknown actions and unknown keys give false.
 */
export function actionSupportsKey(action: string | DynamoAction, key: string): boolean {
  const resolved = typeof action === 'string' ? findAction(action) : action;
  if (resolved === undefined) return false;
  const listed = new Set(resolved.conditionKeys.map((k) => k.toLowerCase()));
  const lower = key.toLowerCase();

  if (lower.startsWith('dynamodb:')) {
    if (findDynamoConditionKey(lower) === undefined) return false;
    if (PARTITION_KEY_VALUE_KEYS.has(lower)) return listed.has(lower) || listed.has(LEADING_KEYS);
    return listed.has(lower);
  }
  const global = findGlobalConditionKey(key);
  if (global !== undefined) {
    const family = global.name.toLowerCase();
    return SAR_SCOPED_GLOBAL_KEYS.has(family) ? listed.has(family) : true;
  }
  return findWebIdentityKey(key) !== undefined;
}

export type DescribedConditionKey =
  | { readonly source: 'dynamodb'; readonly key: DynamoConditionKey }
  | { readonly source: 'global'; readonly key: GlobalConditionKey; readonly tagKey?: string }
  | { readonly source: 'web-identity'; readonly key: WebIdentityKey };

/** Any key a DynamoDB policy may name, case-insensitively; undefined when AWS defines no such key. */
export function describeConditionKey(name: string): DescribedConditionKey | undefined {
  const dynamo = findDynamoConditionKey(name);
  if (dynamo !== undefined) return { source: 'dynamodb', key: dynamo };
  const global = findGlobalConditionKey(name);
  if (global !== undefined) {
    const tag = global.tagStyle ? splitTagStyleKey(name) : undefined;
    return tag === undefined ? { source: 'global', key: global } : { source: 'global', key: global, tagKey: tag.tagKey };
  }
  const web = findWebIdentityKey(name);
  return web === undefined ? undefined : { source: 'web-identity', key: web };
}

const DYNAMO_KEY_NAMES: readonly string[] = DYNAMODB_CONDITION_KEYS.map((k) => k.name);
// Tag-style families (`aws:PrincipalTag/${TagKey}`) are written with their tag key, so they are
// suggested by their prefix only through the exact lookup, not here.
const GLOBAL_KEY_NAMES: readonly string[] = GLOBAL_CONDITION_KEYS.filter((k) => !k.tagStyle).map((k) => k.name);

/**
 * The defined key a misspelt one most likely meant (`dynamodb:LeadingKey` → `dynamodb:LeadingKeys`),
 * among the DynamoDB keys for a `dynamodb:` name, the global keys for an `aws:` name.
 */
export function suggestConditionKey(name: string): string | undefined {
  const colon = name.indexOf(':');
  const prefix = colon < 0 ? '' : name.slice(0, colon).toLowerCase();
  const candidates =
    prefix === 'dynamodb' ? DYNAMO_KEY_NAMES : prefix === 'aws' ? GLOBAL_KEY_NAMES : [...DYNAMO_KEY_NAMES, ...GLOBAL_KEY_NAMES];
  // Tolerance from the name after the prefix: a long prefix must not make unrelated names "close".
  const local = colon < 0 ? name : name.slice(colon + 1);
  const near = closestName(name, candidates, Math.max(1, Math.floor(local.length / 3)));
  return near !== undefined && near.toLowerCase() !== name.toLowerCase() ? near : undefined;
}
