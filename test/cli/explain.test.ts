import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { contextFromFlags } from '../../src/cli/commands/explain';
import { cli } from './cli-io';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BASIC = fileURLToPath(new URL('../fixtures/scenarios-basic/', import.meta.url));
const TABLE = 'arn:aws:dynamodb:us-east-1:222222222222:table/central';
const ALFA = 'arn:aws:sts::111111111111:assumed-role/reader/fn';

describe('iamspec explain', () => {
  test('decides one request and prints the trace', async () => {
    const run = await cli(
      [
        'explain',
        '--policy',
        'policies/table.json',
        '--policy',
        'policies/reader.json',
        '--principal',
        ALFA,
        '--action',
        'dynamodb:GetItem',
        '--resource',
        TABLE,
        '--context',
        'dynamodb:LeadingKeys=alfa#1',
      ],
      BASIC,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        /^Allow: arn:aws:sts::111111111111:assumed-role\/reader\/fn → dynamodb:GetItem /.source +
          /on arn:aws:dynamodb:us-east-1:222222222222:table\/central/.source,
      ),
    );
    // --policy put the policy with principals in the resource slot and the other in the identity slot.
    expect(run.stdout).toMatch(
      /decided by: reader#ReadCentral \(policies\/reader\.json:4\), table#ReaderReads \(policies\/table\.json:4\)/,
    );
  });

  test('without --resource, the resource the resource-based policy names, said on stderr', async () => {
    const run = await cli(
      [
        'explain',
        '--policy',
        'policies/table.json',
        '--policy',
        'policies/reader.json',
        '--principal',
        ALFA,
        '--action',
        'dynamodb:GetItem',
        '--context',
        'dynamodb:LeadingKeys=alfa#1',
      ],
      BASIC,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /no --resource given; using arn:aws:dynamodb:us-east-1:222222222222:table\/central, which table#ReaderReads names/,
    );
    expect(run.stdout).toMatch(/^Allow: .* on arn:aws:dynamodb:us-east-1:222222222222:table\/central/);
  });

  test('a refused request shows why each statement did not apply', async () => {
    const run = await cli(
      [
        'explain',
        '--resource-policy',
        'policies/table.json',
        '--identity-policy',
        'policies/reader.json',
        '--principal',
        ALFA,
        '--action',
        'dynamodb:GetItem',
        '--resource',
        TABLE,
        '--context',
        'dynamodb:LeadingKeys=bravo#1',
      ],
      BASIC,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ImplicitDeny: /);
    expect(run.stdout).toMatch(
      new RegExp(
        /table#ReaderReads \(policies\/table\.json:4\) \[Allow\] did not apply: /.source +
          /ForAllValues:StringLike on dynamodb:LeadingKeys: the request has \["bravo#1"\]/.source,
      ),
    );
  });

  test('--expect: exit 1 when the decision differs', async () => {
    const argv = ['explain', '--policy', 'policies/table.json', '--principal', ALFA, '--action', 'dynamodb:PutItem', '--resource', TABLE];
    expect((await cli([...argv, '--expect', 'explicit-deny'], BASIC)).code).toBe(0);
    const wrong = await cli([...argv, '--expect', 'allow'], BASIC);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe('expected allow, got ExplicitDeny\n');
  });

  test('--json prints the decision', async () => {
    const run = await cli(
      ['explain', '--policy', 'policies/table.json', '--principal', ALFA, '--action', 'dynamodb:PutItem', '--resource', TABLE, '--json'],
      BASIC,
    );
    const decision = JSON.parse(run.stdout) as { decision: string; decidedBy: { policy: string; index: number }[] };
    expect(decision.decision).toBe('ExplicitDeny');
    expect(decision.decidedBy).toEqual([expect.objectContaining({ policy: 'table', index: 1 })]);
  });

  test('explains a case of a scenario file', async () => {
    const run = await cli(
      [
        'explain',
        'scenarios/tenants.iam.yaml',
        '--case',
        "Charlie's Query is refused although the table's policy allows it, because Charlie's own role does not",
      ],
      REPO,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ImplicitDeny: arn:aws:sts::444444444444:assumed-role\/charlie-reader\/charlie-fn → dynamodb:Query/);
    expect(run.stdout).toMatch(/scenarios\/tenants\.iam\.yaml:\d+: expects implicit-deny: passes/);
  });

  test('a known-defect case is explained too, and its failure is exit 1', async () => {
    const run = await cli(
      [
        'explain',
        'scenarios/announcement-3-fine-grained-query.iam.yaml',
        '--case',
        'foo queries ProductCatalog-42 for two attributes, on the policy as published',
      ],
      REPO,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /the policy wants \["ProductCatalog-"\] \(StringEquals compares whole values; a prefix needs StringLike with "\*"\)/,
    );
  });

  test.each([
    [['explain', '--action', 'dynamodb:GetItem'], /give --principal/],
    [['explain', '--principal', ALFA], /give --action/],
    [['explain', '--principal', ALFA, '--action', 'dynamodb:GetItem', '--context', 'novalue'], /--context "novalue" is key=value/],
    [
      ['explain', '--principal', ALFA, '--action', 'dynamodb:GetItem', '--context', 'aws:SorceIp=1.2.3.4'],
      /"aws:SorceIp" is not a global condition key/,
    ],
    [
      ['explain', '--principal', ALFA, '--action', 'dynamodb:GetItem', '--expect', 'maybe'],
      /--expect is one of allow, deny, explicit-deny, implicit-deny/,
    ],
    [
      [
        'explain',
        '--policy',
        'policies/table.json',
        '--resource-policy',
        'policies/table.json',
        '--principal',
        ALFA,
        '--action',
        'dynamodb:GetItem',
      ],
      /is a resource-based policy, and policies\/table\.json is one already/,
    ],
    [
      ['explain', '--policy', 'policies/nope.json', '--principal', ALFA, '--action', 'dynamodb:GetItem'],
      /policies\/nope\.json.*cannot read the policy file: no such file/,
    ],
    [
      ['explain', '--policy', 'policies/broken.json', '--principal', ALFA, '--action', 'dynamodb:GetItem'],
      /policies\/broken\.json:5:\d+.*Allw/,
    ],
    [['explain', '--principal', 'not-an-arn', '--action', 'dynamodb:GetItem'], /request\.principal: "not-an-arn" is not a caller/],
    [['explain', 'passing.iam.yaml'], /with a scenario file, give --case <name>/],
    [
      ['explain', 'passing.iam.yaml', '--case', 'Alfa read its item'],
      /has no case named "Alfa read its item" \(did you mean "Alfa reads its item"\?\)/,
    ],
    [['explain', 'passing.iam.yaml', '--case', 'x', '--principal', ALFA], /a scenario case brings its own request/],
    [['explain', '--case', 'x'], /--case names a case of a scenario file/],
  ])('%j: exit 2 with a message', async (argv, message) => {
    const run = await cli(argv, BASIC);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe('--context flags', () => {
  test('one value, a repeated key (a list) and a JSON list', () => {
    expect(
      contextFromFlags([
        'aws:SourceIp=192.0.2.1',
        'dynamodb:LeadingKeys=a',
        'DYNAMODB:LEADINGKEYS=b',
        'dynamodb:Attributes=["x","y"]',
        's3:prefix=a=b',
      ]),
    ).toEqual({
      'aws:SourceIp': '192.0.2.1',
      'dynamodb:LeadingKeys': ['a', 'b'],
      'dynamodb:Attributes': ['x', 'y'],
      's3:prefix': 'a=b',
    });
  });

  test('a bad JSON list is refused', () => {
    expect(() => contextFromFlags(['dynamodb:Attributes=[x'])).toThrow(/is not a JSON list/);
  });
});
