/**
 * Which table, index or stream a call addresses, as the ARN AWS authorizes, and which attribute is
 * the partition key there.
 *
 * A `TableName` may be a bare name or a full table ARN ("table name overloading"). A bare name
 * always means a table of the caller's own account in the region of the endpoint called, which is
 * why cross-account calls must give the ARN; an ARN is kept as given, account and region included.
 */

import { indexArn, parseDynamoArn, resolveTableReference, tableNameProblem } from '../arn';
import { CallError, type FromCommandOptions, type IndexKeySchema, type KeySchema } from './model';
import { ownValue } from '../../util/own-keys';

export interface TableTarget {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly table: string;
  /** `arn:<partition>:dynamodb:<region>:<account>:table/<table>` */
  readonly arn: string;
}

/**
 * The table a `TableName` (or a `RequestItems` key) names, through the one resolver of the model
 * (`resolveTableReference`), so that the evaluator and `fromCommand` agree on every name.
 */
export function resolveTable(nameOrArn: string, where: string, options: FromCommandOptions): TableTarget {
  if (
    !nameOrArn.startsWith('arn:') &&
    (options.account === undefined || options.region === undefined || options.account === '' || options.region === '')
  ) {
    throw new CallError(
      `${where}: the bare table name "${nameOrArn}" resolves to the caller's account and the endpoint's region; ` +
        'pass options.account and options.region, or give the table ARN',
    );
  }
  const reference = resolveTableReference(nameOrArn, {
    ...(options.partition !== undefined ? { partition: options.partition } : {}),
    region: options.region ?? '',
    account: options.account ?? '',
  });
  if (!reference.ok) throw new CallError(`${where}: ${reference.message}`);
  const { partition, region, account, table } = reference.resource;
  return { partition, region, account, table, arn: reference.arn };
}

export function indexArnOf(table: TableTarget, index: string, where: string): string {
  const problem = tableNameProblem(index, 'index name');
  if (problem !== undefined) throw new CallError(`${where}: ${problem}`);
  return indexArn({ partition: table.partition, region: table.region, account: table.account, table: table.table, index });
}

export type ResourceKind = 'table' | 'stream';

/** A `ResourceArn`/`StreamArn`/`TableArn`: must be an ARN of one of the kinds listed. */
export function resolveResourceArn(text: string, where: string, kinds: readonly ResourceKind[]): string {
  if (!text.startsWith('arn:')) throw new CallError(`${where}: expected an ARN, got "${text}"`);
  const parsed = parseDynamoArn(text);
  if (!parsed.ok) throw new CallError(`${where}: ${parsed.message}`);
  const kind = parsed.resource.type;
  if ((kind !== 'table' && kind !== 'stream') || !kinds.includes(kind)) {
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
  return ownValue(byTable, table.arn) ?? ownValue(byTable, table.table);
}

/** The key schema of the table itself or, with `index`, of that index if the caller described it. */
export function targetKeySchema(table: TableTarget, index: string | undefined, options: FromCommandOptions): IndexKeySchema | undefined {
  const schema = keySchemaFor(table, options);
  if (schema === undefined) return undefined;
  if (index === undefined) return schema;
  return schema.indexes === undefined ? undefined : ownValue(schema.indexes, index);
}

/** Where a CallError asking for a key schema points the caller. */
export function keySchemaHint(table: TableTarget, index: string | undefined): string {
  const subject = index === undefined ? `table "${table.table}"` : `index "${index}" of table "${table.table}"`;
  const field = index === undefined ? 'partitionKey' : `indexes["${index}"].partitionKey`;
  return `pass options.keySchema with the ${field} of ${subject}`;
}
