import { describe, expect, it } from 'vitest';
import { CallError, SUPPORTED_COMMANDS, commandName, fromCommand } from '../../src/dynamodb/from-command';

const ACCOUNT = '123456789012';
const OPTIONS = { account: ACCOUNT, region: 'us-west-2' };
const MUSIC = `arn:aws:dynamodb:us-west-2:${ACCOUNT}:table/Music`;
const describeMusic = { TableName: 'Music' };

describe('command names', () => {
  it.each([
    ['DescribeTable', 'DescribeTable'],
    ['DescribeTableCommand', 'DescribeTable'],
    ['dynamodb:DescribeTable', 'DescribeTable'],
    ['describetable', 'DescribeTable'],
    ['GetItemCommand', 'GetItem'],
    // @aws-sdk/lib-dynamodb class names
    ['GetCommand', 'GetItem'],
    ['PutCommand', 'PutItem'],
    ['UpdateCommand', 'UpdateItem'],
    ['DeleteCommand', 'DeleteItem'],
    ['BatchGetCommand', 'BatchGetItem'],
    ['BatchWriteCommand', 'BatchWriteItem'],
    ['TransactGetCommand', 'TransactGetItems'],
    ['TransactWriteCommand', 'TransactWriteItems'],
  ])('%s is %s', (raw, expected) => {
    expect(commandName(raw)).toBe(expected);
  });

  it('lists the supported commands when it does not know one', () => {
    expect(() => fromCommand('RestoreTableFromBackup', describeMusic, OPTIONS)).toThrow(CallError);
    expect(() => fromCommand('Frobnicate', {}, OPTIONS)).toThrow(/not a supported DynamoDB command; supported: GetItem, PutItem/);
    expect(() => fromCommand('Command', {}, OPTIONS)).toThrow(CallError);
  });

  it('names the operation it translated', () => {
    expect(fromCommand('dynamodb:DescribeTable', describeMusic, OPTIONS).command).toBe('DescribeTable');
    expect(SUPPORTED_COMMANDS).toContain('ExecuteTransaction');
  });
});

describe('overloads', () => {
  it('takes a command-shaped object: constructor name and input', () => {
    class DescribeTableCommand {
      constructor(readonly input: object) {}
    }
    const result = fromCommand(new DescribeTableCommand(describeMusic), OPTIONS);
    expect(result).toEqual({
      command: 'DescribeTable',
      requests: [{ action: 'dynamodb:DescribeTable', resource: MUSIC, origin: 'DescribeTable', context: {} }],
    });
  });

  it('rejects an input that is not an object', () => {
    expect(() => fromCommand('DescribeTable', 'Music' as unknown as object, OPTIONS)).toThrow('the input must be an object');
    expect(() => fromCommand('DescribeTable', [] as unknown as object, OPTIONS)).toThrow(CallError);
  });
});

describe('which table a TableName means', () => {
  it('resolves a bare name in the caller account and the endpoint region', () => {
    const [request] = fromCommand('DescribeTable', describeMusic, OPTIONS).requests;
    expect(request?.resource).toBe(MUSIC);
  });

  it('uses the partition given for bare names', () => {
    const [request] = fromCommand('DescribeTable', describeMusic, { ...OPTIONS, region: 'cn-north-1', partition: 'aws-cn' }).requests;
    expect(request?.resource).toBe(`arn:aws-cn:dynamodb:cn-north-1:${ACCOUNT}:table/Music`);
  });

  it('keeps a table ARN as given: cross-account calls must use it', () => {
    const other = 'arn:aws:dynamodb:eu-west-1:210987654321:table/Shared';
    const [request] = fromCommand('DescribeTable', { TableName: other }, OPTIONS).requests;
    expect(request?.resource).toBe(other);
    // An ARN needs no account or region from the caller.
    expect(fromCommand('DescribeTable', { TableName: other }).requests[0]?.resource).toBe(other);
  });

  it.each([
    [{}, 'TableName is required'],
    [{ TableName: 7 }, 'TableName must be a string'],
    [{ TableName: 'Music Library' }, 'has characters DynamoDB does not allow'],
    [{ TableName: 'arn:aws:s3:::bucket' }, 'not a DynamoDB ARN'],
    [{ TableName: `${MUSIC}/index/ByYear` }, 'a TableName takes a table name or a table ARN'],
    [{ TableName: 'arn:aws:dynamodb::123456789012:table/Music' }, 'the region is empty'],
  ])('rejects %j', (input, message) => {
    expect(() => fromCommand('DescribeTable', input, OPTIONS)).toThrow(message);
  });

  it.each([[{}], [{ account: ACCOUNT }], [{ region: 'us-west-2' }]])(
    'refuses a bare name without both account and region (%j)',
    (options) => {
      expect(() => fromCommand('DescribeTable', describeMusic, options)).toThrow(CallError);
      expect(() => fromCommand('DescribeTable', describeMusic, options)).toThrow(/pass options.account and options.region/);
    },
  );
});
