/**
 * Single-item reads and writes (GetItem, PutItem, UpdateItem, DeleteItem and the ConditionCheck of
 * a transaction) and Query/Scan: the requests they are authorized as and the fine-grained access
 * control keys DynamoDB sets on them. Batches and transactions reuse the item builders here.
 *
 * The choices behind `dynamodb:Attributes`, `dynamodb:Select` and `dynamodb:LeadingKeys` are
 * written out, with their sources, at the top of `from-command.ts`.
 */

import { keyConditions, topLevelNames } from '../expressions';
import {
  expressionNames,
  isRecord,
  optionalRecord,
  optionalString,
  optionalStringArray,
  requiredRecord,
  requiredString,
  type InputRecord,
} from './input';
import { CallError, type AuthorizationContextValue, type AuthorizationRequest, type CallScope } from './model';
import { indexArnOf, keySchemaHint, resolveTable, targetKeySchema, type TableTarget } from './target';
import { keyValueText } from './values';
import { setOwn } from '../../util/own-keys';

export type ContextEntry = readonly [key: string, value: AuthorizationContextValue | undefined];

/** A context from entries, leaving out keys with no value and lists with no member. */
export function contextOf(entries: readonly ContextEntry[]): Record<string, AuthorizationContextValue> {
  const context: Record<string, AuthorizationContextValue> = {};
  for (const [key, value] of entries) {
    if (value === undefined) continue;
    if (typeof value !== 'string' && value.length === 0) continue;
    setOwn(context, key, value);
  }
  return context;
}

/** Names in order of first appearance, each once. */
export function unique(...lists: readonly (readonly string[] | undefined)[]): string[] {
  const out = new Set<string>();
  for (const list of lists) for (const name of list ?? []) out.add(name);
  return [...out];
}

/** The table a `TableName` field names. */
export function tableOf(input: InputRecord, where: string, scope: CallScope): TableTarget {
  return resolveTable(requiredString(input, 'TableName', where), `${where}.TableName`, scope.options);
}

/**
 * The partition-key value of the item a `Key` or `Item` map addresses. Without a key schema the
 * partition key is known only when the map has a single attribute (it must then be the key);
 * anything else needs `options.keySchema`.
 */
export function partitionValue(map: InputRecord, field: string, where: string, table: TableTarget, scope: CallScope): string {
  const partitionKey = targetKeySchema(table, undefined, scope.options)?.partitionKey;
  const attributes = Object.keys(map);
  if (partitionKey !== undefined) {
    if (!(partitionKey in map)) {
      throw new CallError(`${where}: ${field} has no value for the partition key "${partitionKey}"`);
    }
    return keyValueText(map[partitionKey], `${where}.${field}.${partitionKey}`);
  }
  if (attributes.length === 1) {
    const only = attributes[0] as string;
    return keyValueText(map[only], `${where}.${field}.${only}`);
  }
  throw new CallError(`${where}: cannot tell which attribute of ${field} is the partition key; ${keySchemaHint(table, undefined)}`);
}

/** Top-level names of an optional expression parameter. */
export function namesIn(input: InputRecord, field: string, where: string): string[] {
  const expression = optionalString(input, field, where);
  if (expression === undefined || expression.trim() === '') return [];
  return topLevelNames(expression, expressionNames(input, where), `${where}.${field}`);
}

/** Attribute names of a legacy map parameter (`Expected`, `AttributeUpdates`, `ScanFilter`...). */
export function legacyNames(input: InputRecord, field: string, where: string): string[] {
  return Object.keys(optionalRecord(input, field, where) ?? {});
}

/** `dynamodb:Select` for a read with no `Select` parameter: see `from-command.ts`. */
export function defaultSelect(projected: boolean, onIndex: boolean): string {
  if (projected) return 'SPECIFIC_ATTRIBUTES';
  return onIndex ? 'ALL_PROJECTED_ATTRIBUTES' : 'ALL_ATTRIBUTES';
}

/** What a request inherits from the call around it. */
export interface Enclosure {
  /** `dynamodb:EnclosingOperation`, set on members of a transaction. */
  readonly operation?: string;
  /** `dynamodb:ReturnConsumedCapacity` of the whole call. */
  readonly returnConsumedCapacity?: string;
}

/**
 * A read of one item by key: GetItem, a BatchGetItem key, a TransactGetItems `Get`. `keySource`
 * holds Key, ProjectionExpression, ExpressionAttributeNames and AttributesToGet; for BatchGetItem
 * the projection is per table and the key comes separately.
 */
export function keyReadRequest(
  action: string,
  table: TableTarget,
  key: InputRecord,
  projection: InputRecord,
  where: string,
  origin: string,
  scope: CallScope,
  enclosure: Enclosure,
): AuthorizationRequest {
  const projected = unique(namesIn(projection, 'ProjectionExpression', where), optionalStringArray(projection, 'AttributesToGet', where));
  return {
    action,
    resource: table.arn,
    origin,
    context: contextOf([
      ['dynamodb:LeadingKeys', [partitionValue(key, 'Key', where, table, scope)]],
      ['dynamodb:Attributes', unique(Object.keys(key), projected)],
      // GetItem and BatchGetItem have no Select parameter; a projection is what asks for specific attributes.
      ['dynamodb:Select', defaultSelect(projected.length > 0, false)],
      ['dynamodb:EnclosingOperation', enclosure.operation],
      ['dynamodb:ReturnConsumedCapacity', enclosure.returnConsumedCapacity],
    ]),
  };
}

export type WriteKind = 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheckItem';

/** The attribute names a write touches; see `from-command.ts` for which ones count. */
function writtenNames(kind: WriteKind, item: InputRecord, where: string): string[] {
  const condition = unique(namesIn(item, 'ConditionExpression', where), legacyNames(item, 'Expected', where));
  if (kind === 'PutItem') return unique(Object.keys(requiredRecord(item, 'Item', where)), condition);
  const key = Object.keys(requiredRecord(item, 'Key', where));
  if (kind === 'UpdateItem') {
    return unique(key, namesIn(item, 'UpdateExpression', where), legacyNames(item, 'AttributeUpdates', where), condition);
  }
  return unique(key, condition);
}

/**
 * A write of one item: PutItem, UpdateItem, DeleteItem, or a member of TransactWriteItems (where
 * ConditionCheck is authorized as `dynamodb:ConditionCheckItem`).
 */
export function writeRequest(
  kind: WriteKind,
  item: InputRecord,
  where: string,
  origin: string,
  scope: CallScope,
  returnValues: string,
  enclosure: Enclosure,
): AuthorizationRequest {
  const table = tableOf(item, where, scope);
  const keyField = kind === 'PutItem' ? 'Item' : 'Key';
  const attributes = writtenNames(kind, item, where);
  return {
    action: `dynamodb:${kind}`,
    resource: table.arn,
    origin,
    context: contextOf([
      ['dynamodb:LeadingKeys', [partitionValue(requiredRecord(item, keyField, where), keyField, where, table, scope)]],
      ['dynamodb:Attributes', attributes],
      ['dynamodb:ReturnValues', returnValues],
      ['dynamodb:EnclosingOperation', enclosure.operation],
      ['dynamodb:ReturnConsumedCapacity', enclosure.returnConsumedCapacity],
    ]),
  };
}

/** GetItem, PutItem, UpdateItem, DeleteItem called on their own. */
export function singleItemRequests(scope: CallScope, input: InputRecord): AuthorizationRequest[] {
  const where = scope.command;
  const enclosure: Enclosure = { returnConsumedCapacity: optionalString(input, 'ReturnConsumedCapacity', where) };
  if (scope.command === 'GetItem') {
    const table = tableOf(input, where, scope);
    const key = requiredRecord(input, 'Key', where);
    return [keyReadRequest('dynamodb:GetItem', table, key, input, where, where, scope, enclosure)];
  }
  const kind = scope.command as WriteKind;
  const returnValues = optionalString(input, 'ReturnValues', where) ?? 'NONE';
  return [writeRequest(kind, input, where, where, scope, returnValues, enclosure)];
}

interface QueryKey {
  /** Attributes the key conditions name. */
  readonly attributes: readonly string[];
  /** The value of the partition-key equality. */
  readonly leadingKey: string;
}

interface StatedCondition {
  readonly attribute: string;
  readonly equality: boolean;
  /** The compared value, read only when needed (it may be absent for non-equality conditions). */
  readonly value: () => unknown;
}

/**
 * The partition-key equality among a Query's key conditions. Without a key schema it is still
 * certain when there is one condition that is an equality, or two of which exactly one is (a
 * partition key only takes `=`); two equalities need the schema to tell them apart.
 */
function pickPartitionCondition(
  conditions: readonly StatedCondition[],
  partitionKey: string | undefined,
  where: string,
  table: TableTarget,
  index: string | undefined,
): StatedCondition {
  if (partitionKey !== undefined) {
    const match = conditions.find((c) => c.attribute === partitionKey && c.equality);
    if (match === undefined) {
      throw new CallError(`${where}: the key condition has no equality on the partition key "${partitionKey}"`);
    }
    return match;
  }
  const equalities = conditions.filter((c) => c.equality);
  if (equalities.length === 1 && conditions.length <= 2) return equalities[0] as StatedCondition;
  throw new CallError(`${where}: cannot tell which key condition is on the partition key; ${keySchemaHint(table, index)}`);
}

function expressionValue(input: InputRecord, placeholder: string, where: string): unknown {
  const values = optionalRecord(input, 'ExpressionAttributeValues', where) ?? {};
  if (!(placeholder in values)) {
    throw new CallError(`${where}: ${placeholder} is not defined in ExpressionAttributeValues`);
  }
  return values[placeholder];
}

function statedConditions(input: InputRecord, where: string): StatedCondition[] {
  const expression = optionalString(input, 'KeyConditionExpression', where);
  if (expression !== undefined) {
    const param = `${where}.KeyConditionExpression`;
    return keyConditions(expression, expressionNames(input, where), param).map((c) => ({
      attribute: c.attribute,
      equality: c.operator === '=',
      value: () => expressionValue(input, c.values[0] as string, where),
    }));
  }
  const legacy = optionalRecord(input, 'KeyConditions', where);
  if (legacy === undefined) throw new CallError(`${where}: KeyConditionExpression (or legacy KeyConditions) is required`);
  return Object.entries(legacy).map(([attribute, condition]) => {
    const at = `${where}.KeyConditions.${attribute}`;
    if (!isRecord(condition)) throw new CallError(`${at} must be an object`);
    const record = condition;
    const operator = requiredString(record, 'ComparisonOperator', at);
    return {
      attribute,
      equality: operator === 'EQ',
      value: () => {
        const list = record['AttributeValueList'];
        if (!Array.isArray(list) || list.length === 0) throw new CallError(`${at}: AttributeValueList is required`);
        return list[0];
      },
    };
  });
}

function queryKey(input: InputRecord, where: string, table: TableTarget, index: string | undefined, scope: CallScope): QueryKey {
  const conditions = statedConditions(input, where);
  const partitionKey = targetKeySchema(table, index, scope.options)?.partitionKey;
  const chosen = pickPartitionCondition(conditions, partitionKey, where, table, index);
  return {
    attributes: conditions.map((c) => c.attribute),
    leadingKey: keyValueText(chosen.value(), `${where}: the value compared with "${chosen.attribute}"`),
  };
}

/** Query and Scan: on the table, or on the index `IndexName` names. */
export function queryScanRequests(scope: CallScope, input: InputRecord): AuthorizationRequest[] {
  const where = scope.command;
  const table = tableOf(input, where, scope);
  const index = optionalString(input, 'IndexName', where);
  const resource = index === undefined ? table.arn : indexArnOf(table, index, `${where}.IndexName`);
  const isQuery = scope.command === 'Query';
  const key = isQuery ? queryKey(input, where, table, index, scope) : undefined;
  const projected = unique(namesIn(input, 'ProjectionExpression', where), optionalStringArray(input, 'AttributesToGet', where));
  const filtered = unique(namesIn(input, 'FilterExpression', where), legacyNames(input, isQuery ? 'QueryFilter' : 'ScanFilter', where));
  const select = optionalString(input, 'Select', where) ?? defaultSelect(projected.length > 0, index !== undefined);
  return [
    {
      action: `dynamodb:${scope.command}`,
      resource,
      origin: where,
      context: contextOf([
        ['dynamodb:LeadingKeys', key === undefined ? undefined : [key.leadingKey]],
        ['dynamodb:Attributes', unique(key?.attributes, projected, filtered)],
        ['dynamodb:Select', select],
        ['dynamodb:ReturnConsumedCapacity', optionalString(input, 'ReturnConsumedCapacity', where)],
      ]),
    },
  ];
}
