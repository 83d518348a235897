import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backupArn,
  exportArn,
  globalTableArn,
  importArn,
  indexArn,
  parseDynamoArn,
  partitionOfRegion,
  resolveTableReference,
  streamArn,
  tableArn,
  tableArnOf,
  type DynamoResource,
} from '../../src/dynamodb/arn';

function parsed(text: string): DynamoResource {
  const result = parseDynamoArn(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.message}`);
  return result.resource;
}

function failure(text: string): string {
  const result = parseDynamoArn(text);
  if (result.ok) throw new Error(`expected ${text} to be rejected`);
  return result.message;
}

describe('parseDynamoArn on ARNs from the AWS documentation', () => {
  // Each row: an ARN as the docs print it, and the fields it must parse into.
  const cases: [string, Record<string, string>][] = [
    [
      'arn:aws:dynamodb:us-west-2:123456789012:table/GameScores',
      { type: 'table', partition: 'aws', region: 'us-west-2', account: '123456789012', table: 'GameScores' },
    ],
    [
      'arn:aws:dynamodb:us-west-2:123456789012:table/GameScores/index/TopScoreDateTimeIndex',
      { type: 'index', table: 'GameScores', indexName: 'TopScoreDateTimeIndex' },
    ],
    [
      // rbac-attach-resource-policy-streams: a stream label with colons in it.
      'arn:aws:dynamodb:us-west-2:123456789012:table/MusicCollection/stream/2024-02-12T18:57:26.492',
      { type: 'stream', table: 'MusicCollection', streamLabel: '2024-02-12T18:57:26.492', region: 'us-west-2' },
    ],
    [
      // The announcement's stream ARN once its stray space is removed.
      'arn:aws:dynamodb:us-east-1:444455556666:table/rbac-central-table/stream/2024-01-11T16:35:51.514',
      { type: 'stream', table: 'rbac-central-table', streamLabel: '2024-01-11T16:35:51.514', account: '444455556666' },
    ],
    [
      'arn:aws:dynamodb:us-east-1:123456789012:table/Music/backup/01489602797149-73d8d5bc',
      { type: 'backup', table: 'Music', backupName: '01489602797149-73d8d5bc' },
    ],
    [
      'arn:aws:dynamodb:us-east-1:123456789012:table/ProductCatalog/export/01234567890123-a1b2c3d4',
      { type: 'export', table: 'ProductCatalog', exportName: '01234567890123-a1b2c3d4' },
    ],
    [
      'arn:aws:dynamodb:us-east-1:123456789012:table/ProductCatalog/import/01658528578619-c4d4e311',
      { type: 'import', table: 'ProductCatalog', importName: '01658528578619-c4d4e311' },
    ],
    [
      // Legacy global tables: the region component is empty.
      'arn:aws:dynamodb::123456789012:global-table/Music',
      { type: 'global-table', region: '', account: '123456789012', globalTableName: 'Music' },
    ],
    ['arn:aws-cn:dynamodb:cn-north-1:123456789012:table/Music', { type: 'table', partition: 'aws-cn', region: 'cn-north-1' }],
    ['arn:aws-us-gov:dynamodb:us-gov-west-1:123456789012:table/Music', { type: 'table', partition: 'aws-us-gov' }],
    ['arn:aws:dynamodb:us-east-2:111122223333:table/my_table.v2-test', { type: 'table', table: 'my_table.v2-test' }],
  ];

  it.each(cases)('%s', (text, fields) => {
    const resource = parsed(text);
    expect(resource).toMatchObject(fields);
    expect(resource.arn).toBe(text);
  });
});

describe('parseDynamoArn rejects malformed ARNs and says why', () => {
  const cases: [string, string, RegExp][] = [
    [
      'a space, as in the announcement',
      'arn:aws:dynamodb:us-east-1:444455556666:table/rbac-central-table /stream/2024-01-11T16:35:51.514',
      /has a space at character 65 \(after "table\/rbac-central-table"\)/,
    ],
    ['a tab', 'arn:aws:dynamodb:us-east-1:123456789012:table/Music\t', /has a tab/],
    ['another service', 'arn:aws:s3:::amzn-s3-demo-bucket', /service is s3, not dynamodb/],
    [
      'upper-case service',
      'arn:aws:DynamoDB:us-east-1:123456789012:table/Music',
      /service is DynamoDB, not dynamodb \(service names are lower-case\)/,
    ],
    ['no table name', 'arn:aws:dynamodb:us-east-1:123456789012:table/', /missing the table name/],
    ['a short account', 'arn:aws:dynamodb:us-east-1:12345678901:table/Music', /account "12345678901" must be 12 digits/],
    ['an empty account', 'arn:aws:dynamodb:us-east-1::table/Music', /account is empty/],
    ['a table without region', 'arn:aws:dynamodb::123456789012:table/Music', /region is empty/],
    ['an upper-case region', 'arn:aws:dynamodb:US-EAST-1:123456789012:table/Music', /region "US-EAST-1" is not a region name/],
    ['a made-up partition', 'arn:amazon:dynamodb:us-east-1:123456789012:table/Music', /partition "amazon" is not an AWS partition/],
    ['a global table with a region', 'arn:aws:dynamodb:us-east-1:123456789012:global-table/Music', /empty region/],
    ['a two-character table name', 'arn:aws:dynamodb:us-east-1:123456789012:table/ab', /table name "ab" is too short/],
    ['a 256-character table name', `arn:aws:dynamodb:us-east-1:123456789012:table/${'t'.repeat(256)}`, /256 characters long/],
    ['a forbidden character', 'arn:aws:dynamodb:us-east-1:123456789012:table/Mu#sic', /characters DynamoDB does not allow \("#"\)/],
    ['a bad index name', 'arn:aws:dynamodb:us-east-1:123456789012:table/Music/index/ix', /index name "ix" is too short/],
    ['no index name', 'arn:aws:dynamodb:us-east-1:123456789012:table/Music/index/', /missing the index name/],
    ['an index path too deep', 'arn:aws:dynamodb:us-east-1:123456789012:table/Music/index/ByArtist/extra', /unexpected "\/"/],
    ['a stream label that is no timestamp', 'arn:aws:dynamodb:us-east-1:123456789012:table/Music/stream/latest', /not a timestamp/],
    ['no stream label', 'arn:aws:dynamodb:us-east-1:123456789012:table/Music/stream/', /missing the stream label/],
    ['an unknown sub-resource', 'arn:aws:dynamodb:us-east-1:123456789012:table/Music/items/1', /expected \/index\/, \/stream\//],
    ['a trailing slash', 'arn:aws:dynamodb:us-east-1:123456789012:table/Music/', /after the table name comes nothing/],
    ['no table/ prefix', 'arn:aws:dynamodb:us-east-1:123456789012:Music', /must start with "table\/" or "global-table\/"/],
    ['a wildcard pattern', 'arn:aws:dynamodb:us-east-1:123456789012:table/*', /wildcard/],
    ['a bare name', 'Music', /starts with "arn:"/],
    ['too few components', 'arn:aws:dynamodb:us-east-1', /six colon-separated components/],
  ];

  it.each(cases)('%s', (_why, text, message) => {
    expect(failure(text)).toMatch(message);
  });
});

describe('builders', () => {
  const where = { region: 'us-east-1', account: '111122223333' };

  it('build the documented shapes', () => {
    expect(tableArn({ ...where, table: 'Music' })).toBe('arn:aws:dynamodb:us-east-1:111122223333:table/Music');
    expect(indexArn({ ...where, table: 'Music', index: 'ByArtist' })).toBe(
      'arn:aws:dynamodb:us-east-1:111122223333:table/Music/index/ByArtist',
    );
    expect(streamArn({ ...where, table: 'Music', streamLabel: '2024-02-12T18:57:26.492' })).toBe(
      'arn:aws:dynamodb:us-east-1:111122223333:table/Music/stream/2024-02-12T18:57:26.492',
    );
    expect(backupArn({ ...where, table: 'Music', backup: '01489602797149-73d8d5bc' })).toBe(
      'arn:aws:dynamodb:us-east-1:111122223333:table/Music/backup/01489602797149-73d8d5bc',
    );
    expect(exportArn({ ...where, table: 'Music', exportName: 'e1' })).toMatch(/:table\/Music\/export\/e1$/);
    expect(importArn({ ...where, table: 'Music', importName: 'i1' })).toMatch(/:table\/Music\/import\/i1$/);
    expect(globalTableArn({ account: '111122223333', globalTable: 'Music' })).toBe('arn:aws:dynamodb::111122223333:global-table/Music');
  });

  it('take the partition from the region unless given', () => {
    expect(tableArn({ region: 'cn-north-1', account: '111122223333', table: 'Music' })).toMatch(/^arn:aws-cn:/);
    expect(tableArn({ region: 'us-gov-west-1', account: '111122223333', table: 'Music' })).toMatch(/^arn:aws-us-gov:/);
    expect(tableArn({ partition: 'aws-iso', region: 'us-iso-east-1', account: '111122223333', table: 'Music' })).toMatch(/^arn:aws-iso:/);
    expect(globalTableArn({ region: 'cn-north-1', account: '111122223333', globalTable: 'Music' })).toMatch(/^arn:aws-cn:dynamodb::/);
    expect(partitionOfRegion('eu-west-1')).toBe('aws');
  });

  it("refuse invalid parts with the parser's message", () => {
    expect(() => tableArn({ ...where, table: 'a b' })).toThrow(RangeError);
    expect(() => tableArn({ ...where, table: 'ab' })).toThrow(/too short/);
    expect(() => tableArn({ region: 'us-east-1', account: '42', table: 'Music' })).toThrow(/12 digits/);
    expect(() => streamArn({ ...where, table: 'Music', streamLabel: 'now' })).toThrow(/not a timestamp/);
  });
});

describe('tableArnOf', () => {
  const table = 'arn:aws:dynamodb:us-east-1:111122223333:table/Music';

  it.each([
    table,
    `${table}/index/ByArtist`,
    `${table}/stream/2024-02-12T18:57:26.492`,
    `${table}/backup/01489602797149-73d8d5bc`,
    `${table}/export/e1x`,
    `${table}/import/i1x`,
  ])('%s belongs to the table', (arn) => {
    expect(tableArnOf(parsed(arn))).toBe(table);
  });

  it('is undefined for a legacy global table', () => {
    expect(tableArnOf(parsed('arn:aws:dynamodb::111122223333:global-table/Music'))).toBeUndefined();
  });
});

describe('resolveTableReference', () => {
  const caller = { region: 'us-east-1', account: '111122223333' };

  it("resolves a bare name to the caller's own account and region", () => {
    const ref = resolveTableReference('rbac-central-table', caller);
    expect(ref).toMatchObject({
      ok: true,
      arn: 'arn:aws:dynamodb:us-east-1:111122223333:table/rbac-central-table',
      resolvedFromName: true,
    });
  });

  it('keeps an ARN as it is, another account included', () => {
    const arn = 'arn:aws:dynamodb:us-east-1:222222222222:table/rbac-central-table';
    const ref = resolveTableReference(arn, caller);
    expect(ref).toMatchObject({ ok: true, arn, resolvedFromName: false });
    if (ref.ok) expect(ref.resource.account).toBe('222222222222');
  });

  it('rejects what a TableName cannot hold', () => {
    const index = resolveTableReference('arn:aws:dynamodb:us-east-1:222222222222:table/T1x/index/I1x', caller);
    expect(index).toMatchObject({ ok: false });
    if (!index.ok) expect(index.message).toMatch(/index ARN; a TableName takes a table name or a table ARN/);

    const spaced = resolveTableReference('rbac central', caller);
    if (spaced.ok) throw new Error('expected failure');
    expect(spaced.message).toMatch(/does not allow \(" "\)/);

    const badCaller = resolveTableReference('Music', { region: 'us-east-1', account: 'me' });
    if (badCaller.ok) throw new Error('expected failure');
    expect(badCaller.message).toMatch(/caller's account "me" must be 12 digits/);

    const badArn = resolveTableReference('arn:aws:dynamodb:us-east-1:1:table/Music', caller);
    expect(badArn.ok).toBe(false);
  });
});

describe('property: every built ARN parses back to the same fields', () => {
  const nameChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-'.split(''));
  const name = fc.string({ unit: nameChar, minLength: 3, maxLength: 255 });
  const region = fc.constantFrom('us-east-1', 'eu-west-3', 'ap-southeast-4', 'cn-northwest-1', 'us-gov-east-1', 'il-central-1');
  const account = fc.stringMatching(/^\d{12}$/);
  const label = fc
    .date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 23));
  const where = fc.record({ region, account });

  it('tables', () => {
    fc.assert(
      fc.property(where, name, (w, table) => {
        expect(parsed(tableArn({ ...w, table }))).toMatchObject({ type: 'table', ...w, table, partition: partitionOfRegion(w.region) });
      }),
    );
  });

  it('indexes', () => {
    fc.assert(
      fc.property(where, name, name, (w, table, index) => {
        expect(parsed(indexArn({ ...w, table, index }))).toMatchObject({ type: 'index', ...w, table, indexName: index });
      }),
    );
  });

  it('streams', () => {
    fc.assert(
      fc.property(where, name, label, (w, table, streamLabel) => {
        const resource = parsed(streamArn({ ...w, table, streamLabel }));
        expect(resource).toMatchObject({ type: 'stream', ...w, table, streamLabel });
        expect(tableArnOf(resource)).toBe(tableArn({ ...w, table }));
      }),
    );
  });

  it('legacy global tables', () => {
    fc.assert(
      fc.property(account, name, (acct, globalTable) => {
        expect(parsed(globalTableArn({ account: acct, globalTable }))).toMatchObject({
          type: 'global-table',
          region: '',
          account: acct,
          globalTableName: globalTable,
        });
      }),
    );
  });

  it('a space anywhere in a valid ARN is reported as a space', () => {
    fc.assert(
      fc.property(where, name, label, fc.nat(), (w, table, streamLabel, cut) => {
        const arn = streamArn({ ...w, table, streamLabel });
        const at = cut % (arn.length + 1);
        expect(failure(`${arn.slice(0, at)} ${arn.slice(at)}`)).toMatch(/has a space at character/);
      }),
    );
  });
});
