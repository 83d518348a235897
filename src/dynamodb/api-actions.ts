/**
 * Which IAM actions a DynamoDB API call is authorized as.
 *
 * Source: the SAR's "API operations defined by Amazon DynamoDB" table, read together with the
 * developer guide pages on transactions (transaction-apis-iam), PartiQL (ql-iam) and backups.
 * The SAR table lists every action an operation may check and does not say when; we split that
 * list into the actions every call needs and the situational ones, and say why for each.
 *
 * Most operations are authorized as the action of the same name. The exceptions that matter for a
 * policy test are the composite ones: a transaction is authorized member by member as the item
 * actions (there is no dynamodb:TransactWriteItems action), and PartiQL statements as
 * PartiQLSelect/Insert/Update/Delete according to the statement kind.
 */

export type ApiClient = 'dynamodb' | 'dynamodbstreams';

/** How often the actions are checked: once, once per table named (batches), once per member. */
export type AuthorizedPer = 'request' | 'table' | 'member';

export interface SituationalAction {
  readonly action: string;
  /** When DynamoDB checks it, as far as the documentation says. */
  readonly when: string;
}

export interface ApiAuthorization {
  readonly api: string;
  readonly client: ApiClient;
  /** Actions every call needs (without the `dynamodb:` prefix). */
  readonly actions: readonly string[];
  readonly authorizedPer: AuthorizedPer;
  /**
   * For calls made of members (transaction items, PartiQL statements): the member kind as the API
   * names it, mapped to the action that member is authorized as.
   */
  readonly perMember?: Readonly<Record<string, string>>;
  readonly memberKind?: 'transaction-item' | 'partiql-statement';
  /** The `dynamodb:EnclosingOperation` value the member actions carry. */
  readonly enclosingOperation?: string;
  readonly situational: readonly SituationalAction[];
}

const UNSTATED = 'listed by the SAR for this operation without saying when it is checked';
const MULTI_ACCOUNT_REPLICATION =
  'for replication within a multi-account global table (the replication service principal; see the global tables security page)';
const ADDS_REPLICA = 'when the call creates a global table replica';

const PARTIQL_STATEMENTS: Readonly<Record<string, string>> = {
  SELECT: 'PartiQLSelect',
  INSERT: 'PartiQLInsert',
  UPDATE: 'PartiQLUpdate',
  DELETE: 'PartiQLDelete',
};

// The item-level read and write actions the SAR lists for operations that fill a new table:
// restores, and new global table replicas. For restores the backup guide (backuprestore_IAM) says
// the restore action is checked on the source (the backup, or the source table for point-in-time
// restores) and these on the target table.
const FILL_TABLE_ACTIONS = ['BatchWriteItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'Scan', 'UpdateItem'];

function plain(api: string, situational: readonly SituationalAction[] = [], client: ApiClient = 'dynamodb'): ApiAuthorization {
  return { api, client, actions: [api], authorizedPer: 'request', situational };
}

function batch(api: string): ApiAuthorization {
  // Each table in RequestItems (names or ARNs) is authorized on its own.
  return { api, client: 'dynamodb', actions: [api], authorizedPer: 'table', situational: [] };
}

function partiql(api: string, enclosingOperation?: string): ApiAuthorization {
  const base: ApiAuthorization = {
    api,
    client: 'dynamodb',
    actions: [],
    authorizedPer: 'member',
    perMember: PARTIQL_STATEMENTS,
    memberKind: 'partiql-statement',
    situational: [],
  };
  return enclosingOperation === undefined ? base : { ...base, enclosingOperation };
}

const situational = (when: string, ...actions: string[]): SituationalAction[] => actions.map((action) => ({ action, when }));

const ENTRIES: readonly ApiAuthorization[] = [
  partiql('BatchExecuteStatement'),
  batch('BatchGetItem'),
  batch('BatchWriteItem'),
  plain('CreateBackup'),
  plain('CreateGlobalTable'),
  plain('CreateTable', [
    // rbac-create-table: creating a table with a policy needs both permissions.
    { action: 'PutResourcePolicy', when: 'when the request carries a ResourcePolicy' },
    { action: 'TagResource', when: `${UNSTATED} (presumably when the request carries Tags)` },
    { action: 'AssociateTableReplica', when: `${UNSTATED} (presumably when the table joins a multi-account global table)` },
    { action: 'CreateTableReplica', when: `${UNSTATED} (presumably ${ADDS_REPLICA})` },
    ...situational(UNSTATED, ...FILL_TABLE_ACTIONS),
  ]),
  plain('DeleteBackup'),
  plain('DeleteItem', situational(MULTI_ACCOUNT_REPLICATION, 'WriteDataForReplication')),
  plain('DeleteResourcePolicy'),
  plain('DeleteTable'),
  plain('DescribeBackup'),
  plain('DescribeContinuousBackups'),
  plain('DescribeContributorInsights'),
  plain('DescribeEndpoints'),
  plain('DescribeExport'),
  plain('DescribeGlobalTable'),
  plain('DescribeGlobalTableSettings'),
  plain('DescribeImport'),
  plain('DescribeKinesisStreamingDestination'),
  plain('DescribeLimits'),
  plain('DescribeTable', situational(MULTI_ACCOUNT_REPLICATION, 'ReadDataForReplication', 'ReplicateSettings')),
  plain('DescribeTableReplicaAutoScaling'),
  plain('DescribeTimeToLive', situational(MULTI_ACCOUNT_REPLICATION, 'ReadDataForReplication')),
  plain('DisableKinesisStreamingDestination'),
  plain('EnableKinesisStreamingDestination'),
  partiql('ExecuteStatement'),
  partiql('ExecuteTransaction', 'ExecuteTransaction'),
  plain('ExportTableToPointInTime'),
  plain('GetItem', situational(MULTI_ACCOUNT_REPLICATION, 'ReadDataForReplication')),
  plain('GetResourcePolicy'),
  plain('ImportTable'),
  plain('ListBackups'),
  plain('ListContributorInsights'),
  plain('ListExports'),
  plain('ListGlobalTables'),
  plain('ListImports'),
  plain('ListTables'),
  plain('ListTagsOfResource'),
  plain('PutItem', situational(MULTI_ACCOUNT_REPLICATION, 'WriteDataForReplication')),
  plain('PutResourcePolicy'),
  plain('Query'),
  {
    api: 'RestoreTableFromBackup',
    client: 'dynamodb',
    actions: ['RestoreTableFromBackup', ...FILL_TABLE_ACTIONS],
    authorizedPer: 'request',
    situational: [],
  },
  {
    // The SAR's operations table omits RestoreTableToPointInTime itself for this operation; its
    // actions table links the action to this API, so it is listed here with the item actions.
    api: 'RestoreTableToPointInTime',
    client: 'dynamodb',
    actions: ['RestoreTableToPointInTime', ...FILL_TABLE_ACTIONS],
    authorizedPer: 'request',
    situational: situational(`${UNSTATED} (presumably ${ADDS_REPLICA})`, 'AssociateTableReplica', 'CreateTableReplica'),
  },
  plain('Scan'),
  // Not in the SAR's operations table of the copy consulted; its actions table links the
  // SearchVectors action to the SearchVectors API.
  plain('SearchVectors'),
  plain('TagResource'),
  {
    api: 'TransactGetItems',
    client: 'dynamodb',
    actions: [],
    authorizedPer: 'member',
    perMember: { Get: 'GetItem' },
    memberKind: 'transaction-item',
    enclosingOperation: 'TransactGetItems',
    situational: [],
  },
  {
    api: 'TransactWriteItems',
    client: 'dynamodb',
    actions: [],
    authorizedPer: 'member',
    perMember: { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' },
    memberKind: 'transaction-item',
    enclosingOperation: 'TransactWriteItems',
    situational: [],
  },
  plain('UntagResource'),
  plain('UpdateContinuousBackups'),
  plain('UpdateContributorInsights'),
  plain('UpdateGlobalTable'),
  plain('UpdateGlobalTableSettings'),
  plain('UpdateItem'),
  plain('UpdateKinesisStreamingDestination'),
  plain('UpdateTable', [
    ...situational(ADDS_REPLICA, 'CreateTable', 'CreateTableReplica', ...FILL_TABLE_ACTIONS),
    ...situational('when the call adds a witness to a global table', 'CreateGlobalTableWitness'),
    ...situational('when the call removes a witness from a global table', 'DeleteGlobalTableWitness'),
    ...situational(MULTI_ACCOUNT_REPLICATION, 'ReplicateSettings', 'WriteDataForReplication'),
    { action: 'TagResource', when: UNSTATED },
  ]),
  plain('UpdateTableReplicaAutoScaling'),
  plain('UpdateTimeToLive', situational(MULTI_ACCOUNT_REPLICATION, 'ReplicateSettings', 'WriteDataForReplication')),
  // DynamoDB Streams API (its own SDK client, same dynamodb: action prefix).
  plain('DescribeStream', situational(MULTI_ACCOUNT_REPLICATION, 'ReadDataForReplication'), 'dynamodbstreams'),
  plain('GetRecords', situational(MULTI_ACCOUNT_REPLICATION, 'ReadDataForReplication'), 'dynamodbstreams'),
  plain('GetShardIterator', situational(MULTI_ACCOUNT_REPLICATION, 'ReadDataForReplication'), 'dynamodbstreams'),
  plain('ListStreams', [], 'dynamodbstreams'),
];

/** Every DynamoDB and DynamoDB Streams API operation, keyed by its exact name. */
// Without a prototype: looked up by API names that callers give, where `constructor` must be absent.
export const API_TO_ACTIONS: Readonly<Record<string, ApiAuthorization>> = Object.assign(
  Object.create(null) as Record<string, ApiAuthorization>,
  Object.fromEntries(ENTRIES.map((e) => [e.api, e])),
);

const BY_LOWER_API = new Map(ENTRIES.map((e) => [e.api.toLowerCase(), e]));

/** How an API operation is authorized; case-insensitive, undefined for unknown operations. */
export function apiAuthorization(api: string): ApiAuthorization | undefined {
  return BY_LOWER_API.get(api.toLowerCase());
}
