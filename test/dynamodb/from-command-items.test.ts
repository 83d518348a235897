import { describe, expect, it } from 'vitest';
import { CallError, fromCommand, type AuthorizationRequest, type FromCommandOptions } from '../../src/dynamodb/from-command';

// The GameScores table of the DynamoDB guide's fine-grained access control page.
const ACCOUNT = '123456789012';
const TABLE = `arn:aws:dynamodb:us-west-2:${ACCOUNT}:table/GameScores`;
const INDEX = `${TABLE}/index/TopScoreDateTimeIndex`;
const OPTIONS: FromCommandOptions = {
  account: ACCOUNT,
  region: 'us-west-2',
  keySchema: {
    GameScores: {
      partitionKey: 'UserId',
      sortKey: 'GameTitle',
      indexes: { TopScoreDateTimeIndex: { partitionKey: 'GameTitle', sortKey: 'TopScoreDateTime' } },
    },
  },
};
const USER = 'amzn1.account.AF4LDLJ2XRYNYMS5KKT7BWDJ6UUA';
const KEY = { UserId: { S: USER }, GameTitle: { S: 'Meteor Blasters' } };

function only(name: string, input: object, options: FromCommandOptions = OPTIONS): AuthorizationRequest {
  const { requests } = fromCommand(name, input, options);
  expect(requests).toHaveLength(1);
  return requests[0] as AuthorizationRequest;
}

type Context = AuthorizationRequest['context'];
const valuesOf = (context: Context, key: string): readonly string[] | undefined => {
  const value = context[key];
  return value === undefined ? undefined : typeof value === 'string' ? [value] : value;
};
/** `ForAllValues:StringEquals`: true when every value of the key is allowed (or there is none). */
const forAllValues = (context: Context, key: string, allowed: readonly string[]): boolean =>
  (valuesOf(context, key) ?? []).every((v) => allowed.includes(v));
/** `StringEqualsIfExists`: true when the key is absent or its value is allowed. */
const equalsIfExists = (context: Context, key: string, allowed: readonly string[]): boolean =>
  (valuesOf(context, key) ?? []).every((v) => allowed.includes(v));

describe('single-item calls', () => {
  it.each<[string, string, object, Context]>([
    [
      'GetItem without projection reads all attributes',
      'GetItem',
      { TableName: 'GameScores', Key: KEY },
      { 'dynamodb:LeadingKeys': [USER], 'dynamodb:Attributes': ['UserId', 'GameTitle'], 'dynamodb:Select': 'ALL_ATTRIBUTES' },
    ],
    [
      'GetItem with a projection and #names reads specific attributes',
      'GetItem',
      {
        TableName: 'GameScores',
        Key: KEY,
        ProjectionExpression: '#ts, Wins, Stats.Streak',
        ExpressionAttributeNames: { '#ts': 'TopScore' },
      },
      {
        'dynamodb:LeadingKeys': [USER],
        'dynamodb:Attributes': ['UserId', 'GameTitle', 'TopScore', 'Wins', 'Stats'],
        'dynamodb:Select': 'SPECIFIC_ATTRIBUTES',
      },
    ],
    [
      'GetItem with legacy AttributesToGet and ReturnConsumedCapacity',
      'GetItem',
      { TableName: 'GameScores', Key: KEY, AttributesToGet: ['Wins'], ReturnConsumedCapacity: 'TOTAL' },
      {
        'dynamodb:LeadingKeys': [USER],
        'dynamodb:Attributes': ['UserId', 'GameTitle', 'Wins'],
        'dynamodb:Select': 'SPECIFIC_ATTRIBUTES',
        'dynamodb:ReturnConsumedCapacity': 'TOTAL',
      },
    ],
    [
      'PutItem names every attribute of the item and of its condition; ReturnValues defaults to NONE',
      'PutItem',
      {
        TableName: 'GameScores',
        Item: { ...KEY, Wins: { N: '3' }, Losses: { N: '1' } },
        ConditionExpression: 'attribute_not_exists(UserId) OR #l < :l',
        ExpressionAttributeNames: { '#l': 'Level' },
      },
      {
        'dynamodb:LeadingKeys': [USER],
        'dynamodb:Attributes': ['UserId', 'GameTitle', 'Wins', 'Losses', 'Level'],
        'dynamodb:ReturnValues': 'NONE',
      },
    ],
    [
      'PutItem with ReturnValues ALL_OLD',
      'PutItem',
      { TableName: 'GameScores', Item: KEY, ReturnValues: 'ALL_OLD' },
      { 'dynamodb:LeadingKeys': [USER], 'dynamodb:Attributes': ['UserId', 'GameTitle'], 'dynamodb:ReturnValues': 'ALL_OLD' },
    ],
    [
      'UpdateItem counts SET/REMOVE/ADD/DELETE targets, names read on the right and the condition',
      'UpdateItem',
      {
        TableName: 'GameScores',
        Key: KEY,
        UpdateExpression: 'SET TopScore = if_not_exists(TopScore, :z) + :s, #h = Secret REMOVE Draft ADD Wins :one DELETE Badges :b',
        ConditionExpression: 'Losses < :max',
        ExpressionAttributeNames: { '#h': 'History' },
        ReturnValues: 'UPDATED_NEW',
      },
      {
        'dynamodb:LeadingKeys': [USER],
        'dynamodb:Attributes': ['UserId', 'GameTitle', 'TopScore', 'History', 'Secret', 'Draft', 'Wins', 'Badges', 'Losses'],
        'dynamodb:ReturnValues': 'UPDATED_NEW',
      },
    ],
    [
      'UpdateItem with legacy AttributeUpdates and Expected',
      'UpdateItem',
      {
        TableName: 'GameScores',
        Key: KEY,
        AttributeUpdates: { Wins: { Action: 'ADD', Value: { N: '1' } } },
        Expected: { Losses: { Exists: false } },
      },
      { 'dynamodb:LeadingKeys': [USER], 'dynamodb:Attributes': ['UserId', 'GameTitle', 'Wins', 'Losses'], 'dynamodb:ReturnValues': 'NONE' },
    ],
    [
      'DeleteItem names its key and its condition',
      'DeleteItem',
      {
        TableName: 'GameScores',
        Key: KEY,
        ConditionExpression: 'Wins = :zero',
        ReturnValues: 'ALL_OLD',
        ReturnConsumedCapacity: 'INDEXES',
      },
      {
        'dynamodb:LeadingKeys': [USER],
        'dynamodb:Attributes': ['UserId', 'GameTitle', 'Wins'],
        'dynamodb:ReturnValues': 'ALL_OLD',
        'dynamodb:ReturnConsumedCapacity': 'INDEXES',
      },
    ],
  ])('%s', (_, name, input, context) => {
    const request = only(name, input);
    expect(request).toEqual({ action: `dynamodb:${name}`, resource: TABLE, origin: name, context });
  });

  it.each<[string, unknown, string]>([
    ['a string as it is', { S: 'alice' }, 'alice'],
    ['a number as its decimal text', { N: '-12.50' }, '-12.50'],
    ['a binary as base64 (Uint8Array)', { B: new Uint8Array([0xde, 0xad, 0xbe, 0xef]) }, '3q2+7w=='],
    ['a binary as base64 (wire format already base64)', { B: '3q2+7w==' }, '3q2+7w=='],
    ['a native string (DocumentClient)', 'alice', 'alice'],
    ['a native number', 42, '42'],
    ['a native bigint', 12345678901234567890n, '12345678901234567890'],
    ['a native binary', new Uint8Array([1, 2, 3, 4, 5]), 'AQIDBAU='],
    ['a NumberValue', { value: '99999999999999999999.5' }, '99999999999999999999.5'],
  ])('LeadingKeys holds %s', (_, value, text) => {
    const request = only('DeleteItem', { TableName: 'Players', Key: { PlayerId: value } }, { account: ACCOUNT, region: 'us-west-2' });
    expect(request.context['dynamodb:LeadingKeys']).toEqual([text]);
  });

  it.each<[unknown, string]>([
    [{ BOOL: true }, 'must be a string, number or binary'],
    [{ S: 5 }, 'not of the type the AttributeValue names'],
    [[1], 'must be a string, number or binary'],
    [Number.NaN, 'must be finite'],
  ])('refuses a key value %j', (value, message) => {
    expect(() =>
      fromCommand('GetItem', { TableName: 'Players', Key: { PlayerId: value } }, { account: ACCOUNT, region: 'us-west-2' }),
    ).toThrow(message);
  });

  it('tells the partition key of a one-attribute Key without a key schema', () => {
    const request = only('GetItem', { TableName: 'Players', Key: { PlayerId: { S: 'p1' } } }, { account: ACCOUNT, region: 'us-west-2' });
    expect(request.context['dynamodb:LeadingKeys']).toEqual(['p1']);
  });

  it.each([
    ['GetItem', { TableName: 'GameScores', Key: KEY }],
    ['PutItem', { TableName: 'GameScores', Item: { ...KEY, Wins: { N: '1' } } }],
  ])('%s asks for keySchema when the partition key cannot be told', (name, input) => {
    const options = { account: ACCOUNT, region: 'us-west-2' };
    expect(() => fromCommand(name, input, options)).toThrow(CallError);
    expect(() => fromCommand(name, input, options)).toThrow(/pass options.keySchema with the partitionKey of table "GameScores"/);
  });

  it('finds the key schema under the table ARN, or takes one schema for every table', () => {
    const byArn = { account: ACCOUNT, region: 'us-west-2', keySchema: { [TABLE]: { partitionKey: 'GameTitle' } } };
    expect(only('GetItem', { TableName: 'GameScores', Key: KEY }, byArn).context['dynamodb:LeadingKeys']).toEqual(['Meteor Blasters']);
    const single = { account: ACCOUNT, region: 'us-west-2', keySchema: { partitionKey: 'GameTitle' } };
    expect(only('GetItem', { TableName: TABLE, Key: KEY }, single).context['dynamodb:LeadingKeys']).toEqual(['Meteor Blasters']);
  });

  it.each([
    [
      'GetItem',
      { TableName: 'GameScores', Key: { GameTitle: { S: 'x' }, Level: { N: '1' } } },
      'has no value for the partition key "UserId"',
    ],
    ['GetItem', { TableName: 'GameScores' }, 'Key is required'],
    ['PutItem', { TableName: 'GameScores', Key: KEY }, 'Item is required'],
    ['UpdateItem', { TableName: 'GameScores', Key: KEY, UpdateExpression: 'SET #x = :v' }, '#x is not defined'],
    ['PutItem', { Item: KEY }, 'TableName is required'],
  ])('%s rejects %j', (name, input, message) => {
    expect(() => fromCommand(name, input, OPTIONS)).toThrow(message);
  });
});

describe('Query and Scan', () => {
  const base = {
    TableName: 'GameScores',
    KeyConditionExpression: '#u = :u AND begins_with(GameTitle, :g)',
    ExpressionAttributeNames: { '#u': 'UserId' },
    ExpressionAttributeValues: { ':u': { S: USER }, ':g': { S: 'Meteor' } },
  };

  it.each<[string, string, object, string, Context]>([
    [
      'Query on the table without projection: ALL_ATTRIBUTES',
      'Query',
      base,
      TABLE,
      { 'dynamodb:LeadingKeys': [USER], 'dynamodb:Attributes': ['UserId', 'GameTitle'], 'dynamodb:Select': 'ALL_ATTRIBUTES' },
    ],
    [
      'Query with projection and filter: SPECIFIC_ATTRIBUTES, filter names count',
      'Query',
      {
        ...base,
        ProjectionExpression: 'Wins, #l',
        FilterExpression: 'TopScore > :s',
        ExpressionAttributeNames: { '#u': 'UserId', '#l': 'Losses' },
      },
      TABLE,
      {
        'dynamodb:LeadingKeys': [USER],
        'dynamodb:Attributes': ['UserId', 'GameTitle', 'Wins', 'Losses', 'TopScore'],
        'dynamodb:Select': 'SPECIFIC_ATTRIBUTES',
      },
    ],
    [
      'Query with Select COUNT keeps it',
      'Query',
      { ...base, Select: 'COUNT', ReturnConsumedCapacity: 'NONE' },
      TABLE,
      {
        'dynamodb:LeadingKeys': [USER],
        'dynamodb:Attributes': ['UserId', 'GameTitle'],
        'dynamodb:Select': 'COUNT',
        'dynamodb:ReturnConsumedCapacity': 'NONE',
      },
    ],
    [
      'Query on an index: the index ARN, the index partition key, ALL_PROJECTED_ATTRIBUTES',
      'Query',
      {
        TableName: 'GameScores',
        IndexName: 'TopScoreDateTimeIndex',
        KeyConditionExpression: 'GameTitle = :g AND TopScoreDateTime > :t',
        ExpressionAttributeValues: { ':g': { S: 'Meteor Blasters' }, ':t': { S: '2024' } },
      },
      INDEX,
      {
        'dynamodb:LeadingKeys': ['Meteor Blasters'],
        'dynamodb:Attributes': ['GameTitle', 'TopScoreDateTime'],
        'dynamodb:Select': 'ALL_PROJECTED_ATTRIBUTES',
      },
    ],
    [
      'Query with legacy KeyConditions, QueryFilter and AttributesToGet',
      'Query',
      {
        TableName: 'GameScores',
        KeyConditions: {
          GameTitle: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'M' }] },
          UserId: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: USER }] },
        },
        QueryFilter: { Wins: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '0' }] } },
        AttributesToGet: ['TopScore'],
      },
      TABLE,
      {
        'dynamodb:LeadingKeys': [USER],
        'dynamodb:Attributes': ['GameTitle', 'UserId', 'TopScore', 'Wins'],
        'dynamodb:Select': 'SPECIFIC_ATTRIBUTES',
      },
    ],
    [
      'Scan has no LeadingKeys; without projection or filter no Attributes either',
      'Scan',
      { TableName: 'GameScores' },
      TABLE,
      { 'dynamodb:Select': 'ALL_ATTRIBUTES' },
    ],
    [
      'Scan of an index with filters',
      'Scan',
      {
        TableName: 'GameScores',
        IndexName: 'TopScoreDateTimeIndex',
        FilterExpression: 'Wins > :w',
        ScanFilter: { Losses: { ComparisonOperator: 'NULL' } },
      },
      INDEX,
      { 'dynamodb:Attributes': ['Wins', 'Losses'], 'dynamodb:Select': 'ALL_PROJECTED_ATTRIBUTES' },
    ],
  ])('%s', (_, name, input, resource, context) => {
    expect(only(name, input)).toEqual({ action: `dynamodb:${name}`, resource, origin: name, context });
  });

  it('without a key schema, takes the one equality of the key condition as the partition key', () => {
    const options = { account: ACCOUNT, region: 'us-west-2' };
    expect(only('Query', base, options).context['dynamodb:LeadingKeys']).toEqual([USER]);
    const equalityOnly = { ...base, KeyConditionExpression: 'UserId = :u' };
    expect(only('Query', equalityOnly, options).context['dynamodb:LeadingKeys']).toEqual([USER]);
    const twoEqualities = { ...base, KeyConditionExpression: 'UserId = :u AND GameTitle = :g' };
    expect(() => fromCommand('Query', twoEqualities, options)).toThrow(/pass options.keySchema/);
  });

  it('asks for the index key schema when an index Query is ambiguous', () => {
    const input = {
      TableName: 'GameScores',
      IndexName: 'ByRegion',
      KeyConditionExpression: '#r = :r AND Season = :s',
      ExpressionAttributeNames: { '#r': 'Region' },
      ExpressionAttributeValues: { ':r': { S: 'eu' }, ':s': { N: '3' } },
    };
    expect(() => fromCommand('Query', input, OPTIONS)).toThrow(/indexes\["ByRegion"\].partitionKey of index "ByRegion"/);
  });

  it.each([
    [{ ...base, KeyConditionExpression: 'GameTitle = :g' }, 'no equality on the partition key "UserId"'],
    [{ ...base, ExpressionAttributeValues: {} }, ':u is not defined in ExpressionAttributeValues'],
    [{ TableName: 'GameScores' }, 'KeyConditionExpression (or legacy KeyConditions) is required'],
    [{ ...base, KeyConditionExpression: 'UserId = :u OR UserId = :v' }, 'cannot read'],
    [{ ...base, IndexName: 'by index' }, 'index name "by index" has characters DynamoDB does not allow'],
  ])('rejects %j', (input, message) => {
    expect(() => fromCommand('Query', input, OPTIONS)).toThrow(message);
  });
});

describe('the fine-grained access control examples of the DynamoDB guide', () => {
  // Overview policy: LeadingKeys = the web-identity user, Attributes allow-list, Select IfExists.
  const ALLOWED = ['UserId', 'GameTitle', 'Wins', 'Losses', 'TopScore', 'TopScoreDateTime'];
  const overviewAllows = (request: AuthorizationRequest): boolean =>
    forAllValues(request.context, 'dynamodb:LeadingKeys', [USER]) &&
    forAllValues(request.context, 'dynamodb:Attributes', ALLOWED) &&
    equalsIfExists(request.context, 'dynamodb:Select', ['SPECIFIC_ATTRIBUTES']);

  it('lets a user read allowed attributes of their own items', () => {
    expect(overviewAllows(only('GetItem', { TableName: 'GameScores', Key: KEY, ProjectionExpression: 'Wins, Losses' }))).toBe(true);
    const query = {
      TableName: 'GameScores',
      KeyConditionExpression: '#u = :me',
      ProjectionExpression: '#t, #w',
      ExpressionAttributeNames: { '#u': 'UserId', '#t': 'TopScore', '#w': 'TopScoreDateTime' },
      ExpressionAttributeValues: { ':me': { S: USER } },
    };
    expect(overviewAllows(only('Query', query))).toBe(true);
  });

  it("refuses another user's items, reads of all attributes, and hidden attributes anywhere in the request", () => {
    const other = { UserId: { S: 'amzn1.account.SOMEONEELSE' }, GameTitle: { S: 'Meteor Blasters' } };
    expect(overviewAllows(only('GetItem', { TableName: 'GameScores', Key: other, ProjectionExpression: 'Wins' }))).toBe(false);
    expect(overviewAllows(only('GetItem', { TableName: 'GameScores', Key: KEY }))).toBe(false); // Select ALL_ATTRIBUTES
    const filtered = {
      TableName: 'GameScores',
      KeyConditionExpression: 'UserId = :me',
      FilterExpression: 'Cheater = :t',
      ProjectionExpression: 'Wins',
      ExpressionAttributeValues: { ':me': { S: USER } },
    };
    expect(overviewAllows(only('Query', filtered))).toBe(false);
    const copy = { TableName: 'GameScores', Key: KEY, UpdateExpression: 'SET Wins = Cheater' };
    expect(overviewAllows(only('UpdateItem', copy))).toBe(false);
  });

  it('example 3: UpdateItem ReturnValues defaults to NONE, ALL_NEW is refused', () => {
    const allowedReturn = ['NONE', 'UPDATED_OLD', 'UPDATED_NEW'];
    const update = { TableName: 'GameScores', Key: KEY, UpdateExpression: 'SET Wins = :w' };
    expect(only('UpdateItem', update).context['dynamodb:ReturnValues']).toBe('NONE');
    expect(allowedReturn).toContain(only('UpdateItem', update).context['dynamodb:ReturnValues']);
    expect(allowedReturn).not.toContain(only('UpdateItem', { ...update, ReturnValues: 'ALL_NEW' }).context['dynamodb:ReturnValues']);
  });

  it('example 4: an index Query of projected attributes matches the index policies', () => {
    const query = {
      TableName: 'GameScores',
      IndexName: 'TopScoreDateTimeIndex',
      KeyConditionExpression: 'GameTitle = :g AND TopScoreDateTime > :t',
      ExpressionAttributeValues: { ':g': { S: 'Meteor Blasters' }, ':t': { S: '2024-01-01' } },
    };
    const projected = only('Query', { ...query, ProjectionExpression: 'Wins, Losses, Attempts' });
    expect(projected.resource).toBe(INDEX);
    expect(forAllValues(projected.context, 'dynamodb:Attributes', ['TopScoreDateTime', 'GameTitle', 'Wins', 'Losses', 'Attempts'])).toBe(
      true,
    );
    expect(projected.context['dynamodb:Select']).toBe('SPECIFIC_ATTRIBUTES');
    // The second policy of the example requires ALL_PROJECTED_ATTRIBUTES: the default on an index.
    expect(only('Query', query).context['dynamodb:Select']).toBe('ALL_PROJECTED_ATTRIBUTES');
  });

  it('Scan carries no LeadingKeys, which is why the per-user policy leaves Scan out', () => {
    expect(only('Scan', { TableName: 'GameScores', ProjectionExpression: 'Wins' }).context).not.toHaveProperty('dynamodb:LeadingKeys');
  });
});
