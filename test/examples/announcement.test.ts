/**
 * The announcement's four example policies, as published and as corrected (copies in
 * test/fixtures/announcement/), tested with the matchers. Each `describe` says what the policy
 * means to do; the tests show where the published text does something else.
 *
 * A lone resource-based policy is tested on its own: the caller's own account is assumed to allow
 * (cross-account access needs both sides; tenants.test.ts tests both).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { fromCommand, loadPolicy } from '../../matchers/vitest';
import { parsePolicy, PolicyError } from '../../src/index';

const fixture = (form: 'as-published' | 'corrected', name: string) => `test/fixtures/announcement/${form}/${name}.json`;
const pathOf = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
/** Loads a fixture, naming it by its path relative to the repository in messages. */
const load = (form: 'as-published' | 'corrected', name: string) => loadPolicy(pathOf(fixture(form, name)), { file: fixture(form, name) });

const TABLE_444 = 'arn:aws:dynamodb:us-east-1:444455556666:table/rbac-central-table';
const STREAM_444 = `${TABLE_444}/stream/2024-01-11T16:35:51.514`;
const TABLE_222 = 'arn:aws:dynamodb:us-east-1:222222222222:table/rbac-central-table';
const FOO_111122223333 = 'arn:aws:iam::111122223333:user/foo';
const FOOBAR = 'arn:aws:iam::111122223333:user/foobar';
const ADMIN = 'arn:aws:iam::111122223333:role/Admin';
const FOO_111111111111 = 'arn:aws:iam::111111111111:user/foo';

describe('example 1: two named users may GetItem', () => {
  const policy = load('corrected', '1-specific-users-getitem');

  test('the published text is the corrected one, and DynamoDB would accept it', () => {
    expect(load('as-published', '1-specific-users-getitem').document).toEqual(policy.document);
    expect(policy).toBeValidResourcePolicy({ attachTo: TABLE_444 });
  });

  test.each([FOO_111122223333, FOOBAR])('%s may GetItem', (user) => {
    expect(policy).toAllow(user, 'dynamodb:GetItem', { decidedBy: 'Statement1' });
  });

  test.each([
    ['another user of the account', 'arn:aws:iam::111122223333:user/bar', 'dynamodb:GetItem', TABLE_444],
    ['foo writing', FOO_111122223333, 'dynamodb:PutItem', TABLE_444],
    ['foo on another table', FOO_111122223333, 'dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:444455556666:table/other-table'],
  ])('%s: implicitly denied', (_case, user, action, resource) => {
    expect(policy).toImplicitlyDeny(user, action, { resource });
  });

  test('grants to those two users only, both outside the table’s account', () => {
    expect(policy).toOnlyGrantAccessTo([FOO_111122223333, FOOBAR]);
    expect(policy).not.toOnlyGrantAccessTo([FOO_111122223333]);
    expect(policy).toGrantExternalAccess();
    expect(policy).not.toGrantExternalAccess({ outside: ['444455556666', '111122223333'] });
    expect(policy).not.toBePublic();
  });
});

describe('example 2: the Admin role reads the table’s stream', () => {
  test('as published, the space before /stream/ makes the policy invalid: it does not even load', () => {
    const path = fixture('as-published', '2-admin-stream-read');
    expect(pathOf(path)).not.toBeValidResourcePolicy();
    expect(() => loadPolicy(pathOf(path), { file: path })).toThrow(PolicyError);
  });

  const policy = load('corrected', '2-admin-stream-read');

  test.each(['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream'])('Admin may %s on the stream', (action) => {
    // No resource given: the matcher uses the stream ARN the policy names.
    expect(policy).toAllow(ADMIN, action, { decidedBy: 'Statement2' });
  });

  test('the stream policy grants nothing on the table itself', () => {
    expect(policy).toImplicitlyDeny(ADMIN, 'dynamodb:GetItem', { resource: TABLE_444 });
  });

  test('it belongs on the stream: DynamoDB rejects stream actions in a table policy', () => {
    expect(policy).toBeValidResourcePolicy({ attachTo: STREAM_444 });
    expect(policy).not.toBeValidResourcePolicy({ attachTo: TABLE_444 });
  });
});

describe('example 3: user foo queries only ProductCatalog-… partitions and three attributes', () => {
  test('as published, the space in the principal ARN makes the policy invalid', () => {
    const path = fixture('as-published', '3-fine-grained-query');
    expect(pathOf(path)).not.toBeValidResourcePolicy();
    expect(() => loadPolicy(pathOf(path))).toThrow(/arn:aws:iam:: 111111111111:user\/foo/);
  });

  // The published policy with only the principal's space removed, so that it loads: every other
  // defect is kept, in particular `ForAllValues:StringEquals` on `dynamodb:LeadingKeys` with the
  // value `ProductCatalog-`, which matches that exact key only, not keys with that prefix.
  const publishedPath = fixture('as-published', '3-fine-grained-query');
  const publishedPrincipalFixed = parsePolicy(
    readFileSync(pathOf(publishedPath), 'utf8').replace('arn:aws:iam:: 111111111111', 'arn:aws:iam::111111111111'),
    {
      name: '3-as-published-principal-fixed',
      file: publishedPath,
    },
  );
  const corrected = load('corrected', '3-fine-grained-query');
  const query = { attributes: ['ProductName', 'Inventory'], select: 'SPECIFIC_ATTRIBUTES' } as const;

  test('the prefix mistake: ProductCatalog-42 is denied as published and allowed as corrected', () => {
    expect(publishedPrincipalFixed).toImplicitlyDeny(FOO_111111111111, 'dynamodb:Query', { ...query, leadingKeys: 'ProductCatalog-42' });
    expect(corrected).toAllow(FOO_111111111111, 'dynamodb:Query', { ...query, leadingKeys: 'ProductCatalog-42', decidedBy: 'Statement3' });
    // As published, only the literal key "ProductCatalog-" gets through.
    expect(publishedPrincipalFixed).toAllow(FOO_111111111111, 'dynamodb:Query', { ...query, leadingKeys: 'ProductCatalog-' });
  });

  test.each([
    ['another partition', { ...query, leadingKeys: 'Orders-42' }],
    [
      'an attribute outside the list',
      { leadingKeys: 'ProductCatalog-42', attributes: ['ProductName', 'Price'], select: 'SPECIFIC_ATTRIBUTES' },
    ],
    ['all attributes', { leadingKeys: 'ProductCatalog-42', attributes: ['ProductName'], select: 'ALL_ATTRIBUTES' }],
  ] as const)('corrected: %s is denied', (_case, request) => {
    expect(corrected).toImplicitlyDeny(FOO_111111111111, 'dynamodb:Query', request);
  });

  test('the key-attribute trap: a real Query names the partition key, which the attribute list leaves out', () => {
    const call = fromCommand('Query', {
      TableName: TABLE_222,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': { S: 'ProductCatalog-42' } },
      ProjectionExpression: 'ProductName, Inventory',
    });
    expect(call.requests[0]!.context['dynamodb:Attributes']).toEqual(['PK', 'ProductName', 'Inventory']);
    expect(corrected).toImplicitlyDeny(FOO_111111111111, call);
    // DynamoDB's fine-grained access control guide: the list must name the key attributes too.
    const withKey = structuredClone(corrected.document) as { Statement: { Condition: Record<string, Record<string, unknown>> }[] };
    withKey.Statement[0]!.Condition['ForAllValues:StringEquals']!['dynamodb:Attributes'] = ['PK', 'ProductName', 'Inventory', 'DueDate'];
    expect(withKey).toAllow(FOO_111111111111, call);
  });

  test('Scan is not granted', () => {
    expect(corrected).toImplicitlyDeny(FOO_111111111111, 'dynamodb:Scan');
  });
});

describe('example 4: the Admin role, only from its IP ranges and only through vpce-1a2b3c4d', () => {
  test('as published, the empty aws:SourceIp entry makes the policy invalid', () => {
    expect(pathOf(fixture('as-published', '4-admin-source-ip-and-vpce'))).not.toBeValidResourcePolicy();
  });

  const policy = load('corrected', '4-admin-source-ip-and-vpce');

  test('from the internet, Statement5 denies: the request carries no aws:SourceVpce', () => {
    expect(policy).toExplicitlyDeny(ADMIN, 'dynamodb:GetItem', { sourceIp: '192.0.2.10', decidedBy: 'Statement5' });
    expect(policy).toExplicitlyDeny(ADMIN, 'dynamodb:GetItem', { sourceIp: '2001:db8:1234:5678::1', decidedBy: 'Statement5' });
  });

  test('through the endpoint, Statement4 never applies: AWS sends no aws:SourceIp on requests through a VPC endpoint', () => {
    // So the corrected policy, as written, allows the Admin nothing at all.
    expect(policy).toImplicitlyDeny(ADMIN, 'dynamodb:GetItem', { sourceVpce: 'vpce-1a2b3c4d' });
    // aws:VpcSourceIp is the key that carries the caller's address through an endpoint.
    const throughEndpoint = structuredClone(policy.document) as { Statement: { Condition: Record<string, unknown> }[] };
    throughEndpoint.Statement[0]!.Condition = { IpAddress: { 'aws:VpcSourceIp': ['10.0.0.0/16'] } };
    expect(throughEndpoint).toAllow(ADMIN, 'dynamodb:GetItem', {
      sourceVpce: 'vpce-1a2b3c4d',
      context: { 'aws:VpcSourceIp': '10.0.4.2' },
      decidedBy: 'Statement4',
    });
    expect(throughEndpoint).toExplicitlyDeny(ADMIN, 'dynamodb:GetItem', {
      sourceVpce: 'vpce-0000ffff',
      context: { 'aws:VpcSourceIp': '10.0.4.2' },
      decidedBy: 'Statement5',
    });
  });

  test('other principals are neither allowed nor denied by it', () => {
    expect(policy).toImplicitlyDeny(FOO_111122223333, 'dynamodb:GetItem', { sourceIp: '192.0.2.10' });
  });
});
