/**
 * Raw facts behind the action catalog, kept close to the shape of the pages they come from so that
 * a reviewer can check them row by row. `catalog.ts` turns them into the typed catalog.
 *
 * - SAR: the Service Authorization Reference page for DynamoDB (actions table, permission-only
 *   actions table, resource types, condition keys).
 * - RBAC: the developer guide page "DynamoDB API operations supported by resource-based policies",
 *   which is keyed by API operation, not by IAM action.
 * - Multi-account global tables: the developer guide's global tables security page and its
 *   tutorial, which grant four permission-only actions in table resource policies.
 *
 * Descriptions are our own words.
 */

import type { DynamoResourceType } from './arn';

export const CATALOG_SOURCE = {
  url: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html',
  /** The page is also served as .../reference/list_dynamodb.html; the copy read has that anchor. */
  alsoAt: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_dynamodb.html',
  retrieved: '2026-11-28',
  note: 'stored copy consulted on 2026-11-28; the page carries no date of its own',
} as const;

export const RESOURCE_POLICY_SOURCE = {
  url: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-iam-actions.html',
  retrieved: '2026-11-28',
  note: 'stored copy consulted on 2026-11-28; the page carries no date of its own',
} as const;

export const MULTI_ACCOUNT_GLOBAL_TABLES_SOURCE = {
  url: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/globaltables_MA_security.html',
  tutorial: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_MA.tutorial.html',
  retrieved: '2026-11-28',
  note: 'stored copy consulted on 2026-11-28; the page carries no date of its own',
} as const;

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';
/** Never empty: every SAR action has at least one access level. */
export type AccessLevels = readonly [AccessLevel, ...AccessLevel[]];

export interface SarResourceRow {
  readonly type: DynamoResourceType;
  readonly required: boolean;
}

export interface SarActionRow {
  readonly name: string;
  readonly description: string;
  /** In the SAR's order; two entries where the SAR shows e.g. "Tagging, Write". */
  readonly accessLevels: AccessLevels;
  readonly resourceTypes: readonly SarResourceRow[];
  /** Union of the condition keys the SAR lists for the action, over its resource types. */
  readonly conditionKeys: readonly string[];
  /** Listed under "Permission-only actions": no API operation of that name exists. */
  readonly permissionOnly: boolean;
}

// Condition key names as the SAR spells them.
const RESOURCE_TAG = 'aws:ResourceTag/${TagKey}';
const REQUEST_TAG = 'aws:RequestTag/${TagKey}';
const TAG_KEYS = 'aws:TagKeys';
const ATTRIBUTES = 'dynamodb:Attributes';
const ENCLOSING = 'dynamodb:EnclosingOperation';
const FULL_SCAN = 'dynamodb:FullTableScan';
const LEADING_KEYS = 'dynamodb:LeadingKeys';
const CAPACITY = 'dynamodb:ReturnConsumedCapacity';
const RETURN_VALUES = 'dynamodb:ReturnValues';
const SELECT = 'dynamodb:Select';
const FIS_ACTION = 'dynamodb:FisActionId';
const FIS_TARGETS = 'dynamodb:FisTargetArns';

/** `'table*'` is a required table, `'index'` an optional index: the SAR's own notation. */
type ResourceNotation = `${DynamoResourceType}` | `${DynamoResourceType}*`;

function on(...notation: ResourceNotation[]): readonly SarResourceRow[] {
  return notation.map((n) =>
    n.endsWith('*') ? { type: n.slice(0, -1) as DynamoResourceType, required: true } : { type: n as DynamoResourceType, required: false },
  );
}

const NONE: readonly SarResourceRow[] = [];

function action(
  name: string,
  accessLevels: AccessLevel | AccessLevels,
  resourceTypes: readonly SarResourceRow[],
  conditionKeys: readonly string[],
  description: string,
): SarActionRow {
  const levels: AccessLevels = typeof accessLevels === 'string' ? [accessLevels] : accessLevels;
  return { name, description, accessLevels: levels, resourceTypes, conditionKeys, permissionOnly: false };
}

function permissionOnly(
  name: string,
  accessLevels: AccessLevel | AccessLevels,
  resourceTypes: readonly SarResourceRow[],
  conditionKeys: readonly string[],
  description: string,
): SarActionRow {
  return { ...action(name, accessLevels, resourceTypes, conditionKeys, description), permissionOnly: true };
}

const PERMISSIONS_WRITE: AccessLevels = ['Permissions management', 'Write'];
const TAGGING_WRITE: AccessLevels = ['Tagging', 'Write'];

/** Every action of the SAR's "Actions defined" and "Permission-only actions" tables, A to Z. */
export const SAR_ACTIONS: readonly SarActionRow[] = [
  action(
    'BatchGetItem',
    'Read',
    on('table*'),
    [RESOURCE_TAG, ATTRIBUTES, LEADING_KEYS, CAPACITY, SELECT],
    'Read items by primary key from one or more tables in one call.',
  ),
  action(
    'BatchWriteItem',
    'Write',
    on('table*'),
    [RESOURCE_TAG, ATTRIBUTES, LEADING_KEYS, CAPACITY],
    'Put or delete many items across one or more tables in one call.',
  ),
  action(
    'ConditionCheckItem',
    'Read',
    on('table*'),
    [RESOURCE_TAG, ATTRIBUTES, LEADING_KEYS, CAPACITY, RETURN_VALUES],
    'Check a condition on one item as a member of a TransactWriteItems call.',
  ),
  action('CreateBackup', 'Write', on('table*'), [RESOURCE_TAG], 'Take an on-demand backup of a table.'),
  action(
    'CreateGlobalTable',
    'Write',
    on('global-table*', 'table*'),
    [RESOURCE_TAG],
    'Make a legacy (2017.11.29) global table out of existing tables.',
  ),
  action('CreateTable', 'Write', on('table*'), [REQUEST_TAG, RESOURCE_TAG, TAG_KEYS], 'Create a table.'),
  action('DeleteBackup', 'Write', on('backup*'), [], 'Delete an on-demand backup.'),
  action(
    'DeleteItem',
    'Write',
    on('table*'),
    [RESOURCE_TAG, ATTRIBUTES, ENCLOSING, LEADING_KEYS, CAPACITY, RETURN_VALUES],
    'Delete one item by primary key.',
  ),
  action(
    'DeleteResourcePolicy',
    PERMISSIONS_WRITE,
    on('stream*', 'table*'),
    [RESOURCE_TAG],
    'Remove the resource-based policy of a table or stream.',
  ),
  action('DeleteTable', 'Write', on('table*'), [RESOURCE_TAG], 'Delete a table with all its items.'),
  action('DescribeBackup', 'Read', on('backup*'), [], 'Read the details of a backup.'),
  action('DescribeContinuousBackups', 'Read', on('table*'), [RESOURCE_TAG], 'Read the point-in-time recovery settings of a table.'),
  action(
    'DescribeContributorInsights',
    'Read',
    on('index', 'table*'),
    [RESOURCE_TAG],
    'Read the CloudWatch Contributor Insights status of a table or global secondary index.',
  ),
  action('DescribeEndpoints', 'Read', NONE, [], 'Read the regional endpoint information.'),
  action('DescribeExport', 'Read', on('export*'), [], 'Read the details of an export to Amazon S3.'),
  action('DescribeGlobalTable', 'Read', on('global-table*'), [], 'Read the details of a legacy global table.'),
  action('DescribeGlobalTableSettings', 'Read', on('global-table*'), [], 'Read the settings of a legacy global table.'),
  action('DescribeImport', 'Read', on('import*'), [], 'Read the details of an import from Amazon S3.'),
  action(
    'DescribeKinesisStreamingDestination',
    'Read',
    on('table*'),
    [RESOURCE_TAG],
    'Read the Kinesis Data Streams destinations of a table.',
  ),
  action('DescribeLimits', 'Read', NONE, [], 'Read the account and per-table capacity quotas of the Region.'),
  action('DescribeStream', 'Read', on('stream*'), [RESOURCE_TAG], 'Read the status, shards and table of a DynamoDB stream.'),
  action('DescribeTable', 'Read', on('table*'), [RESOURCE_TAG], 'Read the description of a table.'),
  action(
    'DescribeTableReplicaAutoScaling',
    'Read',
    on('table*'),
    [RESOURCE_TAG],
    'Read the auto scaling settings of every replica of a global table.',
  ),
  action('DescribeTimeToLive', 'Read', on('table*'), [RESOURCE_TAG], 'Read the time-to-live setting of a table.'),
  action('DisableKinesisStreamingDestination', 'Write', on('table*'), [RESOURCE_TAG], 'Stop streaming a table to a Kinesis data stream.'),
  action('EnableKinesisStreamingDestination', 'Write', on('table*'), [RESOURCE_TAG], 'Start streaming a table to a Kinesis data stream.'),
  action(
    'ExportTableToPointInTime',
    'Write',
    on('table*'),
    [RESOURCE_TAG],
    'Export a table to Amazon S3 from its point-in-time recovery data.',
  ),
  action(
    'GetItem',
    'Read',
    on('table*'),
    [RESOURCE_TAG, ATTRIBUTES, ENCLOSING, LEADING_KEYS, CAPACITY, SELECT],
    'Read one item by primary key.',
  ),
  action('GetRecords', 'Read', on('stream*'), [RESOURCE_TAG], 'Read change records from a shard of a stream.'),
  action('GetResourcePolicy', 'Read', on('stream*', 'table*'), [RESOURCE_TAG], 'Read the resource-based policy of a table or stream.'),
  action('GetShardIterator', 'Read', on('stream*'), [RESOURCE_TAG], 'Obtain an iterator for reading a shard of a stream.'),
  action('ImportTable', 'Write', on('table*'), [RESOURCE_TAG], 'Create a table from data in Amazon S3.'),
  action('ListBackups', 'List', NONE, [], 'List the backups of the account in the Region.'),
  action('ListContributorInsights', 'List', NONE, [], 'List the Contributor Insights summaries of the account in the Region.'),
  action('ListExports', 'List', on('table'), [RESOURCE_TAG], 'List exports to Amazon S3, optionally of one table.'),
  action('ListGlobalTables', 'List', NONE, [], 'List the legacy global tables with a replica in the Region.'),
  action('ListImports', 'List', on('table'), [RESOURCE_TAG], 'List imports from Amazon S3, optionally into one table.'),
  action('ListStreams', 'Read', NONE, [], 'List the stream ARNs of the account in the Region.'),
  action('ListTables', 'List', NONE, [], 'List the table names of the account in the Region.'),
  action('ListTagsOfResource', 'Read', on('stream*', 'table*'), [RESOURCE_TAG], 'List the tags of a table or stream.'),
  // The PartiQL page (ql-iam) speaks of PartiQLInsert/Update/Delete "on the table or index", but the
  // SAR gives those three the table type only, and only PartiQLSelect the index type; the SAR is kept.
  action(
    'PartiQLDelete',
    'Write',
    on('table*'),
    [RESOURCE_TAG, ATTRIBUTES, ENCLOSING, LEADING_KEYS, RETURN_VALUES],
    'Run a PartiQL DELETE statement.',
  ),
  action('PartiQLInsert', 'Write', on('table*'), [RESOURCE_TAG, ATTRIBUTES, ENCLOSING, LEADING_KEYS], 'Run a PartiQL INSERT statement.'),
  action(
    'PartiQLSelect',
    'Read',
    on('index', 'table*'),
    [RESOURCE_TAG, ATTRIBUTES, ENCLOSING, FULL_SCAN, LEADING_KEYS, SELECT],
    'Run a PartiQL SELECT statement on a table or index.',
  ),
  action(
    'PartiQLUpdate',
    'Write',
    on('table*'),
    [RESOURCE_TAG, ATTRIBUTES, ENCLOSING, LEADING_KEYS, RETURN_VALUES],
    'Run a PartiQL UPDATE statement.',
  ),
  action(
    'PutItem',
    'Write',
    on('table*'),
    [RESOURCE_TAG, ATTRIBUTES, ENCLOSING, LEADING_KEYS, CAPACITY, RETURN_VALUES],
    'Create an item or replace an existing one.',
  ),
  action(
    'PutResourcePolicy',
    PERMISSIONS_WRITE,
    on('stream*', 'table*'),
    [RESOURCE_TAG],
    'Attach or replace the resource-based policy of a table or stream.',
  ),
  action(
    'Query',
    'Read',
    on('index', 'table*'),
    [RESOURCE_TAG, ATTRIBUTES, LEADING_KEYS, CAPACITY, RETURN_VALUES, SELECT],
    'Read the items of one partition of a table or secondary index.',
  ),
  action('RestoreTableFromBackup', 'Write', on('backup*', 'table*'), [RESOURCE_TAG], 'Create a table from an on-demand backup.'),
  action(
    'RestoreTableToPointInTime',
    'Write',
    on('table*'),
    [RESOURCE_TAG],
    'Create a table from the point-in-time recovery data of another.',
  ),
  action(
    'Scan',
    'Read',
    on('index', 'table*'),
    [RESOURCE_TAG, ATTRIBUTES, CAPACITY, RETURN_VALUES, SELECT],
    'Read every item of a table or secondary index.',
  ),
  action('SearchVectors', 'Read', on('index*', 'table*'), [RESOURCE_TAG], 'Run a vector similarity search on a vector index of a table.'),
  action('TagResource', TAGGING_WRITE, on('stream*', 'table*'), [REQUEST_TAG, RESOURCE_TAG, TAG_KEYS], 'Add tags to a table or stream.'),
  action('UntagResource', TAGGING_WRITE, on('stream*', 'table*'), [RESOURCE_TAG, TAG_KEYS], 'Remove tags from a table or stream.'),
  action('UpdateContinuousBackups', 'Write', on('table*'), [RESOURCE_TAG], 'Turn point-in-time recovery of a table on or off.'),
  action(
    'UpdateContributorInsights',
    'Write',
    on('index', 'table*'),
    [RESOURCE_TAG],
    'Turn Contributor Insights on or off for a table or global secondary index.',
  ),
  action('UpdateGlobalTable', 'Write', on('global-table*', 'table*'), [RESOURCE_TAG], 'Add or remove replicas of a legacy global table.'),
  action(
    'UpdateGlobalTableSettings',
    'Write',
    on('global-table*', 'table*'),
    [RESOURCE_TAG],
    'Change the settings of a legacy global table.',
  ),
  action(
    'UpdateItem',
    'Write',
    on('table*'),
    [RESOURCE_TAG, ATTRIBUTES, ENCLOSING, LEADING_KEYS, CAPACITY, RETURN_VALUES],
    'Change attributes of an item, creating it when absent.',
  ),
  action(
    'UpdateKinesisStreamingDestination',
    'Write',
    on('table*'),
    [RESOURCE_TAG],
    'Change the settings of a Kinesis Data Streams destination of a table.',
  ),
  action('UpdateTable', 'Write', on('table*'), [RESOURCE_TAG], 'Change the capacity, indexes, stream or replica settings of a table.'),
  action(
    'UpdateTableReplicaAutoScaling',
    'Write',
    on('table*'),
    [RESOURCE_TAG],
    'Change the auto scaling settings of global table replicas.',
  ),
  action('UpdateTimeToLive', 'Write', on('table*'), [RESOURCE_TAG], 'Turn time to live on or off for a table.'),

  permissionOnly(
    'AssociateTableReplica',
    'Write',
    on('table*'),
    [RESOURCE_TAG],
    'Let a table join a multi-account global table as a replica.',
  ),
  permissionOnly('CreateGlobalTableWitness', 'Write', on('table*'), [RESOURCE_TAG], 'Add a witness Region to a global table.'),
  permissionOnly('CreateTableReplica', 'Write', on('table*'), [RESOURCE_TAG], 'Add a replica table to a global table.'),
  permissionOnly('DeleteGlobalTableWitness', 'Write', on('table*'), [RESOURCE_TAG], 'Remove a witness Region from a global table.'),
  permissionOnly(
    'DeleteTableReplica',
    'Write',
    on('table*'),
    [RESOURCE_TAG],
    'Remove a replica table, with its items, from a global table.',
  ),
  permissionOnly('DescribeReservedCapacity', 'Read', NONE, [], 'Read the reserved capacity the account has bought.'),
  permissionOnly('DescribeReservedCapacityOfferings', 'Read', NONE, [], 'Read the reserved capacity offerings on sale.'),
  permissionOnly('GetAbacStatus', 'Read', NONE, [], 'Read whether attribute-based access control is on for the account.'),
  permissionOnly(
    'InjectError',
    'Write',
    NONE,
    [FIS_ACTION, FIS_TARGETS],
    'Let AWS Fault Injection Service run experiments on a global table.',
  ),
  permissionOnly('PurchaseReservedCapacityOfferings', 'Write', NONE, [], 'Buy reserved capacity for the account.'),
  permissionOnly(
    'ReadDataForReplication',
    'Read',
    on('table*'),
    [RESOURCE_TAG],
    "Read a replica's data to replicate it within a multi-account global table.",
  ),
  permissionOnly(
    'ReplicateSettings',
    'Write',
    on('table*'),
    [RESOURCE_TAG],
    'Copy table settings between replicas of a multi-account global table.',
  ),
  permissionOnly('RestoreTableFromAwsBackup', 'Write', on('table*'), [RESOURCE_TAG], 'Create a table from an AWS Backup recovery point.'),
  permissionOnly('StartAwsBackupJob', 'Write', on('table*'), [RESOURCE_TAG], 'Back a table up with AWS Backup advanced features.'),
  permissionOnly('UpdateAbacStatus', PERMISSIONS_WRITE, NONE, [], 'Turn attribute-based access control on or off for the account.'),
  permissionOnly(
    'UpdateGlobalTableVersion',
    'Write',
    on('global-table*', 'table'),
    [RESOURCE_TAG],
    'Upgrade a legacy global table to the current version.',
  ),
  permissionOnly(
    'WriteDataForReplication',
    'Write',
    on('table*'),
    [RESOURCE_TAG],
    'Write replicated data into a replica of a multi-account global table.',
  ),
];

// --- resource-based policies (rbac-iam-actions) -------------------------------------------------

export interface RbacRow {
  /** "Resource-based policy support". */
  readonly resourcePolicy: boolean;
  /** "Cross-account support". */
  readonly crossAccount: boolean;
}

const YES_YES: RbacRow = { resourcePolicy: true, crossAccount: true };
const YES_NO: RbacRow = { resourcePolicy: true, crossAccount: false };
const NO_NO: RbacRow = { resourcePolicy: false, crossAccount: false };

/** Every row of the rbac-iam-actions page, keyed by API operation as the page is. */
export const RBAC_API_SUPPORT: Readonly<Record<string, RbacRow>> = {
  // Data plane - tables/indexes
  DeleteItem: YES_YES,
  GetItem: YES_YES,
  PutItem: YES_YES,
  Query: YES_YES,
  Scan: YES_YES,
  UpdateItem: YES_YES,
  TransactGetItems: YES_YES,
  TransactWriteItems: YES_YES,
  BatchGetItem: YES_YES,
  BatchWriteItem: YES_YES,
  // PartiQL
  BatchExecuteStatement: YES_NO,
  ExecuteStatement: YES_NO,
  ExecuteTransaction: YES_NO,
  // Control plane - tables
  CreateTable: NO_NO,
  DeleteTable: YES_YES,
  DescribeTable: YES_YES,
  UpdateTable: YES_YES,
  // Global tables, version 2019.11.21 (current)
  DescribeTableReplicaAutoScaling: YES_NO,
  UpdateTableReplicaAutoScaling: YES_NO,
  // Global tables, version 2017.11.29 (legacy)
  CreateGlobalTable: NO_NO,
  DescribeGlobalTable: NO_NO,
  DescribeGlobalTableSettings: NO_NO,
  ListGlobalTables: NO_NO,
  UpdateGlobalTable: NO_NO,
  UpdateGlobalTableSettings: NO_NO,
  // Tags
  ListTagsOfResource: YES_YES,
  TagResource: YES_YES,
  UntagResource: YES_YES,
  // Backup and restore
  CreateBackup: YES_NO,
  DescribeBackup: NO_NO,
  DeleteBackup: NO_NO,
  RestoreTableFromBackup: NO_NO,
  // Continuous backup / restore (PITR)
  DescribeContinuousBackups: YES_NO,
  RestoreTableToPointInTime: YES_NO,
  UpdateContinuousBackups: YES_NO,
  // Contributor Insights
  DescribeContributorInsights: YES_NO,
  ListContributorInsights: NO_NO,
  UpdateContributorInsights: YES_NO,
  // Export
  DescribeExport: NO_NO,
  ExportTableToPointInTime: YES_NO,
  ListExports: NO_NO,
  // Import
  DescribeImport: NO_NO,
  ImportTable: NO_NO,
  ListImports: NO_NO,
  // Kinesis Data Streams
  DescribeKinesisStreamingDestination: YES_NO,
  DisableKinesisStreamingDestination: YES_NO,
  EnableKinesisStreamingDestination: YES_NO,
  UpdateKinesisStreamingDestination: YES_NO,
  // Resource-based policies
  GetResourcePolicy: YES_NO,
  PutResourcePolicy: YES_NO,
  DeleteResourcePolicy: YES_NO,
  // Time to live
  DescribeTimeToLive: YES_NO,
  UpdateTimeToLive: YES_NO,
  // Other
  DescribeLimits: NO_NO,
  DescribeEndpoints: NO_NO,
  ListBackups: NO_NO,
  ListTables: NO_NO,
  // DynamoDB Streams
  DescribeStream: YES_YES,
  GetRecords: YES_YES,
  GetShardIterator: YES_YES,
  ListStreams: NO_NO,
};

/**
 * IAM actions whose rbac row is that of another API: the per-item and per-statement actions
 * that only exist inside TransactWriteItems and the PartiQL APIs (the three PartiQL rows agree).
 */
export const RBAC_ROW_OF_ACTION: Readonly<Record<string, string>> = {
  ConditionCheckItem: 'TransactWriteItems',
  PartiQLSelect: 'ExecuteStatement',
  PartiQLInsert: 'ExecuteStatement',
  PartiQLUpdate: 'ExecuteStatement',
  PartiQLDelete: 'ExecuteStatement',
};

/**
 * Disagreement with the project's reference notes (iam-semantics.md section 7.3), where these
 * permission-only actions are "not listed (unsure)" for resource-based policies: the AWS global
 * tables pages show table resource policies granting them, so the documentation is followed.
 *
 * Permission-only actions the multi-account global tables pages grant in a table's resource
 * policy. Not on the rbac page; documented by the global tables security page and its tutorial.
 */
export const MULTI_ACCOUNT_REPLICATION_GRANTS: Readonly<
  Record<string, { readonly grantee: string; readonly crossAccount: boolean | undefined }>
> = {
  // Granted to the other accounts that join the global table ("AllowTrustedAccountsToJoinThisGlobalTable").
  AssociateTableReplica: { grantee: 'the AWS accounts whose tables join the global table', crossAccount: true },
  // Granted to the replication service principal, scoped with aws:SourceAccount / aws:SourceArn;
  // cross-account access in the rbac sense (an IAM principal of another account) is not described.
  ReadDataForReplication: { grantee: 'the service principal replication.dynamodb.amazonaws.com', crossAccount: undefined },
  WriteDataForReplication: { grantee: 'the service principal replication.dynamodb.amazonaws.com', crossAccount: undefined },
  ReplicateSettings: { grantee: 'the service principal replication.dynamodb.amazonaws.com', crossAccount: undefined },
};
