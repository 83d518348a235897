import { describe, expect, it } from 'vitest';
import { CallError, fromCommand, type AuthorizationRequest, type FromCommandOptions } from '../../src/dynamodb/from-command';

const ACCOUNT = '123456789012';
const MUSIC = `arn:aws:dynamodb:us-west-2:${ACCOUNT}:table/Music`;
const OPTIONS: FromCommandOptions = {
  account: ACCOUNT,
  region: 'us-west-2',
  keySchema: { Music: { partitionKey: 'Artist', sortKey: 'SongTitle', indexes: { ByYear: { partitionKey: 'Year' } } } },
};

function statement(text: string, parameters?: unknown[], options: FromCommandOptions = OPTIONS): AuthorizationRequest {
  const input = parameters === undefined ? { Statement: text } : { Statement: text, Parameters: parameters };
  const { requests } = fromCommand('ExecuteStatement', input, options);
  expect(requests).toHaveLength(1);
  return requests[0] as AuthorizationRequest;
}

describe('ExecuteStatement', () => {
  it.each<[string, string, unknown[] | undefined, string, string, AuthorizationRequest['context']]>([
    [
      'SELECT * without WHERE scans the whole table',
      'SELECT * FROM "Music"',
      undefined,
      'dynamodb:PartiQLSelect',
      MUSIC,
      { 'dynamodb:Select': 'ALL_ATTRIBUTES', 'dynamodb:FullTableScan': 'true' },
    ],
    [
      'SELECT with a partition-key equality is no full scan',
      `SELECT AlbumTitle, "Year" FROM Music WHERE Artist = 'Acme Band' AND SongTitle > 'H'`,
      undefined,
      'dynamodb:PartiQLSelect',
      MUSIC,
      {
        'dynamodb:LeadingKeys': ['Acme Band'],
        'dynamodb:Attributes': ['AlbumTitle', 'Year', 'Artist', 'SongTitle'],
        'dynamodb:Select': 'SPECIFIC_ATTRIBUTES',
        'dynamodb:FullTableScan': 'false',
      },
    ],
    [
      'SELECT filtering only on a non-key attribute is a full scan',
      `SELECT * FROM "Music" WHERE Price < 1.5`,
      undefined,
      'dynamodb:PartiQLSelect',
      MUSIC,
      { 'dynamodb:Attributes': ['Price'], 'dynamodb:Select': 'ALL_ATTRIBUTES', 'dynamodb:FullTableScan': 'true' },
    ],
    [
      'SELECT with parameters, IN and OR gives every partition-key value',
      `SELECT * FROM "Music" WHERE (Artist IN [?, 'B'] OR Artist = ?) AND Plays >= 10`,
      [{ S: 'A' }, { N: '7' }],
      'dynamodb:PartiQLSelect',
      MUSIC,
      {
        'dynamodb:LeadingKeys': ['A', 'B', '7'],
        'dynamodb:Attributes': ['Artist', 'Plays'],
        'dynamodb:Select': 'ALL_ATTRIBUTES',
        'dynamodb:FullTableScan': 'false',
      },
    ],
    [
      'an OR with a branch not on the key is a full scan',
      `SELECT * FROM "Music" WHERE Artist = 'A' OR Genre = 'Rock'`,
      undefined,
      'dynamodb:PartiQLSelect',
      MUSIC,
      { 'dynamodb:Attributes': ['Artist', 'Genre'], 'dynamodb:Select': 'ALL_ATTRIBUTES', 'dynamodb:FullTableScan': 'true' },
    ],
    [
      'SELECT from an index is authorized on the index, with the index partition key',
      `SELECT * FROM "Music"."ByYear" WHERE "Year" = 1999`,
      undefined,
      'dynamodb:PartiQLSelect',
      `${MUSIC}/index/ByYear`,
      {
        'dynamodb:LeadingKeys': ['1999'],
        'dynamodb:Attributes': ['Year'],
        'dynamodb:Select': 'ALL_PROJECTED_ATTRIBUTES',
        'dynamodb:FullTableScan': 'false',
      },
    ],
    [
      'INSERT names the attributes of the tuple',
      `INSERT INTO "Music" VALUE {'Artist': ?, 'SongTitle': 'Song''s Title', 'Awards': [1, 2]}`,
      [{ S: 'Acme Band' }],
      'dynamodb:PartiQLInsert',
      MUSIC,
      { 'dynamodb:LeadingKeys': ['Acme Band'], 'dynamodb:Attributes': ['Artist', 'SongTitle', 'Awards'] },
    ],
    [
      'UPDATE names SET/REMOVE targets, names read, and the WHERE; RETURNING gives ReturnValues',
      `UPDATE "Music" SET AwardsWon = AwardsWon + 1 SET AwardDetail = {'Grammys': [2020]} REMOVE ` +
        `Draft.Notes WHERE Artist = 'Acme Band' AND SongTitle = 'PartiQL Rocks' RETURNING MODIFIED NEW *`,
      undefined,
      'dynamodb:PartiQLUpdate',
      MUSIC,
      {
        'dynamodb:LeadingKeys': ['Acme Band'],
        'dynamodb:Attributes': ['AwardsWon', 'AwardDetail', 'Draft', 'Artist', 'SongTitle'],
        'dynamodb:ReturnValues': 'UPDATED_NEW',
      },
    ],
    [
      'DELETE without RETURNING: ReturnValues NONE',
      `DELETE FROM "Music" WHERE "Artist" = 'Acme Band' AND "SongTitle" = 'PartiQL Rocks'`,
      undefined,
      'dynamodb:PartiQLDelete',
      MUSIC,
      { 'dynamodb:LeadingKeys': ['Acme Band'], 'dynamodb:Attributes': ['Artist', 'SongTitle'], 'dynamodb:ReturnValues': 'NONE' },
    ],
    [
      'DELETE ... RETURNING ALL OLD *',
      `delete from Music where Artist = -1.5e3 and SongTitle = 'x' returning all old *`,
      undefined,
      'dynamodb:PartiQLDelete',
      MUSIC,
      { 'dynamodb:LeadingKeys': ['-1.5e3'], 'dynamodb:Attributes': ['Artist', 'SongTitle'], 'dynamodb:ReturnValues': 'ALL_OLD' },
    ],
  ])('%s', (_, text, parameters, action, resource, context) => {
    expect(statement(text, parameters)).toEqual({ action, resource, origin: 'Statement', context });
  });

  it('reads a table given by quoted ARN', () => {
    const other = 'arn:aws:dynamodb:us-east-1:210987654321:table/Shared';
    const request = statement(`SELECT * FROM "${other}" /* all rows */ -- comment\n`, undefined, { keySchema: { partitionKey: 'id' } });
    expect(request.resource).toBe(other);
    expect(request.context['dynamodb:FullTableScan']).toBe('true');
  });

  it('takes native parameter values (DocumentClient)', () => {
    expect(statement(`SELECT * FROM "Music" WHERE Artist = ?`, ['Acme Band']).context['dynamodb:LeadingKeys']).toEqual(['Acme Band']);
  });

  it('without a key schema, a sole equality in UPDATE/DELETE or a one-member INSERT is the key', () => {
    const options = { account: ACCOUNT, region: 'us-west-2' };
    expect(statement(`DELETE FROM Players WHERE PlayerId = 'p1'`, undefined, options).context['dynamodb:LeadingKeys']).toEqual(['p1']);
    expect(statement(`INSERT INTO Players VALUE {'PlayerId': 'p2'}`, undefined, options).context['dynamodb:LeadingKeys']).toEqual(['p2']);
    // A SELECT without WHERE needs no key schema either.
    expect(statement(`SELECT * FROM Players`, undefined, options).context['dynamodb:FullTableScan']).toBe('true');
  });

  it.each<[string, string | RegExp]>([
    [`SELECT * FROM Players WHERE PlayerId = 'p1'`, /pass options.keySchema with the partitionKey of table "Players"/],
    [`UPDATE Players SET a = 1 WHERE PlayerId = 'p' AND Season = 2`, /pass options.keySchema/],
    [`INSERT INTO Players VALUE {'PlayerId': 'p', 'Season': 2}`, /pass options.keySchema/],
  ])('asks for keySchema: %s', (text, message) => {
    expect(() => statement(text, undefined, { account: ACCOUNT, region: 'us-west-2' })).toThrow(message);
  });

  it.each<[string, unknown[] | undefined, string]>([
    ['EXISTS(SELECT * FROM "Music" WHERE Artist = \'A\')', undefined, 'only SELECT, INSERT, UPDATE and DELETE'],
    ['SELECT * "Music"', undefined, 'SELECT without FROM'],
    ['SELECT * FROM "Music" WHERE Artist = ?', [], 'more ? than Parameters'],
    [`SELECT * FROM "Music WHERE`, undefined, 'unterminated "'],
    ['SELECT * FROM "Music" WHERE Artist = #x', undefined, 'unexpected character "#"'],
    [`UPDATE "Music" SET a = 1`, undefined, 'needs a WHERE clause'],
    [`UPDATE "Music" SET a = 1 WHERE SongTitle = 'x'`, undefined, 'does not give the partition key "Artist"'],
    [`DELETE FROM "Music" WHERE Artist = 'a' AND SongTitle = 'b' RETURNING EVERYTHING`, undefined, 'RETURNING must be'],
    [`INSERT INTO "Music"."ByYear" VALUE {'Artist': 'a'}`, undefined, 'INSERT goes into a table'],
    [`INSERT INTO "Music" VALUE {'SongTitle': 'a'}`, undefined, 'no partition key "Artist"'],
    [`INSERT INTO "Music" VALUE {'Artist': SongTitle}`, undefined, 'not given a literal or ? value'],
    [`INSERT INTO "Music" VALUES ('a')`, undefined, 'expected VALUE'],
  ])('rejects %s', (text, parameters, message) => {
    expect(() => statement(text, parameters)).toThrow(CallError);
    expect(() => statement(text, parameters)).toThrow(message);
  });
});

describe('BatchExecuteStatement and ExecuteTransaction', () => {
  const statements = [
    { Statement: `SELECT * FROM "Music" WHERE Artist = ? AND SongTitle = ?`, Parameters: [{ S: 'A' }, { S: 'S' }] },
    { Statement: `UPDATE "Music" SET Plays = 1 WHERE Artist = 'B' AND SongTitle = 'T'` },
  ];

  it('BatchExecuteStatement: one request per statement, no EnclosingOperation', () => {
    const { command, requests } = fromCommand('BatchExecuteStatement', { Statements: statements }, OPTIONS);
    expect(command).toBe('BatchExecuteStatement');
    expect(requests.map((r) => [r.action, r.origin, r.context['dynamodb:LeadingKeys']])).toEqual([
      ['dynamodb:PartiQLSelect', 'Statements[0]', ['A']],
      ['dynamodb:PartiQLUpdate', 'Statements[1]', ['B']],
    ]);
    expect(requests.every((r) => !('dynamodb:EnclosingOperation' in r.context))).toBe(true);
  });

  it('ExecuteTransaction: every statement carries EnclosingOperation = ExecuteTransaction', () => {
    const { requests } = fromCommand('ExecuteTransaction', { TransactStatements: statements }, OPTIONS);
    expect(requests.map((r) => [r.action, r.origin, r.context['dynamodb:EnclosingOperation']])).toEqual([
      ['dynamodb:PartiQLSelect', 'TransactStatements[0]', 'ExecuteTransaction'],
      ['dynamodb:PartiQLUpdate', 'TransactStatements[1]', 'ExecuteTransaction'],
    ]);
  });

  it("matches the PartiQL guide's deny of full table scans only for scanning SELECTs", () => {
    // Deny PartiQLSelect when Bool dynamodb:FullTableScan = true.
    const denied = (r: AuthorizationRequest) => r.action === 'dynamodb:PartiQLSelect' && r.context['dynamodb:FullTableScan'] === 'true';
    const { requests } = fromCommand(
      'BatchExecuteStatement',
      { Statements: [{ Statement: 'SELECT * FROM "Music"' }, { Statement: `SELECT * FROM "Music" WHERE Artist = 'A'` }] },
      OPTIONS,
    );
    expect(requests.map(denied)).toEqual([true, false]);
  });

  it.each<[string, object, string]>([
    ['ExecuteTransaction', { TransactStatements: [] }, 'TransactStatements is required and not empty'],
    ['BatchExecuteStatement', { Statements: ['SELECT * FROM Music'] }, 'must be an object with a Statement'],
    ['ExecuteStatement', { Parameters: [] }, 'Statement is required'],
  ])('%s rejects %j', (name, input, message) => {
    expect(() => fromCommand(name, input, OPTIONS)).toThrow(message);
  });
});
