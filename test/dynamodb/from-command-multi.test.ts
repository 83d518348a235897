import { describe, expect, it } from 'vitest';
import { CallError, fromCommand, type FromCommandOptions } from '../../src/dynamodb/from-command';

const ACCOUNT = '123456789012';
const PARTNER = '210987654321';
const MUSIC = `arn:aws:dynamodb:us-west-2:${ACCOUNT}:table/Music`;
const FORUM = `arn:aws:dynamodb:us-west-2:${PARTNER}:table/Forum`;
const OPTIONS: FromCommandOptions = {
  account: ACCOUNT,
  region: 'us-west-2',
  keySchema: {
    Music: { partitionKey: 'Artist', sortKey: 'SongTitle' },
    [FORUM]: { partitionKey: 'Name' },
  },
};

describe('BatchGetItem', () => {
  it('makes one dynamodb:BatchGetItem request per table and key, with that key', () => {
    const result = fromCommand(
      'BatchGetItem',
      {
        RequestItems: {
          Music: {
            Keys: [
              { Artist: { S: 'No One You Know' }, SongTitle: { S: 'Call Me Today' } },
              { Artist: { S: 'Acme Band' }, SongTitle: { S: 'Happy Day' } },
            ],
            ProjectionExpression: '#a, AlbumTitle',
            ExpressionAttributeNames: { '#a': 'Artist' },
          },
          [FORUM]: { Keys: [{ Name: { S: 'Amazon DynamoDB' } }] },
        },
        ReturnConsumedCapacity: 'TOTAL',
      },
      OPTIONS,
    );
    expect(result.command).toBe('BatchGetItem');
    expect(result.requests).toEqual([
      {
        action: 'dynamodb:BatchGetItem',
        resource: MUSIC,
        origin: 'RequestItems["Music"].Keys[0]',
        context: {
          'dynamodb:LeadingKeys': ['No One You Know'],
          'dynamodb:Attributes': ['Artist', 'SongTitle', 'AlbumTitle'],
          'dynamodb:Select': 'SPECIFIC_ATTRIBUTES',
          'dynamodb:ReturnConsumedCapacity': 'TOTAL',
        },
      },
      {
        action: 'dynamodb:BatchGetItem',
        resource: MUSIC,
        origin: 'RequestItems["Music"].Keys[1]',
        context: {
          'dynamodb:LeadingKeys': ['Acme Band'],
          'dynamodb:Attributes': ['Artist', 'SongTitle', 'AlbumTitle'],
          'dynamodb:Select': 'SPECIFIC_ATTRIBUTES',
          'dynamodb:ReturnConsumedCapacity': 'TOTAL',
        },
      },
      {
        action: 'dynamodb:BatchGetItem',
        resource: FORUM,
        origin: `RequestItems["${FORUM}"].Keys[0]`,
        context: {
          'dynamodb:LeadingKeys': ['Amazon DynamoDB'],
          'dynamodb:Attributes': ['Name'],
          'dynamodb:Select': 'ALL_ATTRIBUTES',
          'dynamodb:ReturnConsumedCapacity': 'TOTAL',
        },
      },
    ]);
  });

  it.each([
    [{}, 'RequestItems is required'],
    [{ RequestItems: {} }, 'RequestItems is empty'],
    [{ RequestItems: { Music: { Keys: [] } } }, 'Keys is required and not empty'],
    [{ RequestItems: { Music: [] } }, 'must be an object with Keys'],
    [{ RequestItems: { Music: { Keys: ['x'] } } }, 'must be an object'],
  ])('rejects %j', (input, message) => {
    expect(() => fromCommand('BatchGetItem', input, OPTIONS)).toThrow(message);
  });
});

describe('BatchWriteItem', () => {
  it('across two tables, one given by ARN: dynamodb:BatchWriteItem per item on each table', () => {
    const { requests } = fromCommand(
      'BatchWriteItem',
      {
        RequestItems: {
          Music: [
            { PutRequest: { Item: { Artist: { S: 'Acme Band' }, SongTitle: { S: 'Happy Day' }, Year: { N: '2024' } } } },
            { DeleteRequest: { Key: { Artist: { S: 'No One You Know' }, SongTitle: { S: 'Scared of My Shadow' } } } },
          ],
          [FORUM]: [{ PutRequest: { Item: { Name: { S: 'Amazon S3' }, Category: { S: 'Storage' } } } }],
        },
      },
      OPTIONS,
    );
    expect(requests.map((r) => [r.action, r.resource, r.origin])).toEqual([
      ['dynamodb:BatchWriteItem', MUSIC, 'RequestItems["Music"][0].PutRequest'],
      ['dynamodb:BatchWriteItem', MUSIC, 'RequestItems["Music"][1].DeleteRequest'],
      ['dynamodb:BatchWriteItem', FORUM, `RequestItems["${FORUM}"][0].PutRequest`],
    ]);
    expect(requests.map((r) => r.context)).toEqual([
      { 'dynamodb:LeadingKeys': ['Acme Band'], 'dynamodb:Attributes': ['Artist', 'SongTitle', 'Year'] },
      { 'dynamodb:LeadingKeys': ['No One You Know'], 'dynamodb:Attributes': ['Artist', 'SongTitle'] },
      { 'dynamodb:LeadingKeys': ['Amazon S3'], 'dynamodb:Attributes': ['Name', 'Category'] },
    ]);
    // The cross-account table keeps its owner's account from the ARN.
    expect(requests[2]?.resource).toContain(`:${PARTNER}:`);
  });

  it.each([
    [{ RequestItems: { Music: [] } }, 'non-empty array of PutRequest/DeleteRequest'],
    [{ RequestItems: { Music: [{ GetRequest: {} }] } }, 'has neither PutRequest nor DeleteRequest'],
    [{ RequestItems: { Music: [{ PutRequest: {} }] } }, 'Item is required'],
    [{ RequestItems: { Unknown: [{ PutRequest: { Item: { a: { S: 'x' }, b: { S: 'y' } } } }] } }, /keySchema/],
  ])('rejects %j', (input, message) => {
    expect(() => fromCommand('BatchWriteItem', input, OPTIONS)).toThrow(message);
  });
});

describe('transactions', () => {
  it('TransactWriteItems: each member as its item action with EnclosingOperation', () => {
    const { requests } = fromCommand(
      'TransactWriteItems',
      {
        TransactItems: [
          {
            ConditionCheck: {
              TableName: 'Music',
              Key: { Artist: { S: 'A' }, SongTitle: { S: 'S' } },
              ConditionExpression: 'attribute_exists(Label)',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          { Put: { TableName: 'Music', Item: { Artist: { S: 'B' }, SongTitle: { S: 'T' }, Plays: { N: '0' } } } },
          { Update: { TableName: 'Music', Key: { Artist: { S: 'C' }, SongTitle: { S: 'U' } }, UpdateExpression: 'ADD Plays :one' } },
          { Delete: { TableName: FORUM, Key: { Name: { S: 'Old' } } } },
        ],
        ReturnConsumedCapacity: 'TOTAL',
      },
      OPTIONS,
    );
    expect(requests).toEqual([
      {
        action: 'dynamodb:ConditionCheckItem',
        resource: MUSIC,
        origin: 'TransactItems[0].ConditionCheck',
        context: {
          'dynamodb:LeadingKeys': ['A'],
          'dynamodb:Attributes': ['Artist', 'SongTitle', 'Label'],
          'dynamodb:ReturnValues': 'ALL_OLD',
          'dynamodb:EnclosingOperation': 'TransactWriteItems',
          'dynamodb:ReturnConsumedCapacity': 'TOTAL',
        },
      },
      {
        action: 'dynamodb:PutItem',
        resource: MUSIC,
        origin: 'TransactItems[1].Put',
        context: {
          'dynamodb:LeadingKeys': ['B'],
          'dynamodb:Attributes': ['Artist', 'SongTitle', 'Plays'],
          'dynamodb:ReturnValues': 'NONE',
          'dynamodb:EnclosingOperation': 'TransactWriteItems',
          'dynamodb:ReturnConsumedCapacity': 'TOTAL',
        },
      },
      {
        action: 'dynamodb:UpdateItem',
        resource: MUSIC,
        origin: 'TransactItems[2].Update',
        context: {
          'dynamodb:LeadingKeys': ['C'],
          'dynamodb:Attributes': ['Artist', 'SongTitle', 'Plays'],
          'dynamodb:ReturnValues': 'NONE',
          'dynamodb:EnclosingOperation': 'TransactWriteItems',
          'dynamodb:ReturnConsumedCapacity': 'TOTAL',
        },
      },
      {
        action: 'dynamodb:DeleteItem',
        resource: FORUM,
        origin: 'TransactItems[3].Delete',
        context: {
          'dynamodb:LeadingKeys': ['Old'],
          'dynamodb:Attributes': ['Name'],
          'dynamodb:ReturnValues': 'NONE',
          'dynamodb:EnclosingOperation': 'TransactWriteItems',
          'dynamodb:ReturnConsumedCapacity': 'TOTAL',
        },
      },
    ]);
  });

  it('TransactGetItems: dynamodb:GetItem per item with EnclosingOperation', () => {
    const { requests } = fromCommand(
      'TransactGetItems',
      {
        TransactItems: [
          { Get: { TableName: 'Music', Key: { Artist: { S: 'A' }, SongTitle: { S: 'S' } }, ProjectionExpression: 'Plays' } },
          { Get: { TableName: FORUM, Key: { Name: { S: 'F' } } } },
        ],
      },
      OPTIONS,
    );
    expect(requests).toEqual([
      {
        action: 'dynamodb:GetItem',
        resource: MUSIC,
        origin: 'TransactItems[0].Get',
        context: {
          'dynamodb:LeadingKeys': ['A'],
          'dynamodb:Attributes': ['Artist', 'SongTitle', 'Plays'],
          'dynamodb:Select': 'SPECIFIC_ATTRIBUTES',
          'dynamodb:EnclosingOperation': 'TransactGetItems',
        },
      },
      {
        action: 'dynamodb:GetItem',
        resource: FORUM,
        origin: 'TransactItems[1].Get',
        context: {
          'dynamodb:LeadingKeys': ['F'],
          'dynamodb:Attributes': ['Name'],
          'dynamodb:Select': 'ALL_ATTRIBUTES',
          'dynamodb:EnclosingOperation': 'TransactGetItems',
        },
      },
    ]);
  });

  it("the transactions guide's 'allow only transactional operations' condition matches every member", () => {
    const { requests } = fromCommand(
      'TransactWriteItems',
      {
        TransactItems: [{ ConditionCheck: { TableName: FORUM, Key: { Name: { S: 'x' } }, ConditionExpression: 'attribute_exists(Name)' } }],
      },
      OPTIONS,
    );
    expect(['TransactWriteItems', 'TransactGetItems']).toContain(requests[0]?.context['dynamodb:EnclosingOperation']);
    // And a plain call carries no EnclosingOperation, so the guide's Deny on it leaves it alone.
    const plain = fromCommand('PutItem', { TableName: FORUM, Item: { Name: { S: 'x' } } }, OPTIONS);
    expect(plain.requests[0]?.context).not.toHaveProperty('dynamodb:EnclosingOperation');
  });

  it.each<[string, object, string | RegExp]>([
    ['TransactWriteItems', { TransactItems: [] }, 'TransactItems is required and not empty'],
    ['TransactWriteItems', { TransactItems: [{ Get: { TableName: 'Music' } }] }, 'exactly one of ConditionCheck, Put, Update, Delete'],
    ['TransactWriteItems', { TransactItems: [{ Put: {}, Delete: {} }] }, 'exactly one of'],
    ['TransactGetItems', { TransactItems: [{ Put: { TableName: 'Music' } }] }, 'exactly one of Get'],
    ['TransactGetItems', { TransactItems: [{ Get: { Key: {} } }] }, 'TableName is required'],
  ])('%s rejects %j', (name, input, message) => {
    expect(() => fromCommand(name, input, OPTIONS)).toThrow(CallError);
    expect(() => fromCommand(name, input, OPTIONS)).toThrow(message);
  });
});
