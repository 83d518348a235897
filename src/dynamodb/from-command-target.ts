/**
 * Which table, index or stream a call addresses, as the ARN AWS authorizes, and which attribute is
 * the partition key there.
 *
 * A `TableName` may be a bare name or a full table ARN ("table name overloading"). A bare name
 * always means a table of the caller's own account in the region of the endpoint called, which is
 * why cross-account calls must give the ARN; an ARN is kept as given, account and region included.
 */

import { splitArn } from '../policy/arn';
import { CallError, type FromCommandOptions, type IndexKeySchema, type KeySchema } from './from-command-model';

export interface TableTarget {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly table: string;
  /** `arn:<partition>:dynamodb:<region>:<account>:table/<table>` */
  readonly arn: string;
}

/** Table and index names: 1 to 255 of `A-Z a-z 0-9 _ - .` (AWS requires 3 for a new table). */
const NAME = /^[A-Za-z0-9_.-]{1,255}$/;

function tableArnOf(partition: string, region: string, account: string, table: string): string {
  return `arn:${partition}:dynamodb:${region}:${account}:table/${table}`;
}

interface DynamoArn {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly table: string;
  /** What follows `table/<name>`, e.g. `/stream/2024-02-12T18:57:26.492`, or ''. */
  readonly rest: string;
}

function splitDynamoArn(text: string, where: string): DynamoArn {
  const split = splitArn(text);
  if (!split.ok) throw new CallError(`${where}: ${split.message}`);
  const { partition, service, region, account, resource } = split.arn;
  if (service !== 'dynamodb') throw new CallError(`${where}: "${text}" is not a DynamoDB ARN`);
  if (region === '' || account === '') {
    throw new CallError(`${where}: "${text}" lacks the region or the account of the table`);
  }
  const match = /^table\/([^/]+)(.*)$/.exec(resource);
  if (match === null) throw new CallError(`${where}: "${text}" is not the ARN of a table or of one of its parts`);
  const table = match[1] as string;
  if (!NAME.test(table)) throw new CallError(`${where}: "${table}" is not a valid table name`);
  return { partition, region, account, table, rest: match[2] as string };
}

/**
 * The table a `TableName` (or a `RequestItems` key) names.
 *
 * TODO(lead): switch to dynamodb/arn.ts resolveTableReference
 */
export function resolveTable(nameOrArn: string, where: string, options: FromCommandOptions): TableTarget {
  if (nameOrArn.startsWith('arn:')) {
    const arn = splitDynamoArn(nameOrArn, where);
    if (arn.rest !== '') throw new CallError(`${where}: "${nameOrArn}" is not a table ARN`);
    return { ...arn, arn: tableArnOf(arn.partition, arn.region, arn.account, arn.table) };
  }
  if (!NAME.test(nameOrArn)) throw new CallError(`${where}: "${nameOrArn}" is neither a table name nor a table ARN`);
  const { account, region } = options;
  if (account === undefined || region === undefined || account === '' || region === '') {
    throw new CallError(
      `${where}: the bare table name "${nameOrArn}" resolves to the caller's account and the endpoint's region; ` +
        'pass options.account and options.region, or give the table ARN',
    );
  }
  const partition = options.partition ?? 'aws';
  return { partition, region, account, table: nameOrArn, arn: tableArnOf(partition, region, account, nameOrArn) };
}

export function indexArnOf(table: TableTarget, index: string, where: string): string {
  if (!NAME.test(index)) throw new CallError(`${where}: "${index}" is not a valid index name`);
  return `${table.arn}/index/${index}`;
}

export type ResourceKind = 'table' | 'stream';

/** A `ResourceArn`/`StreamArn`/`TableArn`: must be an ARN of one of the kinds listed. */
export function resolveResourceArn(text: string, where: string, kinds: readonly ResourceKind[]): string {
  if (!text.startsWith('arn:')) throw new CallError(`${where}: expected an ARN, got "${text}"`);
  const arn = splitDynamoArn(text, where);
  const kind: ResourceKind | undefined =
    arn.rest === '' ? 'table' : /^\/stream\/[^/]+$/.test(arn.rest) ? 'stream' : undefined;
  if (kind === undefined || !kinds.includes(kind)) {
    throw new CallError(`${where}: "${text}" is not the ARN of a ${kinds.join(' or ')}`);
  }
  return text;
}

function isKeySchema(value: unknown): value is KeySchema {
  return typeof value === 'object' && value !== null && typeof (value as KeySchema).partitionKey === 'string';
}

/** The schema given for a table: the single schema, or the one listed under its ARN or its name. */
export function keySchemaFor(table: TableTarget, options: FromCommandOptions): KeySchema | undefined {
  const given = options.keySchema;
  if (given === undefined) return undefined;
  if (isKeySchema(given)) return given;
  const byTable = given as Readonly<Record<string, KeySchema>>;
  return byTable[table.arn] ?? byTable[table.table];
}

/** The key schema of the table itself or, with `index`, of that index if the caller described it. */
export function targetKeySchema(
  table: TableTarget,
  index: string | undefined,
  options: FromCommandOptions,
): IndexKeySchema | undefined {
  const schema = keySchemaFor(table, options);
  if (schema === undefined) return undefined;
  if (index === undefined) return schema;
  return schema.indexes?.[index];
}

/** Where a CallError asking for a key schema points the caller. */
export function keySchemaHint(table: TableTarget, index: string | undefined): string {
  const subject = index === undefined ? `table "${table.table}"` : `index "${index}" of table "${table.table}"`;
  const field = index === undefined ? 'partitionKey' : `indexes["${index}"].partitionKey`;
  return `pass options.keySchema with the ${field} of ${subject}`;
}
