import { describe, expect, it } from 'vitest';
import {
  ACTION_COUNT,
  API_TO_ACTIONS,
  CATALOG_SOURCE,
  DYNAMODB_ACTIONS,
  RESOURCE_POLICY_SOURCE,
  apiAuthorization,
  editDistance,
  expandActionPattern,
  findAction,
  streamPolicyCanGrant,
  suggestAction,
  tablePolicyCanGrant,
  type DynamoAction,
} from '../../src/dynamodb/catalog';
import { RBAC_API_SUPPORT } from '../../src/dynamodb/actions-data';
import { describeConditionKey } from '../../src/dynamodb/condition-keys';

function action(name: string): DynamoAction {
  const found = findAction(name);
  if (found === undefined) throw new Error(`no action ${name}`);
  return found;
}

const names = (actions: readonly DynamoAction[]) => actions.map((a) => a.name);

describe('the catalog as a whole', () => {
  it('holds every action of the SAR snapshot once, alphabetically', () => {
    expect(ACTION_COUNT).toBe(79);
    expect(DYNAMODB_ACTIONS).toHaveLength(ACTION_COUNT);
    const all = names(DYNAMODB_ACTIONS);
    expect(new Set(all.map((n) => n.toLowerCase())).size).toBe(all.length);
    expect([...all].sort()).toEqual(all);
    for (const a of DYNAMODB_ACTIONS) expect(a.fullName).toBe(`dynamodb:${a.name}`);
  });

  it('marks exactly the SAR permission-only actions', () => {
    expect(names(DYNAMODB_ACTIONS.filter((a) => a.permissionOnly))).toEqual([
      'AssociateTableReplica',
      'CreateGlobalTableWitness',
      'CreateTableReplica',
      'DeleteGlobalTableWitness',
      'DeleteTableReplica',
      'DescribeReservedCapacity',
      'DescribeReservedCapacityOfferings',
      'GetAbacStatus',
      'InjectError',
      'PurchaseReservedCapacityOfferings',
      'ReadDataForReplication',
      'ReplicateSettings',
      'RestoreTableFromAwsBackup',
      'StartAwsBackupJob',
      'UpdateAbacStatus',
      'UpdateGlobalTableVersion',
      'WriteDataForReplication',
    ]);
  });

  it('names only condition keys that AWS defines', () => {
    for (const a of DYNAMODB_ACTIONS) {
      for (const key of a.conditionKeys) expect(describeConditionKey(key.replace('${TagKey}', 'k')), `${a.name} ${key}`).toBeDefined();
    }
  });

  it('records where it comes from', () => {
    expect(CATALOG_SOURCE.url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/service-authorization\/.*dynamodb/);
    expect(CATALOG_SOURCE.retrieved).toBe('2026-11-28');
    expect(RESOURCE_POLICY_SOURCE.url).toMatch(/rbac-iam-actions\.html$/);
  });
});

describe('facts from the Service Authorization Reference', () => {
  it('Query and Scan act on a table (required) or one of its indexes (optional)', () => {
    for (const name of ['Query', 'Scan']) {
      expect(action(name).resourceTypes).toEqual([
        { type: 'index', required: false },
        { type: 'table', required: true },
      ]);
    }
  });

  it('Query carries dynamodb:LeadingKeys; Scan does not', () => {
    expect(action('Query').conditionKeys).toContain('dynamodb:LeadingKeys');
    expect(action('Scan').conditionKeys).not.toContain('dynamodb:LeadingKeys');
    expect(action('Scan').conditionKeys).toContain('dynamodb:Select');
  });

  it('only PartiQLSelect among the PartiQL actions acts on an index and knows FullTableScan', () => {
    expect(action('PartiQLSelect').resourceTypes.map((r) => r.type)).toEqual(['index', 'table']);
    expect(action('PartiQLSelect').conditionKeys).toContain('dynamodb:FullTableScan');
    for (const name of ['PartiQLInsert', 'PartiQLUpdate', 'PartiQLDelete']) {
      expect(action(name).resourceTypes).toEqual([{ type: 'table', required: true }]);
      expect(action(name).conditionKeys).not.toContain('dynamodb:FullTableScan');
    }
  });

  it('access levels follow the SAR, with both levels where it lists two', () => {
    expect(action('ConditionCheckItem').accessLevel).toBe('Read');
    expect(action('ListStreams').accessLevel).toBe('Read');
    expect(action('ListTables').accessLevel).toBe('List');
    expect(action('PutResourcePolicy').accessLevels).toEqual(['Permissions management', 'Write']);
    expect(action('PutResourcePolicy').accessLevel).toBe('Permissions management');
    expect(action('TagResource').accessLevels).toEqual(['Tagging', 'Write']);
    expect(action('UpdateAbacStatus').accessLevels).toEqual(['Permissions management', 'Write']);
  });

  it('resource types of the less common actions', () => {
    expect(action('ListStreams').resourceTypes).toEqual([]);
    expect(action('GetRecords').resourceTypes).toEqual([{ type: 'stream', required: true }]);
    expect(action('SearchVectors').resourceTypes).toEqual([
      { type: 'index', required: true },
      { type: 'table', required: true },
    ]);
    expect(action('UpdateGlobalTableVersion').resourceTypes).toEqual([
      { type: 'global-table', required: true },
      { type: 'table', required: false },
    ]);
    expect(action('ListExports').resourceTypes).toEqual([{ type: 'table', required: false }]);
    expect(action('RestoreTableFromBackup').resourceTypes.map((r) => r.type)).toEqual(['backup', 'table']);
    expect(action('DescribeExport').resourceTypes).toEqual([{ type: 'export', required: true }]);
    expect(action('DescribeImport').resourceTypes).toEqual([{ type: 'import', required: true }]);
  });

  it('condition keys of the tagging and FIS actions', () => {
    expect(action('CreateTable').conditionKeys).toEqual(['aws:RequestTag/${TagKey}', 'aws:ResourceTag/${TagKey}', 'aws:TagKeys']);
    expect(action('UntagResource').conditionKeys).toEqual(['aws:ResourceTag/${TagKey}', 'aws:TagKeys']);
    expect(action('InjectError').conditionKeys).toEqual(['dynamodb:FisActionId', 'dynamodb:FisTargetArns']);
    expect(action('ConditionCheckItem').conditionKeys).not.toContain('dynamodb:EnclosingOperation');
  });

  it('flags the actions that act on a table or a stream, never both', () => {
    expect(names(DYNAMODB_ACTIONS.filter((a) => a.targetsTableOrStream))).toEqual([
      'DeleteResourcePolicy',
      'GetResourcePolicy',
      'ListTagsOfResource',
      'PutResourcePolicy',
      'TagResource',
      'UntagResource',
    ]);
  });
});

describe('what resource-based policies can grant (rbac-iam-actions)', () => {
  it('ListStreams cannot be granted by any resource policy', () => {
    expect(action('ListStreams').resourcePolicy).toMatchObject({ table: 'no', stream: 'no', crossAccount: 'no' });
  });

  it('the stream read actions only by a stream policy, across accounts too', () => {
    for (const name of ['GetRecords', 'GetShardIterator', 'DescribeStream']) {
      const a = action(name);
      expect(tablePolicyCanGrant(a), name).toBe(false);
      expect(streamPolicyCanGrant(a), name).toBe(true);
      expect(a.resourcePolicy.crossAccount, name).toBe('yes');
    }
  });

  it('item actions, in a table policy and across accounts', () => {
    for (const name of ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem']) {
      expect(action(name).resourcePolicy, name).toMatchObject({ table: 'yes', stream: 'no', crossAccount: 'yes' });
    }
  });

  it('ConditionCheckItem takes the TransactWriteItems row', () => {
    expect(action('ConditionCheckItem').resourcePolicy).toMatchObject({ table: 'yes', crossAccount: 'yes' });
    expect(action('ConditionCheckItem').resourcePolicy.basis).toMatch(/TransactWriteItems/);
  });

  it('PartiQL actions can be granted by a table policy but not across accounts', () => {
    for (const name of ['PartiQLSelect', 'PartiQLInsert', 'PartiQLUpdate', 'PartiQLDelete']) {
      expect(action(name).resourcePolicy, name).toMatchObject({ table: 'yes', crossAccount: 'no' });
    }
  });

  it('control-plane rows', () => {
    expect(action('CreateTable').resourcePolicy.table).toBe('no');
    expect(action('DescribeTable').resourcePolicy).toMatchObject({ table: 'yes', crossAccount: 'yes' });
    expect(action('UpdateTimeToLive').resourcePolicy).toMatchObject({ table: 'yes', crossAccount: 'no' });
    expect(action('DisableKinesisStreamingDestination').resourcePolicy).toMatchObject({ table: 'yes', crossAccount: 'no' });
    expect(action('CreateBackup').resourcePolicy).toMatchObject({ table: 'yes', crossAccount: 'no' });
    for (const name of ['DescribeBackup', 'DeleteBackup', 'RestoreTableFromBackup', 'ImportTable', 'ListImports', 'CreateGlobalTable']) {
      expect(action(name).resourcePolicy.table, name).toBe('no');
    }
  });

  it('resource-policy and tag actions on both tables and streams, within the account only for policies', () => {
    for (const name of ['GetResourcePolicy', 'PutResourcePolicy', 'DeleteResourcePolicy']) {
      expect(action(name).resourcePolicy, name).toMatchObject({ table: 'yes', stream: 'yes', crossAccount: 'no' });
    }
    for (const name of ['TagResource', 'UntagResource', 'ListTagsOfResource']) {
      expect(action(name).resourcePolicy, name).toMatchObject({ table: 'yes', stream: 'yes', crossAccount: 'yes' });
    }
  });

  it('multi-account global table grants follow the global tables pages', () => {
    expect(action('AssociateTableReplica').resourcePolicy).toMatchObject({ table: 'yes', crossAccount: 'yes' });
    for (const name of ['ReadDataForReplication', 'WriteDataForReplication', 'ReplicateSettings']) {
      expect(action(name).resourcePolicy, name).toMatchObject({ table: 'yes', stream: 'no', crossAccount: 'undocumented' });
      expect(action(name).resourcePolicy.basis, name).toMatch(/replication\.dynamodb\.amazonaws\.com/);
    }
  });

  it('says undocumented rather than guessing', () => {
    expect(action('SearchVectors').resourcePolicy).toMatchObject({ table: 'undocumented', crossAccount: 'undocumented' });
    expect(tablePolicyCanGrant(action('SearchVectors'))).toBe(false);
  });

  it('never grants an action authorized on no table or stream ARN', () => {
    for (const a of DYNAMODB_ACTIONS.filter((x) => x.resourceTypes.length === 0)) {
      expect(a.resourcePolicy, a.name).toMatchObject({ table: 'no', stream: 'no' });
    }
  });

  it('never says yes where the rbac row of the same name says no', () => {
    for (const a of DYNAMODB_ACTIONS) {
      const row = RBAC_API_SUPPORT[a.name];
      if (row === undefined) continue;
      if (!row.resourcePolicy) expect([a.resourcePolicy.table, a.resourcePolicy.stream], a.name).toEqual(['no', 'no']);
      if (!row.crossAccount) expect(a.resourcePolicy.crossAccount, a.name).toBe('no');
    }
  });
});

describe('findAction', () => {
  it.each(['GetItem', 'getitem', 'GETITEM', 'dynamodb:GetItem', 'DynamoDB:getItem', ' dynamodb:GetItem '])('finds %j', (name) => {
    expect(findAction(name)?.name).toBe('GetItem');
  });

  it.each(['s3:GetItem', 'GetItems', 'dynamodb:', '', 'dynamodb:TransactWriteItems'])('does not find %j', (name) => {
    expect(findAction(name)).toBeUndefined();
  });
});

describe('expandActionPattern', () => {
  it('matches prefixes and suffixes, case-insensitively', () => {
    expect(names(expandActionPattern('dynamodb:Get*'))).toEqual([
      'GetAbacStatus',
      'GetItem',
      'GetRecords',
      'GetResourcePolicy',
      'GetShardIterator',
    ]);
    expect(names(expandActionPattern('dynamodb:*Item'))).toEqual([
      'BatchGetItem',
      'BatchWriteItem',
      'ConditionCheckItem',
      'DeleteItem',
      'GetItem',
      'PutItem',
      'UpdateItem',
    ]);
    expect(names(expandActionPattern('DYNAMODB:partiql*'))).toEqual(['PartiQLDelete', 'PartiQLInsert', 'PartiQLSelect', 'PartiQLUpdate']);
    expect(names(expandActionPattern('dynamodb:?etItem'))).toEqual(['GetItem']);
  });

  it('expands the full wildcards to the whole catalog', () => {
    for (const pattern of ['*', 'dynamodb:*', 'dynamo*:*', '*:*']) expect(expandActionPattern(pattern), pattern).toHaveLength(ACTION_COUNT);
  });

  it('matches nothing without the service prefix or for another service', () => {
    expect(expandActionPattern('Get*')).toEqual([]);
    expect(expandActionPattern('s3:*')).toEqual([]);
    expect(expandActionPattern('dynamodb:GetItems')).toEqual([]);
  });
});

describe('suggestAction', () => {
  it.each([
    ['GetItems', 'GetItem'],
    ['dynamodb:Querry', 'Query'],
    ['DescribeTabel', 'DescribeTable'],
    ['ListTable', 'ListTables'],
    ['Scna', 'Scan'],
    ['dynamodb:BatchGetItems', 'BatchGetItem'],
    ['getitem', 'GetItem'],
  ])('%s -> %s', (typo, expected) => {
    expect(suggestAction(typo)?.name).toBe(expected);
  });

  it.each(['xyz', 'TotallyUnrelatedWords', '', 's3:GetObject'])('nothing close to %j', (name) => {
    expect(suggestAction(name)).toBeUndefined();
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('API to action mapping', () => {
  it('authorizes TransactWriteItems item by item as the item actions', () => {
    const tx = API_TO_ACTIONS.TransactWriteItems!;
    expect(tx.actions).toEqual([]);
    expect(tx.authorizedPer).toBe('member');
    expect(tx.perMember).toEqual({ Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' });
    expect(tx.enclosingOperation).toBe('TransactWriteItems');
    expect(API_TO_ACTIONS.TransactGetItems).toMatchObject({ perMember: { Get: 'GetItem' }, enclosingOperation: 'TransactGetItems' });
  });

  it('authorizes PartiQL statements by their kind', () => {
    for (const api of ['ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction']) {
      expect(API_TO_ACTIONS[api]?.perMember, api).toEqual({
        SELECT: 'PartiQLSelect',
        INSERT: 'PartiQLInsert',
        UPDATE: 'PartiQLUpdate',
        DELETE: 'PartiQLDelete',
      });
    }
    expect(API_TO_ACTIONS.ExecuteTransaction?.enclosingOperation).toBe('ExecuteTransaction');
    expect(API_TO_ACTIONS.ExecuteStatement?.enclosingOperation).toBeUndefined();
  });

  it('authorizes batches per table and keeps replication actions situational', () => {
    expect(API_TO_ACTIONS.BatchGetItem).toMatchObject({ actions: ['BatchGetItem'], authorizedPer: 'table' });
    expect(API_TO_ACTIONS.GetItem?.actions).toEqual(['GetItem']);
    expect(API_TO_ACTIONS.GetItem?.situational.map((s) => s.action)).toEqual(['ReadDataForReplication']);
    expect(API_TO_ACTIONS.CreateTable?.situational.find((s) => s.action === 'PutResourcePolicy')?.when).toMatch(/ResourcePolicy/);
    expect(API_TO_ACTIONS.RestoreTableFromBackup?.actions).toContain('BatchWriteItem');
    expect(API_TO_ACTIONS.GetRecords?.client).toBe('dynamodbstreams');
  });

  it('names only catalog actions, and reaches every action that has an API', () => {
    const reached = new Set<string>();
    for (const entry of Object.values(API_TO_ACTIONS)) {
      const all = [...entry.actions, ...Object.values(entry.perMember ?? {}), ...entry.situational.map((s) => s.action)];
      for (const name of all) {
        expect(findAction(name), `${entry.api} -> ${name}`).toBeDefined();
        reached.add(name);
      }
      expect(findAction(entry.api)?.permissionOnly ?? false, entry.api).toBe(false);
    }
    for (const a of DYNAMODB_ACTIONS.filter((x) => !x.permissionOnly)) expect(reached.has(a.name), a.name).toBe(true);
  });

  it('looks APIs up case-insensitively', () => {
    expect(apiAuthorization('transactwriteitems')?.api).toBe('TransactWriteItems');
    expect(apiAuthorization('TransactWrite')).toBeUndefined();
  });
});
