/**
 * Calls that carry many items: BatchGetItem, BatchWriteItem, TransactGetItems, TransactWriteItems.
 *
 * Batches are authorized as their own actions (`dynamodb:BatchGetItem`, `dynamodb:BatchWriteItem`:
 * the Service Authorization Reference maps each batch API to its own action only), against every
 * table in `RequestItems`, whose keys may be names or ARNs. One request is made per item, carrying
 * that item's key: under `ForAllValues:` (the form AWS prescribes for LeadingKeys and Attributes)
 * and under a `ForAnyValue:` Deny this decides exactly as one request per table listing all its
 * items would, and it says which item a policy refuses.
 *
 * Transactions have no action of their own: each member is authorized as the single-item action
 * (`Get` as `dynamodb:GetItem`, `ConditionCheck` as `dynamodb:ConditionCheckItem`...) with
 * `dynamodb:EnclosingOperation` naming the transaction (DynamoDB guide, "Using IAM with DynamoDB
 * transactions").
 */

import { isRecord, member, optionalString, requiredArray, requiredRecord, type InputRecord } from './input';
import { CallError, type AuthorizationRequest, type CallScope } from './model';
import { contextOf, keyReadRequest, partitionValue, tableOf, unique, writeRequest, type Enclosure, type WriteKind } from './items';
import { resolveTable, type TableTarget } from './target';

function requestItems(input: InputRecord, where: string, scope: CallScope): [TableTarget, unknown, string][] {
  const items = requiredRecord(input, 'RequestItems', where);
  const entries = Object.entries(items);
  if (entries.length === 0) throw new CallError(`${where}: RequestItems is empty`);
  return entries.map(([nameOrArn, value]) => {
    const path = member('RequestItems', nameOrArn);
    return [resolveTable(nameOrArn, `${where}: ${path}`, scope.options), value, path];
  });
}

function recordAt(list: readonly unknown[], i: number, where: string): InputRecord {
  const value = list[i];
  if (!isRecord(value)) throw new CallError(`${where} must be an object`);
  return value;
}

export function batchGetRequests(scope: CallScope, input: InputRecord): AuthorizationRequest[] {
  const where = scope.command;
  const enclosure: Enclosure = { returnConsumedCapacity: optionalString(input, 'ReturnConsumedCapacity', where) };
  return requestItems(input, where, scope).flatMap(([table, value, path]) => {
    if (!isRecord(value)) throw new CallError(`${where}: ${path} must be an object with Keys`);
    const keys = requiredArray(value, 'Keys', `${where}: ${path}`);
    return keys.map((_, i) => {
      const origin = `${path}.Keys[${i}]`;
      const key = recordAt(keys, i, `${where}: ${origin}`);
      return keyReadRequest('dynamodb:BatchGetItem', table, key, value, `${where}: ${origin}`, origin, scope, enclosure);
    });
  });
}

export function batchWriteRequests(scope: CallScope, input: InputRecord): AuthorizationRequest[] {
  const where = scope.command;
  const returnConsumedCapacity = optionalString(input, 'ReturnConsumedCapacity', where);
  return requestItems(input, where, scope).flatMap(([table, value, path]) => {
    if (!Array.isArray(value) || value.length === 0) {
      throw new CallError(`${where}: ${path} must be a non-empty array of PutRequest/DeleteRequest`);
    }
    return value.map((_, i) => {
      const write = recordAt(value, i, `${where}: ${path}[${i}]`);
      const kind = 'PutRequest' in write ? 'PutRequest' : 'DeleteRequest' in write ? 'DeleteRequest' : undefined;
      if (kind === undefined) throw new CallError(`${where}: ${path}[${i}] has neither PutRequest nor DeleteRequest`);
      const origin = `${path}[${i}].${kind}`;
      const at = `${where}: ${origin}`;
      const request = requiredRecord(write, kind, at);
      const field = kind === 'PutRequest' ? 'Item' : 'Key';
      const map = requiredRecord(request, field, at);
      return {
        action: 'dynamodb:BatchWriteItem',
        resource: table.arn,
        origin,
        context: contextOf([
          ['dynamodb:LeadingKeys', [partitionValue(map, field, at, table, scope)]],
          // A put names every attribute of the item it writes; a delete only the key.
          ['dynamodb:Attributes', unique(Object.keys(map))],
          ['dynamodb:ReturnConsumedCapacity', returnConsumedCapacity],
        ]),
      };
    });
  });
}

const WRITE_MEMBERS: Readonly<Record<string, WriteKind>> = {
  ConditionCheck: 'ConditionCheckItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
};

/** The one member (`Get`, or `Put`/`Update`/`Delete`/`ConditionCheck`) a TransactItem must have. */
function onlyMember(item: InputRecord, allowed: readonly string[], at: string): string {
  const present = allowed.filter((name) => item[name] !== undefined);
  if (present.length !== 1) throw new CallError(`${at} must have exactly one of ${allowed.join(', ')}`);
  return present[0] as string;
}

export function transactRequests(scope: CallScope, input: InputRecord): AuthorizationRequest[] {
  const where = scope.command;
  const items = requiredArray(input, 'TransactItems', where);
  const enclosure: Enclosure = {
    operation: scope.command,
    returnConsumedCapacity: optionalString(input, 'ReturnConsumedCapacity', where),
  };
  const isGet = scope.command === 'TransactGetItems';
  return items.map((_, i) => {
    const item = recordAt(items, i, `${where}: TransactItems[${i}]`);
    const name = onlyMember(item, isGet ? ['Get'] : Object.keys(WRITE_MEMBERS), `${where}: TransactItems[${i}]`);
    const origin = `TransactItems[${i}].${name}`;
    const at = `${where}: ${origin}`;
    const body = requiredRecord(item, name, at);
    if (isGet) {
      return keyReadRequest(
        'dynamodb:GetItem',
        tableOf(body, at, scope),
        requiredRecord(body, 'Key', at),
        body,
        at,
        origin,
        scope,
        enclosure,
      );
    }
    // Members have no ReturnValues; what they may return is ReturnValuesOnConditionCheckFailure,
    // which AWS's transaction policy examples restrict through dynamodb:ReturnValues.
    const returnValues = optionalString(body, 'ReturnValuesOnConditionCheckFailure', at) ?? 'NONE';
    return writeRequest(WRITE_MEMBERS[name] as WriteKind, body, at, origin, scope, returnValues, enclosure);
  });
}
