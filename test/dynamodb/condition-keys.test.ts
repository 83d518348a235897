import { describe, expect, it } from 'vitest';
import {
  DYNAMODB_CONDITION_KEYS,
  actionSupportsKey,
  describeConditionKey,
  findDynamoConditionKey,
  type DynamoConditionKey,
} from '../../src/dynamodb/condition-keys';
import { findAction } from '../../src/dynamodb/catalog';

function key(name: string): DynamoConditionKey {
  const found = findDynamoConditionKey(name);
  if (found === undefined) throw new Error(`no key ${name}`);
  return found;
}

describe('DynamoDB condition keys (SAR)', () => {
  it('are exactly the thirteen the SAR lists', () => {
    expect(DYNAMODB_CONDITION_KEYS.map((k) => k.name)).toEqual([
      'dynamodb:Attributes',
      'dynamodb:EnclosingOperation',
      'dynamodb:FirstPartitionKeyValues',
      'dynamodb:FisActionId',
      'dynamodb:FisTargetArns',
      'dynamodb:FourthPartitionKeyValues',
      'dynamodb:FullTableScan',
      'dynamodb:LeadingKeys',
      'dynamodb:ReturnConsumedCapacity',
      'dynamodb:ReturnValues',
      'dynamodb:SecondPartitionKeyValues',
      'dynamodb:Select',
      'dynamodb:ThirdPartitionKeyValues',
    ]);
  });

  it.each([
    ['dynamodb:LeadingKeys', 'ArrayOfString', true],
    ['dynamodb:Attributes', 'ArrayOfString', true],
    ['dynamodb:FirstPartitionKeyValues', 'ArrayOfString', true],
    ['dynamodb:FisTargetArns', 'ArrayOfARN', true],
    ['dynamodb:FisActionId', 'String', false],
    ['dynamodb:Select', 'String', false],
    ['dynamodb:ReturnValues', 'String', false],
    ['dynamodb:ReturnConsumedCapacity', 'String', false],
    ['dynamodb:EnclosingOperation', 'String', false],
    ['dynamodb:FullTableScan', 'Bool', false],
  ] as const)('%s is %s, multivalued %s', (name, type, multivalued) => {
    expect(key(name)).toMatchObject({ type, multivalued });
  });

  it('enumerate the documented values', () => {
    expect(key('dynamodb:Select').allowedValues).toEqual(['ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES', 'SPECIFIC_ATTRIBUTES', 'COUNT']);
    expect(key('dynamodb:ReturnValues').allowedValues).toEqual(['ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW', 'NONE']);
    expect(key('dynamodb:ReturnConsumedCapacity').allowedValues).toEqual(['TOTAL', 'NONE']);
    expect(key('dynamodb:EnclosingOperation').allowedValues).toEqual(['TransactGetItems', 'TransactWriteItems', 'ExecuteTransaction']);
    expect(key('dynamodb:Attributes').allowedValues).toBeUndefined();
  });

  it('records the ForAllValues requirement and the LeadingKeys alias', () => {
    expect(key('dynamodb:LeadingKeys').usage).toMatch(/ForAllValues/);
    expect(key('dynamodb:FirstPartitionKeyValues').sameAs).toBe('dynamodb:LeadingKeys');
  });

  it('are found case-insensitively; invented keys are not', () => {
    expect(findDynamoConditionKey('DYNAMODB:leadingkeys')?.name).toBe('dynamodb:LeadingKeys');
    // ABAC uses aws:ResourceTag; there is no dynamodb:ResourceTag key.
    expect(findDynamoConditionKey('dynamodb:ResourceTag/team')).toBeUndefined();
    expect(findDynamoConditionKey('dynamodb:LeadingKey')).toBeUndefined();
  });
});

describe('actionSupportsKey', () => {
  it.each([
    ['Query', 'dynamodb:LeadingKeys', true],
    ['dynamodb:query', 'DYNAMODB:LEADINGKEYS', true],
    ['Scan', 'dynamodb:LeadingKeys', false],
    ['Scan', 'dynamodb:Select', true],
    ['Scan', 'dynamodb:ReturnValues', true],
    ['GetItem', 'dynamodb:ReturnValues', false],
    ['PartiQLSelect', 'dynamodb:FullTableScan', true],
    ['Query', 'dynamodb:FullTableScan', false],
    ['PartiQLInsert', 'dynamodb:ReturnConsumedCapacity', false],
    ['UpdateItem', 'dynamodb:EnclosingOperation', true],
    ['ConditionCheckItem', 'dynamodb:EnclosingOperation', false],
    ['InjectError', 'dynamodb:FisTargetArns', true],
    // Derived: the developer guide makes these interchangeable with / siblings of LeadingKeys.
    ['GetItem', 'dynamodb:FirstPartitionKeyValues', true],
    ['BatchWriteItem', 'dynamodb:SecondPartitionKeyValues', true],
    ['Scan', 'dynamodb:FirstPartitionKeyValues', false],
    // Tag keys follow the SAR per action.
    ['CreateTable', 'aws:RequestTag/env', true],
    ['TagResource', 'aws:TagKeys', true],
    ['GetItem', 'aws:RequestTag/env', false],
    ['GetItem', 'aws:TagKeys', false],
    ['GetItem', 'aws:ResourceTag/env', true],
    ['ListTables', 'aws:ResourceTag/env', false],
    // Other global keys and web-identity keys are not tied to actions.
    ['GetItem', 'aws:SourceIp', true],
    ['ListTables', 'aws:PrincipalOrgID', true],
    ['GetItem', 'www.amazon.com:user_id', true],
    // Unknown names.
    ['GetItem', 'dynamodb:Bogus', false],
    ['GetItem', 'aws:NoSuchKey', false],
    ['GetItems', 'dynamodb:LeadingKeys', false],
  ] as const)('%s with %s: %s', (action, conditionKey, expected) => {
    expect(actionSupportsKey(action, conditionKey)).toBe(expected);
  });

  it('accepts a catalog action as well as a name', () => {
    expect(actionSupportsKey(findAction('Query')!, 'dynamodb:Select')).toBe(true);
  });
});

describe('describeConditionKey', () => {
  it('finds keys of every kind a DynamoDB policy may use', () => {
    expect(describeConditionKey('dynamodb:select')).toMatchObject({ source: 'dynamodb', key: { name: 'dynamodb:Select' } });
    expect(describeConditionKey('aws:sourceip')).toMatchObject({ source: 'global', key: { name: 'aws:SourceIp', type: 'IPAddress' } });
    expect(describeConditionKey('aws:PrincipalTag/Team')).toMatchObject({
      source: 'global',
      key: { name: 'aws:PrincipalTag/${TagKey}' },
      tagKey: 'Team',
    });
    expect(describeConditionKey('cognito-identity.amazonaws.com:sub')).toMatchObject({ source: 'web-identity' });
  });

  it('is undefined for keys AWS does not define', () => {
    expect(describeConditionKey('foo:bar')).toBeUndefined();
    expect(describeConditionKey('aws:PrincipalTag')).toBeUndefined();
  });
});
