import { describe, expect, it } from 'vitest';
import { CallError, fromCommand } from '../../src/dynamodb/from-command';

const ACCOUNT = '123456789012';
const OPTIONS = { account: ACCOUNT, region: 'us-west-2' };
const MUSIC = `arn:aws:dynamodb:us-west-2:${ACCOUNT}:table/Music`;
const STREAM = `${MUSIC}/stream/2024-02-12T18:57:26.492`;

describe('calls on a table', () => {
  it.each([
    'DescribeTable',
    'UpdateTable',
    'DeleteTable',
    'DescribeTimeToLive',
    'UpdateTimeToLive',
    'CreateBackup',
    'DescribeContinuousBackups',
    'UpdateContinuousBackups',
    'DescribeKinesisStreamingDestination',
    'EnableKinesisStreamingDestination',
    'DisableKinesisStreamingDestination',
    'UpdateKinesisStreamingDestination',
    'DescribeTableReplicaAutoScaling',
    'UpdateTableReplicaAutoScaling',
    'DescribeContributorInsights',
  ])('%s is authorized as its own action on the table', (name) => {
    expect(fromCommand(name, { TableName: 'Music' }, OPTIONS).requests).toEqual([
      { action: `dynamodb:${name}`, resource: MUSIC, origin: name, context: {} },
    ]);
  });

  it('contributor insights of an index are authorized on the index', () => {
    const [request] = fromCommand(
      'UpdateContributorInsights',
      { TableName: 'Music', IndexName: 'ByYear', ContributorInsightsAction: 'ENABLE' },
      OPTIONS,
    ).requests;
    expect(request?.resource).toBe(`${MUSIC}/index/ByYear`);
  });

  it('CreateTable carries its tags as aws:RequestTag and aws:TagKeys', () => {
    const { requests } = fromCommand(
      'CreateTable',
      {
        TableName: 'Music',
        Tags: [
          { Key: 'team', Value: 'audio' },
          { Key: 'cost-center', Value: '42' },
        ],
      },
      OPTIONS,
    );
    expect(requests).toEqual([
      {
        action: 'dynamodb:CreateTable',
        resource: MUSIC,
        origin: 'CreateTable',
        context: { 'aws:RequestTag/team': 'audio', 'aws:RequestTag/cost-center': '42', 'aws:TagKeys': ['team', 'cost-center'] },
      },
    ]);
  });

  it('CreateTable with a ResourcePolicy also needs dynamodb:PutResourcePolicy on the new table', () => {
    const { requests } = fromCommand(
      'CreateTable',
      { TableName: 'Music', ResourcePolicy: '{"Version":"2012-10-17","Statement":[]}' },
      OPTIONS,
    );
    expect(requests.map((r) => [r.action, r.resource, r.origin])).toEqual([
      ['dynamodb:CreateTable', MUSIC, 'CreateTable'],
      ['dynamodb:PutResourcePolicy', MUSIC, 'ResourcePolicy'],
    ]);
  });

  it.each([
    [{ TableName: 'Music', Tags: [{ Value: 'x' }] }, 'Key is required'],
    [{ TableName: 'Music', Tags: ['team'] }, 'must be an object with Key and Value'],
  ])('CreateTable rejects %j', (input, message) => {
    expect(() => fromCommand('CreateTable', input, OPTIONS)).toThrow(message);
  });
});

describe('calls on a resource ARN', () => {
  it.each([
    ['ListTagsOfResource', MUSIC],
    ['ListTagsOfResource', STREAM],
    ['GetResourcePolicy', MUSIC],
    ['GetResourcePolicy', STREAM],
    ['PutResourcePolicy', STREAM],
    ['DeleteResourcePolicy', MUSIC],
  ])('%s on %s', (name, arn) => {
    expect(fromCommand(name, { ResourceArn: arn, Policy: '{}' }).requests).toEqual([
      { action: `dynamodb:${name}`, resource: arn, origin: name, context: {} },
    ]);
  });

  it('TagResource sets aws:RequestTag/<key> and aws:TagKeys', () => {
    const [request] = fromCommand('TagResource', { ResourceArn: STREAM, Tags: [{ Key: 'env', Value: 'prod' }] }).requests;
    expect(request).toEqual({
      action: 'dynamodb:TagResource',
      resource: STREAM,
      origin: 'TagResource',
      context: { 'aws:RequestTag/env': 'prod', 'aws:TagKeys': ['env'] },
    });
  });

  it('UntagResource sets aws:TagKeys', () => {
    const [request] = fromCommand('UntagResource', { ResourceArn: MUSIC, TagKeys: ['env', 'owner'] }).requests;
    expect(request?.context).toEqual({ 'aws:TagKeys': ['env', 'owner'] });
  });

  it('ExportTableToPointInTime is authorized on TableArn', () => {
    const [request] = fromCommand('ExportTableToPointInTime', { TableArn: MUSIC, S3Bucket: 'exports' }).requests;
    expect(request?.resource).toBe(MUSIC);
  });

  it.each<[string, object, string]>([
    ['TagResource', { ResourceArn: 'Music', Tags: [] }, 'expected an ARN'],
    ['GetResourcePolicy', { ResourceArn: `${MUSIC}/index/ByYear` }, 'not the ARN of a table or stream'],
    ['ExportTableToPointInTime', { TableArn: STREAM }, 'not the ARN of a table'],
    ['DescribeStream', { StreamArn: MUSIC }, 'not the ARN of a stream'],
    ['UntagResource', { ResourceArn: MUSIC, TagKeys: [1] }, 'TagKeys must hold strings'],
  ])('%s rejects %j', (name, input, message) => {
    expect(() => fromCommand(name, input)).toThrow(CallError);
    expect(() => fromCommand(name, input)).toThrow(message);
  });
});

describe('the Streams API', () => {
  it.each(['DescribeStream', 'GetShardIterator'])('%s is authorized on StreamArn', (name) => {
    expect(fromCommand(name, { StreamArn: STREAM, ShardId: 'shardId-1', ShardIteratorType: 'LATEST' }).requests).toEqual([
      { action: `dynamodb:${name}`, resource: STREAM, origin: name, context: {} },
    ]);
  });

  it('GetRecords takes its stream from options.streamArn or from StreamArn in the input', () => {
    expect(fromCommand('GetRecords', { ShardIterator: 'opaque' }, { streamArn: STREAM }).requests[0]?.resource).toBe(STREAM);
    expect(fromCommand('GetRecords', { ShardIterator: 'opaque', StreamArn: STREAM }).requests[0]?.resource).toBe(STREAM);
    expect(() => fromCommand('GetRecords', { ShardIterator: 'opaque' })).toThrow(/pass options.streamArn/);
  });

  it('ListStreams takes no resource', () => {
    expect(fromCommand('ListStreams', { TableName: 'Music' }).requests).toEqual([
      { action: 'dynamodb:ListStreams', resource: '*', origin: 'ListStreams', context: {} },
    ]);
  });
});

describe('calls without a resource', () => {
  it.each(['ListTables', 'DescribeLimits', 'DescribeEndpoints', 'ListBackups'])('%s is authorized on *', (name) => {
    expect(fromCommand(name, {}).requests).toEqual([{ action: `dynamodb:${name}`, resource: '*', origin: name, context: {} }]);
  });
});
