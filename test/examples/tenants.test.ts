/**
 * The announcement's scenario, tested the way its readers would: a central account (222222222222)
 * owns `rbac-central-table` in us-east-1; tenants Alfa (333333333333), Bravo (444444444444) and
 * Charlie (555555555555) each run a Lambda function in their own account that reads the central
 * table by its full ARN. Each tenant may read only its own partitions (`ALFA#…`, `BRAVO#…`,
 * `CHARLIE#…`) and none may write.
 *
 * Across accounts both sides must allow: the table's resource-based policy and the identity-based
 * policy of the tenant's Lambda role. So these tests use `policySet` with both, and name the
 * identity policies so that `decidedBy` can point at them.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { fromCommand, loadPolicy, policySet } from '../../matchers/vitest';

const policyFile = (name: string) =>
  loadPolicy(fileURLToPath(new URL(`./policies/${name}.json`, import.meta.url)), { file: `test/examples/policies/${name}.json` });

const TABLE = 'arn:aws:dynamodb:us-east-1:222222222222:table/rbac-central-table';
const ALFA = 'arn:aws:iam::333333333333:role/alfa-orders-lambda';
const BRAVO = 'arn:aws:iam::444444444444:role/bravo-orders-lambda';
const CHARLIE = 'arn:aws:iam::555555555555:role/charlie-orders-lambda';
const STRANGER = 'arn:aws:iam::666666666666:role/orders-lambda';

const centralTable = policyFile('central-table');
const alfa = policySet({ resource: centralTable, identity: { 'alfa-orders-lambda': policyFile('alfa-orders-lambda') } });
const bravo = policySet({ resource: centralTable, identity: { 'bravo-orders-lambda': policyFile('bravo-orders-lambda') } });
const charlie = policySet({ resource: centralTable, identity: { 'charlie-orders-lambda': policyFile('charlie-orders-lambda') } });

describe('each tenant reads its own partitions of the central table', () => {
  test.each([
    ['Alfa', alfa, ALFA, 'ALFA#order-1', 'AlfaReadsItsPartitions', 'alfa-orders-lambda#ReadCentralTable'],
    ['Bravo', bravo, BRAVO, 'BRAVO#order-7', 'BravoReadsItsPartitions', 'bravo-orders-lambda#ReadCentralTable'],
  ] as const)('%s may GetItem its partition, allowed by both sides', (_tenant, set, role, key, tableSid, identitySid) => {
    expect(set).toAllow(role, 'dynamodb:GetItem', {
      resource: TABLE,
      leadingKeys: key,
      decidedBy: [`central-table#${tableSid}`, identitySid],
    });
  });

  test('Charlie may Query its partition', () => {
    expect(charlie).toAllow(CHARLIE, 'dynamodb:Query', {
      resource: TABLE,
      leadingKeys: 'CHARLIE#2024',
      decidedBy: 'CharlieReadsItsPartitions',
    });
  });

  test('a real SDK call: Alfa queries its partition with a projection', () => {
    const call = fromCommand('Query', {
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: 'ALFA#order-1' } },
      ProjectionExpression: 'total, placedAt',
    });
    expect(alfa).toAllow(ALFA, call);
  });
});

describe('tenants stay out of each other’s partitions', () => {
  test.each([
    ['Alfa reads Bravo', alfa, ALFA, 'BRAVO#order-7'],
    ['Bravo reads Charlie', bravo, BRAVO, 'CHARLIE#2024'],
    ['Alfa asks for its own and a foreign key at once', alfa, ALFA, ['ALFA#order-1', 'BRAVO#order-7']],
  ] as const)('%s: implicitly denied', (_case, set, role, keys) => {
    expect(set).toImplicitlyDeny(role, 'dynamodb:GetItem', { resource: TABLE, leadingKeys: keys });
  });

  test('Scan is not granted: with no dynamodb:LeadingKeys in a Scan, ForAllValues would hold vacuously', () => {
    expect(alfa).toImplicitlyDeny(ALFA, 'dynamodb:Scan', { resource: TABLE });
  });

  test('no tenant may write, whatever its identity policy says', () => {
    const admin = policySet({
      resource: centralTable,
      identity: { 'alfa-admin': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] } },
    });
    expect(admin).toExplicitlyDeny(ALFA, 'dynamodb:PutItem', {
      resource: TABLE,
      leadingKeys: 'ALFA#order-1',
      decidedBy: 'DenyTenantWrites',
    });
    const write = fromCommand('TransactWriteItems', {
      TransactItems: [
        { ConditionCheck: { TableName: TABLE, Key: { pk: { S: 'ALFA#order-1' } }, ConditionExpression: 'attribute_exists(pk)' } },
        {
          Update: {
            TableName: TABLE,
            Key: { pk: { S: 'ALFA#order-1' } },
            UpdateExpression: 'SET total = :t',
            ExpressionAttributeValues: { ':t': { N: '10' } },
          },
        },
      ],
    });
    expect(admin).toExplicitlyDeny(ALFA, { ...write, decidedBy: 'DenyTenantWrites' });
  });

  test('an account the table does not name is denied', () => {
    expect(centralTable).toDeny(STRANGER, 'dynamodb:GetItem', { leadingKeys: 'ALFA#order-1' });
  });
});

describe('both sides must allow across accounts', () => {
  test("Charlie's role may only Query: its GetItem is denied although the table allows it", () => {
    expect(charlie).toImplicitlyDeny(CHARLIE, 'dynamodb:GetItem', { resource: TABLE, leadingKeys: 'CHARLIE#2024' });
    // The table's policy alone would allow it: iamspec then assumes the caller's side allows.
    expect(centralTable).toAllow(CHARLIE, 'dynamodb:GetItem', { leadingKeys: 'CHARLIE#2024' });
  });

  test("Bravo's call that names the table without its ARN reaches a table in Bravo's own account", () => {
    // A bare table name resolves in the caller's account and Region: 444444444444, not the central account.
    expect(bravo).toImplicitlyDeny(BRAVO, 'dynamodb:GetItem', {
      resource: 'rbac-central-table',
      region: 'us-east-1',
      leadingKeys: 'BRAVO#order-7',
    });
    const bareName = fromCommand(
      'GetItem',
      { TableName: 'rbac-central-table', Key: { pk: { S: 'BRAVO#order-7' } } },
      { account: '444444444444', region: 'us-east-1' },
    );
    expect(bareName.requests[0]!.resource).toBe('arn:aws:dynamodb:us-east-1:444444444444:table/rbac-central-table');
    expect(bravo).toDeny(BRAVO, bareName);
    // The same call with the table's ARN is allowed.
    expect(bravo).toAllow(BRAVO, fromCommand('GetItem', { TableName: TABLE, Key: { pk: { S: 'BRAVO#order-7' } } }));
  });
});

describe('the central table policy as a whole', () => {
  test('grants only to the three tenant roles, none of them public', () => {
    expect(centralTable).toOnlyGrantAccessTo([ALFA, BRAVO, CHARLIE]);
    expect(centralTable).not.toOnlyGrantAccessTo([ALFA, BRAVO]);
    expect(centralTable).not.toBePublic();
  });

  test('reaches outside the central account, and only to the tenant accounts', () => {
    expect(centralTable).toGrantExternalAccess();
    expect(centralTable).toGrantExternalAccess({ outside: ['222222222222', '333333333333'] });
    expect(centralTable).not.toGrantExternalAccess({ outside: ['222222222222', '333333333333', '444444444444', '555555555555'] });
  });

  test('DynamoDB would accept it on the table', () => {
    expect(centralTable).toBeValidResourcePolicy({ attachTo: TABLE });
  });
});
