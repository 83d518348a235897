import {
  BatchWriteItemCommand,
  DescribeTableCommand,
  ExecuteStatementCommand,
  GetItemCommand,
  QueryCommand as ClientQueryCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  ExecuteStatementCommand as DocumentExecuteStatementCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { fromCommand, type FromCommandOptions } from '../../src/dynamodb/from-command';

const ACCOUNT = '123456789012';
const TABLE = `arn:aws:dynamodb:us-west-2:${ACCOUNT}:table/GameScores`;
const OPTIONS: FromCommandOptions = {
  account: ACCOUNT,
  region: 'us-west-2',
  keySchema: { partitionKey: 'UserId', sortKey: 'GameTitle', indexes: { ByTitle: { partitionKey: 'GameTitle' } } },
};

describe('@aws-sdk/client-dynamodb commands (AttributeValue maps)', () => {
  it('GetItemCommand', () => {
    const command = new GetItemCommand({
      TableName: 'GameScores',
      Key: { UserId: { S: 'u1' }, GameTitle: { S: 'g' } },
      ProjectionExpression: 'Wins',
    });
    expect(fromCommand(command, OPTIONS)).toEqual({
      command: 'GetItem',
      requests: [
        {
          action: 'dynamodb:GetItem',
          resource: TABLE,
          origin: 'GetItem',
          context: {
            'dynamodb:LeadingKeys': ['u1'],
            'dynamodb:Attributes': ['UserId', 'GameTitle', 'Wins'],
            'dynamodb:Select': 'SPECIFIC_ATTRIBUTES',
          },
        },
      ],
    });
  });

  it('QueryCommand on an index', () => {
    const command = new ClientQueryCommand({
      TableName: 'GameScores',
      IndexName: 'ByTitle',
      KeyConditionExpression: 'GameTitle = :t',
      ExpressionAttributeValues: { ':t': { S: 'Galaxy Invaders' } },
    });
    const [request] = fromCommand(command, OPTIONS).requests;
    expect(request?.resource).toBe(`${TABLE}/index/ByTitle`);
    expect(request?.context['dynamodb:LeadingKeys']).toEqual(['Galaxy Invaders']);
  });

  it('BatchWriteItemCommand with a binary key', () => {
    const command = new BatchWriteItemCommand({
      RequestItems: { Blobs: [{ DeleteRequest: { Key: { Id: { B: new Uint8Array([104, 105]) } } } }] },
    });
    const [request] = fromCommand(command, { account: ACCOUNT, region: 'us-west-2' }).requests;
    expect(request?.action).toBe('dynamodb:BatchWriteItem');
    expect(request?.context['dynamodb:LeadingKeys']).toEqual(['aGk=']);
  });

  it('TransactWriteItemsCommand', () => {
    const command = new TransactWriteItemsCommand({
      TransactItems: [
        {
          Update: {
            TableName: 'GameScores',
            Key: { UserId: { S: 'u1' }, GameTitle: { S: 'g' } },
            UpdateExpression: 'ADD Wins :one',
            ExpressionAttributeValues: { ':one': { N: '1' } },
          },
        },
      ],
    });
    const [request] = fromCommand(command, OPTIONS).requests;
    expect([request?.action, request?.origin, request?.context['dynamodb:EnclosingOperation']]).toEqual([
      'dynamodb:UpdateItem',
      'TransactItems[0].Update',
      'TransactWriteItems',
    ]);
  });

  it('ExecuteStatementCommand and DescribeTableCommand', () => {
    const select = new ExecuteStatementCommand({ Statement: 'SELECT * FROM "GameScores" WHERE UserId = ?', Parameters: [{ S: 'u1' }] });
    expect(fromCommand(select, OPTIONS).requests[0]?.context['dynamodb:LeadingKeys']).toEqual(['u1']);
    expect(fromCommand(new DescribeTableCommand({ TableName: 'GameScores' }), OPTIONS).requests[0]?.action).toBe('dynamodb:DescribeTable');
  });
});

describe('@aws-sdk/lib-dynamodb commands (native values)', () => {
  it('GetCommand is GetItem', () => {
    const result = fromCommand(new GetCommand({ TableName: 'GameScores', Key: { UserId: 'u1', GameTitle: 'g' } }), OPTIONS);
    expect(result.command).toBe('GetItem');
    expect(result.requests[0]?.context).toEqual({
      'dynamodb:LeadingKeys': ['u1'],
      'dynamodb:Attributes': ['UserId', 'GameTitle'],
      'dynamodb:Select': 'ALL_ATTRIBUTES',
    });
  });

  it('PutCommand with a number partition key', () => {
    const result = fromCommand(new PutCommand({ TableName: 'Scores', Item: { Id: 7, Points: 10 }, ReturnValues: 'ALL_OLD' }), {
      account: ACCOUNT,
      region: 'us-west-2',
      keySchema: { Scores: { partitionKey: 'Id' } },
    });
    expect(result.command).toBe('PutItem');
    expect(result.requests[0]?.context).toEqual({
      'dynamodb:LeadingKeys': ['7'],
      'dynamodb:Attributes': ['Id', 'Points'],
      'dynamodb:ReturnValues': 'ALL_OLD',
    });
  });

  it('QueryCommand with native ExpressionAttributeValues', () => {
    const command = new QueryCommand({
      TableName: 'GameScores',
      KeyConditionExpression: 'UserId = :u AND GameTitle > :g',
      ExpressionAttributeValues: { ':u': 'u1', ':g': 'A' },
      ProjectionExpression: 'Wins',
    });
    expect(fromCommand(command, OPTIONS).requests[0]?.context).toEqual({
      'dynamodb:LeadingKeys': ['u1'],
      'dynamodb:Attributes': ['UserId', 'GameTitle', 'Wins'],
      'dynamodb:Select': 'SPECIFIC_ATTRIBUTES',
    });
  });

  it('UpdateCommand, BatchGetCommand and TransactWriteCommand', () => {
    const update = new UpdateCommand({
      TableName: 'GameScores',
      Key: { UserId: 'u1', GameTitle: 'g' },
      UpdateExpression: 'SET Wins = :w',
      ExpressionAttributeValues: { ':w': 1 },
    });
    expect(fromCommand(update, OPTIONS).requests[0]?.context['dynamodb:ReturnValues']).toBe('NONE');

    const batch = new BatchGetCommand({
      RequestItems: {
        GameScores: {
          Keys: [
            { UserId: 'a', GameTitle: 'g' },
            { UserId: 'b', GameTitle: 'g' },
          ],
        },
      },
    });
    expect(fromCommand(batch, OPTIONS).requests.map((r) => r.context['dynamodb:LeadingKeys'])).toEqual([['a'], ['b']]);

    const transact = new TransactWriteCommand({
      TransactItems: [{ Delete: { TableName: 'GameScores', Key: { UserId: 'u9', GameTitle: 'g' } } }],
    });
    const [request] = fromCommand(transact, OPTIONS).requests;
    expect([request?.action, request?.context['dynamodb:LeadingKeys']]).toEqual(['dynamodb:DeleteItem', ['u9']]);
  });

  it('ExecuteStatementCommand with native parameters', () => {
    const command = new DocumentExecuteStatementCommand({ Statement: `SELECT * FROM "GameScores" WHERE UserId = ?`, Parameters: [42] });
    expect(fromCommand(command, OPTIONS).requests[0]?.context['dynamodb:LeadingKeys']).toEqual(['42']);
  });
});
