/**
 * `fromCommand`: a real DynamoDB API call, turned into the requests AWS authorizes for it, each
 * with the condition keys DynamoDB sets, so that a test can evaluate a policy against exactly what
 * an application sends.
 *
 * Sources: DynamoDB Developer Guide, "Using IAM policy conditions for fine-grained access control"
 * (specifying-conditions), "Using IAM with DynamoDB transactions" (transaction-apis-iam), "IAM
 * security policies with PartiQL for DynamoDB" (ql-iam); the API reference of each operation; the
 * Service Authorization Reference for DynamoDB (list_amazondynamodb, "SAR" below). AWS does not
 * publish every rule; where it is silent the choice below is the one that keeps an allow-list
 * policy from passing a test that AWS would refuse.
 *
 * dynamodb:Attributes: the top-level attributes the request names, each once, in order of first
 * appearance. The guide defines the key as "the attribute names in a request, or the attributes
 * that are returned from a request"; its examples say allowed attributes "can be read, written, or
 * evaluated in a conditional write or scan filter", that a restricted user "cannot perform
 * conditional write operations based on any other attributes", and that a policy must list "all
 * of the primary key and index key attributes". So every name counts wherever it appears:
 * - the attribute names of `Key` (and of `Item` for PutItem and BatchWriteItem puts), and the key
 *   attributes a Query's key condition names: key attributes are named by the request;
 * - `ProjectionExpression` and `AttributesToGet`;
 * - `UpdateExpression`: the targets of SET, REMOVE, ADD and DELETE, and also names read on the
 *   right-hand side (`SET a = b + :v` counts `b`), because such a read can copy a hidden attribute
 *   into an allowed one; `AttributeUpdates`;
 * - `ConditionExpression`, `FilterExpression`, `KeyConditionExpression`, and the legacy `Expected`,
 *   `QueryFilter`, `ScanFilter`, `KeyConditions`;
 * - a nested path counts as its top-level attribute (`Address.City` is `Address`).
 * Not counted: `ExclusiveStartKey` (a paging cursor), `ExpressionAttributeNames` entries that no
 * expression uses, key attributes the request does not name (the sort key of a Query that states
 * only the partition key; the table's key in an index Query: the guide's index example allows
 * `TopScoreDateTime, GameTitle, Wins, Losses, Attempts` without the table's partition key
 * `UserId`), and the attributes a read without projection returns: that read is reported by
 * `dynamodb:Select = ALL_ATTRIBUTES`, which is why AWS pairs Attributes with Select. A request that
 * names no attribute (a Scan without projection or filter) has no Attributes key.
 *
 * dynamodb:Select: the `Select` parameter of Query/Scan. Without it, SPECIFIC_ATTRIBUTES when a
 * projection is given, else ALL_ATTRIBUTES on a table and ALL_PROJECTED_ATTRIBUTES on an index
 * (Query and Scan API reference). GetItem, BatchGetItem and TransactGetItems' Get have no Select
 * parameter, but the SAR lists the key for GetItem and BatchGetItem and the guide says "the
 * Select parameter always has a value (ALL_ATTRIBUTES, unless otherwise specified)" for a policy
 * covering them; they get ALL_ATTRIBUTES, or SPECIFIC_ATTRIBUTES with a projection (without that
 * the guide's `StringEqualsIfExists dynamodb:Select = SPECIFIC_ATTRIBUTES` policies could never
 * allow a GetItem). A PartiQL SELECT follows the Query rule: `*` or a list of names.
 *
 * dynamodb:LeadingKeys: "the first key attribute of a table — in other words, the partition key",
 * plural even for one item (guide). The partition-key value of each item addressed: from `Key`, or
 * `Item` for puts; for a Query the value its key condition sets the partition key equal to — on an
 * index, the index's partition key, which is what the condition fixes (AWS does not say). Scan has
 * none (the SAR does not list it, and the guide leaves Scan out of per-user policies for that
 * reason). Values are text: S as is, N as the number's text as sent, B as base64. When the call
 * alone does not show which attribute is the partition key (a Key of two attributes, an Item, two
 * equalities, a PartiQL WHERE), a CallError asks for `options.keySchema`.
 *
 * dynamodb:ReturnValues: the parameter, NONE when absent, on PutItem, UpdateItem and DeleteItem
 * ("the ReturnValues parameter always has a value (NONE unless otherwise specified)"). Transaction
 * members have only ReturnValuesOnConditionCheckFailure, which stands in for it (NONE when absent):
 * the transactions guide restricts what a failed condition check returns through
 * dynamodb:ReturnValues. PartiQL UPDATE/DELETE: `RETURNING ALL|MODIFIED OLD|NEW *` as ALL_OLD,
 * UPDATED_OLD, ALL_NEW, UPDATED_NEW, else NONE. Query and Scan take no ReturnValues and get none,
 * though the SAR lists the key for them.
 *
 * dynamodb:ReturnConsumedCapacity: the parameter, when given, as given (the SAR names TOTAL and
 * NONE; INDEXES is passed through unchanged). Not set on PartiQL actions (not listed for them).
 *
 * dynamodb:EnclosingOperation: TransactGetItems / TransactWriteItems on every member, including
 * ConditionCheckItem (the transactions guide's "allow only transactional operations" example
 * lists ConditionCheckItem under that condition), ExecuteTransaction on its PartiQL statements.
 */

import { isRecord, type InputRecord } from './input';
import { CallError, type AuthorizationRequest, type CallRequests, type CallScope, type FromCommandOptions } from './model';
import { CONTROL_COMMANDS, controlRequests } from './control';
import { queryScanRequests, singleItemRequests } from './items';
import { batchGetRequests, batchWriteRequests, transactRequests } from './multi';
import { partiqlRequests } from './partiql';
import { RequestError } from '../../problems/request-error';
import { checkKnownKeys, describeArgument, recordArgument } from '../../problems/known-keys';

export {
  CallError,
  type AuthorizationContextValue,
  type AuthorizationRequest,
  type CallRequests,
  type FromCommandOptions,
  type IndexKeySchema,
  type KeySchema,
} from './model';

type Translator = (scope: CallScope, input: InputRecord) => AuthorizationRequest[];

// Maps, not objects: a command named `constructor` or `__proto__` is unknown, not an inherited member.
const TRANSLATORS: ReadonlyMap<string, Translator> = new Map(
  Object.entries({
    GetItem: singleItemRequests,
    PutItem: singleItemRequests,
    UpdateItem: singleItemRequests,
    DeleteItem: singleItemRequests,
    Query: queryScanRequests,
    Scan: queryScanRequests,
    BatchGetItem: batchGetRequests,
    BatchWriteItem: batchWriteRequests,
    TransactGetItems: transactRequests,
    TransactWriteItems: transactRequests,
    ExecuteStatement: partiqlRequests,
    BatchExecuteStatement: partiqlRequests,
    ExecuteTransaction: partiqlRequests,
    ...Object.fromEntries(CONTROL_COMMANDS.map((name) => [name, controlRequests])),
  } satisfies Record<string, Translator>),
);

/** The API operations `fromCommand` understands. */
export const SUPPORTED_COMMANDS: readonly string[] = [...TRANSLATORS.keys()];

/** `@aws-sdk/lib-dynamodb` command classes drop the `Item`/`Items` from the operation's name. */
const DOCUMENT_CLIENT_NAMES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    get: 'GetItem',
    put: 'PutItem',
    update: 'UpdateItem',
    delete: 'DeleteItem',
    batchget: 'BatchGetItem',
    batchwrite: 'BatchWriteItem',
    transactget: 'TransactGetItems',
    transactwrite: 'TransactWriteItems',
  }),
);

const OPTION_KEYS: readonly string[] = ['account', 'region', 'partition', 'keySchema', 'streamArn'];
const KEY_SCHEMA_KEYS: readonly string[] = ['partitionKey', 'sortKey', 'indexes'];
const INDEX_KEY_SCHEMA_KEYS: readonly string[] = ['partitionKey', 'sortKey'];

/** One key schema (`indexes` only where `withIndexes`), named `field` in messages. */
function checkKeySchema(value: unknown, field: string, withIndexes: boolean): void {
  const schema = recordArgument(value, 'options', field, 'is a key schema such as { partitionKey: "pk", sortKey: "sk" }');
  checkKnownKeys(schema, withIndexes ? KEY_SCHEMA_KEYS : INDEX_KEY_SCHEMA_KEYS, 'options', field);
  if (typeof schema.partitionKey !== 'string' || schema.partitionKey === '')
    throw new RequestError(
      `${field}.partitionKey`,
      `is the partition key's attribute name; found ${describeArgument(schema.partitionKey)}`,
      'options',
    );
  if (schema.sortKey !== undefined && typeof schema.sortKey !== 'string')
    throw new RequestError(`${field}.sortKey`, `is the sort key's attribute name; found ${describeArgument(schema.sortKey)}`, 'options');
  if (withIndexes && schema.indexes !== undefined) {
    const indexes = recordArgument(schema.indexes, 'options', `${field}.indexes`, 'is an object of index names to key schemas');
    for (const name of Object.keys(indexes)) checkKeySchema(indexes[name], `${field}.indexes["${name}"]`, false);
  }
}

/**
 * The options, checked before any is read: known keys, strings where strings go, and a key schema
 * (or an object of them by table name or ARN). A malformed options object is a `RequestError`.
 */
function checkFromCommandOptions(options: unknown): void {
  const record = recordArgument(options, 'options', '', 'fromCommand options are an object such as { account, region, keySchema }');
  checkKnownKeys(record, OPTION_KEYS, 'options');
  for (const key of ['account', 'region', 'partition', 'streamArn']) {
    if (record[key] !== undefined && typeof record[key] !== 'string')
      throw new RequestError(key, `is a string; found ${describeArgument(record[key])}`, 'options');
  }
  const schema = record.keySchema;
  if (schema === undefined) return;
  const byTable = recordArgument(
    schema,
    'options',
    'keySchema',
    'is a key schema such as { partitionKey: "pk" }, or an object of them by table name or ARN',
  );
  if (Object.hasOwn(byTable, 'partitionKey')) checkKeySchema(byTable, 'keySchema', true);
  else for (const table of Object.keys(byTable)) checkKeySchema(byTable[table], `keySchema["${table}"]`, true);
}

/** `Query`, `QueryCommand`, `dynamodb:Query` (any case) -> `Query`. */
export function commandName(raw: string): string {
  if (typeof raw !== 'string') throw new CallError(`fromCommand takes a command name such as "Query"; found ${describeArgument(raw)}`);
  let name = raw.trim();
  if (name.toLowerCase().startsWith('dynamodb:')) name = name.slice('dynamodb:'.length);
  if (name.length > 'Command'.length && name.endsWith('Command')) name = name.slice(0, -'Command'.length);
  const lower = name.toLowerCase();
  const found = DOCUMENT_CLIENT_NAMES.get(lower) ?? SUPPORTED_COMMANDS.find((s) => s.toLowerCase() === lower);
  if (found === undefined) {
    throw new CallError(`"${raw}" is not a supported DynamoDB command; supported: ${SUPPORTED_COMMANDS.join(', ')}`);
  }
  return found;
}

/** An SDK command object (`new QueryCommand({...})`), taken by shape so that no SDK is imported. */
export interface CommandLike {
  readonly constructor: { readonly name: string };
  readonly input: object;
}

/**
 * The requests AWS authorizes for one DynamoDB call.
 *
 * @param name the operation, as `Query`, `QueryCommand` or `dynamodb:Query`
 * @param input the call's input, with AttributeValue maps (`@aws-sdk/client-dynamodb`, wire
 *   format) or native values (`@aws-sdk/lib-dynamodb`)
 * @throws CallError when the call cannot be translated: unknown command, missing or malformed
 *   input, a bare table name without `account`/`region`, a partition key that needs `keySchema`
 * @throws RequestError when the options are malformed: an unknown key, a value of the wrong type
 */
export function fromCommand(name: string, input: object, options?: FromCommandOptions): CallRequests;
/** The same for an SDK command object of either `@aws-sdk/client-dynamodb` or `@aws-sdk/lib-dynamodb`. */
export function fromCommand(command: CommandLike, options?: FromCommandOptions): CallRequests;
export function fromCommand(first: string | CommandLike, second?: object, third?: FromCommandOptions): CallRequests {
  let rawName: string;
  let input: unknown;
  let options: FromCommandOptions;
  if (typeof first === 'string') {
    rawName = first;
    input = second;
    options = third ?? {};
  } else {
    if (typeof first !== 'object' || first === null || typeof first.constructor?.name !== 'string') {
      throw new CallError('fromCommand takes a command name and an input, or an SDK command object');
    }
    rawName = first.constructor.name;
    input = first.input;
    options = (second as FromCommandOptions | undefined) ?? {};
  }
  checkFromCommandOptions(options);
  const command = commandName(rawName);
  if (!isRecord(input)) throw new CallError(`${command}: the input must be an object`);
  const requests = (TRANSLATORS.get(command) as Translator)({ command, options }, input);
  return { command, requests };
}
