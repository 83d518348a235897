/**
 * The fine-grained access control examples of the DynamoDB Developer Guide ("Using IAM policy
 * conditions for fine-grained access control"), end to end: the policy as the guide writes it, the
 * API call as an application makes it (through `fromCommand`), and the decision AWS gives. The
 * table is the guide's GameScores (partition key UserId, sort key GameTitle), the caller a web
 * identity (Login with Amazon) session.
 */
import { describe, expect, it } from 'vitest';
import { evaluateAll, fromCommand, type DecisionKind, type PolicySetInput } from '../../src/index';

const ACCOUNT = '123456789012';
const TABLE = `arn:aws:dynamodb:us-west-2:${ACCOUNT}:table/GameScores`;
const ME = 'amzn1.account.AF4LDLJ2XRYNYMS5KKT7BWDJ6UUA';
const SOMEONE_ELSE = 'amzn1.account.OTHERUSER0000000000000000';
const PLAYER = { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/GameRole/web-identity`, webIdentity: { 'www.amazon.com:user_id': ME } };
const OPTIONS = { account: ACCOUNT, region: 'us-west-2', keySchema: { partitionKey: 'UserId', sortKey: 'GameTitle' } };

const identity = (statement: object): PolicySetInput => ({ identityPolicies: [{ Version: '2012-10-17', Statement: [statement] }] });

/** Rows: only the items whose partition key is the caller's web-identity user id. */
const ownRows = identity({
  Sid: 'AllowAccessToOnlyItemsMatchingUserID',
  Effect: 'Allow',
  Action: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ],
  Resource: [TABLE],
  Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${www.amazon.com:user_id}'] } },
});

/** Columns: reads of a few attributes only, and Select must say so. */
const someColumns = identity({
  Sid: 'LimitAccessToSpecificAttributes',
  Effect: 'Allow',
  Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
  Resource: [TABLE, `${TABLE}/index/TopScoreDateTimeIndex`],
  Condition: {
    'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['UserId', 'GameTitle', 'TopScore', 'TopScoreDateTime'] },
    StringEqualsIfExists: { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' },
  },
});

/** Writes that cannot read whole items back: ReturnValues limited. */
const blindUpdates = identity({
  Sid: 'AllowUpdatesWithoutReadingItemsBack',
  Effect: 'Allow',
  Action: ['dynamodb:UpdateItem'],
  Resource: [TABLE],
  Condition: {
    'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${www.amazon.com:user_id}'] },
    StringEqualsIfExists: { 'dynamodb:ReturnValues': ['NONE', 'UPDATED_OLD', 'UPDATED_NEW'] },
  },
});

function decide(command: string, input: object, set: PolicySetInput): DecisionKind {
  const { requests } = fromCommand(command, input, OPTIONS);
  return evaluateAll(
    requests.map((r) => ({ principal: PLAYER, action: r.action, resource: r.resource, context: r.context })),
    set,
  ).decision;
}

const key = (user: string, game = 'Meteor Blasters') => ({ UserId: { S: user }, GameTitle: { S: game } });

describe('rows: ForAllValues:StringEquals on dynamodb:LeadingKeys with ${www.amazon.com:user_id}', () => {
  it.each<[string, string, object, DecisionKind]>([
    ['GetItem of my own item', 'GetItem', { TableName: 'GameScores', Key: key(ME) }, 'Allow'],
    ["GetItem of someone else's item", 'GetItem', { TableName: 'GameScores', Key: key(SOMEONE_ELSE) }, 'ImplicitDeny'],
    [
      'Query of my partition',
      'Query',
      { TableName: 'GameScores', KeyConditionExpression: 'UserId = :me', ExpressionAttributeValues: { ':me': { S: ME } } },
      'Allow',
    ],
    [
      "Query of someone else's partition",
      'Query',
      { TableName: 'GameScores', KeyConditionExpression: 'UserId = :u', ExpressionAttributeValues: { ':u': { S: SOMEONE_ELSE } } },
      'ImplicitDeny',
    ],
    ['PutItem of my own item', 'PutItem', { TableName: 'GameScores', Item: { ...key(ME), TopScore: { N: '5842' } } }, 'Allow'],
    [
      'Scan, left out of the policy on purpose (it has no LeadingKeys, so ForAllValues would hold)',
      'Scan',
      { TableName: 'GameScores' },
      'ImplicitDeny',
    ],
    [
      "BatchGetItem of my item and someone else's: every item is checked",
      'BatchGetItem',
      { RequestItems: { GameScores: { Keys: [key(ME), key(SOMEONE_ELSE)] } } },
      'ImplicitDeny',
    ],
    [
      'BatchGetItem of two of my items',
      'BatchGetItem',
      { RequestItems: { GameScores: { Keys: [key(ME), key(ME, 'Starship X')] } } },
      'Allow',
    ],
    ['DeleteItem of my own item', 'DeleteItem', { TableName: 'GameScores', Key: key(ME) }, 'Allow'],
  ])('%s → %s', (_case, command, input, expected) => {
    expect(decide(command, input, ownRows)).toBe(expected);
  });

  it('a caller without a Login with Amazon identity matches no row (the variable has no value)', () => {
    const { requests } = fromCommand('GetItem', { TableName: 'GameScores', Key: key(ME) }, OPTIONS);
    const decision = evaluateAll(
      requests.map((r) => ({ principal: PLAYER.arn, action: r.action, resource: r.resource, context: r.context })),
      ownRows,
    ).decision;
    expect(decision).toBe('ImplicitDeny');
  });
});

describe('columns: ForAllValues:StringEquals on dynamodb:Attributes with StringEqualsIfExists on dynamodb:Select', () => {
  it.each<[string, string, object, DecisionKind]>([
    [
      'GetItem projecting an allowed attribute',
      'GetItem',
      { TableName: 'GameScores', Key: key(ME), ProjectionExpression: 'TopScore' },
      'Allow',
    ],
    [
      'GetItem with no projection returns every attribute (Select is ALL_ATTRIBUTES)',
      'GetItem',
      { TableName: 'GameScores', Key: key(ME) },
      'ImplicitDeny',
    ],
    [
      'GetItem projecting a hidden attribute',
      'GetItem',
      { TableName: 'GameScores', Key: key(ME), ProjectionExpression: 'TopScore, Wins' },
      'ImplicitDeny',
    ],
    [
      'Query projecting allowed attributes, through #names',
      'Query',
      {
        TableName: 'GameScores',
        KeyConditionExpression: 'UserId = :me',
        ProjectionExpression: '#t, TopScoreDateTime',
        ExpressionAttributeNames: { '#t': 'TopScore' },
        ExpressionAttributeValues: { ':me': { S: ME } },
      },
      'Allow',
    ],
    [
      'Query with Select ALL_ATTRIBUTES',
      'Query',
      {
        TableName: 'GameScores',
        KeyConditionExpression: 'UserId = :me',
        Select: 'ALL_ATTRIBUTES',
        ExpressionAttributeValues: { ':me': { S: ME } },
      },
      'ImplicitDeny',
    ],
    [
      'Query filtering on a hidden attribute',
      'Query',
      {
        TableName: 'GameScores',
        KeyConditionExpression: 'UserId = :me',
        ProjectionExpression: 'TopScore',
        FilterExpression: 'Wins > :w',
        ExpressionAttributeValues: { ':me': { S: ME }, ':w': { N: '3' } },
      },
      'ImplicitDeny',
    ],
  ])('%s → %s', (_case, command, input, expected) => {
    expect(decide(command, input, someColumns)).toBe(expected);
  });
});

describe('writes: StringEqualsIfExists on dynamodb:ReturnValues', () => {
  const update = (returnValues?: string) => ({
    TableName: 'GameScores',
    Key: key(ME),
    UpdateExpression: 'SET TopScore = :s',
    ExpressionAttributeValues: { ':s': { N: '9000' } },
    ...(returnValues ? { ReturnValues: returnValues } : {}),
  });
  it.each<[string | undefined, DecisionKind]>([
    [undefined, 'Allow'],
    ['NONE', 'Allow'],
    ['UPDATED_NEW', 'Allow'],
    ['ALL_NEW', 'ImplicitDeny'],
    ['ALL_OLD', 'ImplicitDeny'],
  ])('UpdateItem with ReturnValues %s → %s', (returnValues, expected) => {
    expect(decide('UpdateItem', update(returnValues), blindUpdates)).toBe(expected);
  });
});
