/**
 * Control-plane, tagging, resource-policy and Streams calls: one request each, on the table (or
 * index, stream) the call names, or on `*` for the calls the Service Authorization Reference lists
 * without a resource type.
 *
 * Two calls authorize more than their own action:
 * - CreateTable with `ResourcePolicy` also needs `dynamodb:PutResourcePolicy` on the new table (API
 *   reference, CreateTable: "You need to specify the CreateTable and PutResourcePolicy IAM actions").
 * - Tags in TagResource and CreateTable set `aws:RequestTag/<key>` and `aws:TagKeys` (SAR lists both
 *   keys for both actions); UntagResource sets `aws:TagKeys`.
 *
 * GetRecords names its stream only through an opaque shard iterator, so its stream ARN is taken
 * from a `StreamArn` field in the input or from `options.streamArn`.
 */

import { isRecord, optionalArray, optionalString, optionalStringArray, requiredString, type InputRecord } from './input';
import { CallError, type AuthorizationContextValue, type AuthorizationRequest, type CallScope } from './model';
import { indexArnOf, resolveResourceArn, resolveTable, type ResourceKind } from './target';

/** Calls on the table `TableName` names (name or ARN). */
export const TABLE_COMMANDS = [
  'CreateTable',
  'DescribeTable',
  'UpdateTable',
  'DeleteTable',
  'DescribeTimeToLive',
  'UpdateTimeToLive',
  'CreateBackup',
  'DescribeContinuousBackups',
  'UpdateContinuousBackups',
  'DescribeKinesisStreamingDestination',
  'EnableKinesisStreamingDestination',
  'DisableKinesisStreamingDestination',
  'UpdateKinesisStreamingDestination',
  'DescribeTableReplicaAutoScaling',
  'UpdateTableReplicaAutoScaling',
] as const;

/** Calls on the table, or on the index `IndexName` names. */
export const TABLE_OR_INDEX_COMMANDS = ['DescribeContributorInsights', 'UpdateContributorInsights'] as const;

/** Calls whose resource is an ARN field: which field, and which kinds of resource it may name. */
export const ARN_COMMANDS: Readonly<Record<string, { readonly field: string; readonly kinds: readonly ResourceKind[] }>> = {
  ExportTableToPointInTime: { field: 'TableArn', kinds: ['table'] },
  ListTagsOfResource: { field: 'ResourceArn', kinds: ['table', 'stream'] },
  TagResource: { field: 'ResourceArn', kinds: ['table', 'stream'] },
  UntagResource: { field: 'ResourceArn', kinds: ['table', 'stream'] },
  GetResourcePolicy: { field: 'ResourceArn', kinds: ['table', 'stream'] },
  PutResourcePolicy: { field: 'ResourceArn', kinds: ['table', 'stream'] },
  DeleteResourcePolicy: { field: 'ResourceArn', kinds: ['table', 'stream'] },
  DescribeStream: { field: 'StreamArn', kinds: ['stream'] },
  GetShardIterator: { field: 'StreamArn', kinds: ['stream'] },
};

/** Calls that take no resource: authorized on `*`. */
export const UNSCOPED_COMMANDS = ['ListTables', 'DescribeLimits', 'DescribeEndpoints', 'ListBackups', 'ListStreams'] as const;

export const CONTROL_COMMANDS: readonly string[] = [
  ...TABLE_COMMANDS,
  ...TABLE_OR_INDEX_COMMANDS,
  ...Object.keys(ARN_COMMANDS),
  'GetRecords',
  ...UNSCOPED_COMMANDS,
];

/** `aws:RequestTag/<key>` for each tag and `aws:TagKeys` for all, from a `Tags: [{Key, Value}]` list. */
function requestTags(input: InputRecord, where: string): Record<string, AuthorizationContextValue> {
  const tags = optionalArray(input, 'Tags', where);
  if (tags === undefined) return {};
  const context: Record<string, AuthorizationContextValue> = {};
  const keys: string[] = [];
  tags.forEach((tag, i) => {
    const at = `${where}.Tags[${i}]`;
    if (!isRecord(tag)) throw new CallError(`${at} must be an object with Key and Value`);
    const key = requiredString(tag, 'Key', at);
    context[`aws:RequestTag/${key}`] = optionalString(tag, 'Value', at) ?? '';
    keys.push(key);
  });
  if (keys.length > 0) context['aws:TagKeys'] = keys;
  return context;
}

function request(
  command: string,
  resource: string,
  context: Readonly<Record<string, AuthorizationContextValue>> = {},
  origin = command,
): AuthorizationRequest {
  return { action: `dynamodb:${command}`, resource, origin, context };
}

function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

export function controlRequests(scope: CallScope, input: InputRecord): AuthorizationRequest[] {
  const { command, options } = scope;
  const where = command;
  if (isOneOf(TABLE_COMMANDS, command) || isOneOf(TABLE_OR_INDEX_COMMANDS, command)) {
    const table = resolveTable(requiredString(input, 'TableName', where), `${where}.TableName`, options);
    const index = isOneOf(TABLE_OR_INDEX_COMMANDS, command) ? optionalString(input, 'IndexName', where) : undefined;
    const resource = index === undefined ? table.arn : indexArnOf(table, index, `${where}.IndexName`);
    if (command !== 'CreateTable') return [request(command, resource)];
    const created = request(command, resource, requestTags(input, where));
    const policy = optionalString(input, 'ResourcePolicy', where);
    return policy === undefined ? [created] : [created, request('PutResourcePolicy', resource, {}, 'ResourcePolicy')];
  }
  const byArn = ARN_COMMANDS[command];
  if (byArn !== undefined) {
    const resource = resolveResourceArn(requiredString(input, byArn.field, where), `${where}.${byArn.field}`, byArn.kinds);
    if (command === 'TagResource') return [request(command, resource, requestTags(input, where))];
    if (command === 'UntagResource') {
      const keys = optionalStringArray(input, 'TagKeys', where) ?? [];
      return [request(command, resource, keys.length > 0 ? { 'aws:TagKeys': keys } : {})];
    }
    return [request(command, resource)];
  }
  if (command === 'GetRecords') {
    const streamArn = optionalString(input, 'StreamArn', where) ?? options.streamArn;
    if (streamArn === undefined) {
      throw new CallError(
        'GetRecords: the shard iterator does not say which stream it reads; pass options.streamArn ' + '(or add StreamArn to the input)',
      );
    }
    return [request(command, resolveResourceArn(streamArn, `${where}: the stream ARN`, ['stream']))];
  }
  if (isOneOf(UNSCOPED_COMMANDS, command)) return [request(command, '*')];
  throw new CallError(`${command} is not a control-plane command`);
}
