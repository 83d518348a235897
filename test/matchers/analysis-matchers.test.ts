import { describe, expect, test } from 'vitest';
import { policySet } from '../../matchers/vitest';
import { APP_IDENTITY, APP_ROLE, failureOf, ORDERS_POLICY, passes, TABLE } from './support';

const allow = (principal: unknown, extra: Record<string, unknown> = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Grant', Effect: 'Allow', Principal: principal, Action: 'dynamodb:GetItem', Resource: TABLE, ...extra }],
});

const OPEN = allow('*');
const OPEN_TO_ONE_ACCOUNT = allow('*', { Condition: { StringEquals: { 'aws:PrincipalAccount': '333333333333' } } });
const OPEN_TO_ORG = allow('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } });
const OPEN_BY_IP_ONLY = allow('*', { Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } });
const TO_ROLE = allow({ AWS: APP_ROLE });
const TO_ACCOUNTS = allow({ AWS: ['333333333333', 'arn:aws:iam::444444444444:root'] });
const TO_SESSION = allow({ AWS: 'arn:aws:sts::333333333333:assumed-role/app/batch' });
const TO_SERVICE = allow({ Service: 'lambda.amazonaws.com' });
const NOT_PRINCIPAL = allow(undefined);
delete (NOT_PRINCIPAL.Statement[0] as Record<string, unknown>).Principal;
(NOT_PRINCIPAL.Statement[0] as Record<string, unknown>).NotPrincipal = { AWS: APP_ROLE };

/** Each analysis matcher's verdict must flip under .not, for valid input. */
function bothWays(
  subject: unknown,
  matcher: 'toBePublic' | 'toGrantExternalAccess' | 'toOnlyGrantAccessTo' | 'toBeValidResourcePolicy',
  args: unknown[],
  expected: boolean,
): void {
  const call = (negated: boolean) =>
    passes(() => ((negated ? expect(subject).not : expect(subject))[matcher] as (...a: unknown[]) => void)(...args));
  expect(call(false)).toBe(expected);
  expect(call(true)).toBe(!expected);
}

describe('toBePublic', () => {
  test.each([
    ['Principal "*" without condition', OPEN, true],
    ['Principal "*" limited by aws:SourceIp only (not a trusted key for Block Public Access)', OPEN_BY_IP_ONLY, true],
    ['Principal "*" limited to one account', OPEN_TO_ONE_ACCOUNT, false],
    ['Principal "*" limited to an organization', OPEN_TO_ORG, false],
    ['a named role', TO_ROLE, false],
    ['an Allow with NotPrincipal', NOT_PRINCIPAL, true],
  ])('%s', (_case, policy, isPublic) => {
    bothWays(policy, 'toBePublic', [], isPublic);
  });

  test('the message names the statement that makes it public and why', () => {
    const message = failureOf(() => expect(OPEN).not.toBePublic());
    expect(message).toContain('expect(policy).not.toBePublic()');
    expect(message).toContain('Expected: not "public"\nReceived: "public"');
    expect(message).toMatch(/Public through this statement:\n {2}policy#Grant: .*no condition limits it/);
  });

  test('an identity policy cannot be public: asking is a mistake, in both directions', () => {
    for (const negated of [false, true]) {
      expect(failureOf(() => (negated ? expect(APP_IDENTITY).not : expect(APP_IDENTITY)).toBePublic())).toMatch(
        /toBePublic reads a resource-based policy/,
      );
    }
    expect(failureOf(() => (expect(OPEN) as unknown as { toBePublic(argument: number): void }).toBePublic(1))).toMatch(
      /toBePublic takes no arguments/,
    );
  });
});

describe('toGrantExternalAccess', () => {
  test.each([
    ['a role of another account, zone = the table’s account', TO_ROLE, undefined, true],
    ['a role of a trusted account', TO_ROLE, { outside: ['333333333333'] }, false],
    ['two accounts, one trusted', TO_ACCOUNTS, { outside: ['333333333333'] }, true],
    ['two accounts, both trusted', TO_ACCOUNTS, { outside: ['333333333333', '444444444444'] }, false],
    ['anyone', OPEN, { outside: ['333333333333'] }, true],
    ['anyone in an organization, zone = that organization', OPEN_TO_ORG, { outside: { orgId: 'o-a1b2c3d4e5' } }, false],
    ['anyone in an organization, zone = accounts only', OPEN_TO_ORG, { outside: ['333333333333'] }, true],
    ['a service principal (Access Analyzer does not report those)', TO_SERVICE, undefined, false],
  ] as const)('%s', (_case, policy, options, external) => {
    bothWays(policy, 'toGrantExternalAccess', options === undefined ? [] : [options], external);
  });

  test('the message shows the zone and each grant outside it', () => {
    const message = failureOf(() => expect(TO_ACCOUNTS).not.toGrantExternalAccess({ outside: ['333333333333'] }));
    expect(message).toContain('Zone of trust: accounts 222222222222, 333333333333');
    expect(message).toContain('policy#Grant: arn:aws:iam::444444444444:root (account) may dynamodb:GetItem');
    expect(failureOf(() => expect(TO_ROLE).toGrantExternalAccess({ outside: ['333333333333'] }))).toContain(
      'Every Allow statement of policy stays inside the zone',
    );
  });

  test.each([
    [{ outside: ['3333'] }, /outside is a list of 12-digit account ids/],
    [{ outside: [] }, /outside is empty/],
    [{ outside: { orgId: 'org-1' } }, /outside is a list of accounts or \{ orgId/],
    [{ outside: { orgId: 'o-a1b2c3d4e5', acounts: [] } }, /outside has no "acounts"/],
    [{ inside: ['333333333333'] }, /has no option "inside"/],
    ['333333333333', /takes \{ outside: \[accounts\] \}/],
  ])('wrong options %j fail both ways', (options, message) => {
    for (const negated of [false, true]) {
      expect(failureOf(() => (negated ? expect(TO_ROLE).not : expect(TO_ROLE)).toGrantExternalAccess(options as never))).toMatch(message);
    }
  });

  test('without an ARN to take the owner from, the zone must be given', () => {
    const anyTable = allow({ AWS: APP_ROLE }, { Resource: 'arn:aws:dynamodb:*:*:table/*' });
    expect(failureOf(() => expect(anyTable).not.toGrantExternalAccess())).toMatch(/give the zone of trust/);
    expect(anyTable).toGrantExternalAccess({ outside: ['222222222222'] });
  });
});

describe('toOnlyGrantAccessTo', () => {
  test.each([
    ['the named role, listed', TO_ROLE, [APP_ROLE], true],
    ['the named role, its account listed', TO_ROLE, ['333333333333'], true],
    ['the named role, another role listed', TO_ROLE, ['arn:aws:iam::333333333333:role/other'], false],
    ['account roots, listed as ids', TO_ACCOUNTS, ['333333333333', '444444444444'], true],
    ['account roots, listed as root ARNs', TO_ACCOUNTS, ['arn:aws:iam::333333333333:root', 'arn:aws:iam::444444444444:root'], true],
    ['an account root, only a role of it listed', TO_ACCOUNTS, [APP_ROLE, 'arn:aws:iam::444444444444:root'], false],
    ['a session of a listed role', TO_SESSION, [APP_ROLE], true],
    ['anyone', OPEN, ['333333333333'], false],
    ['anyone, "*" listed', OPEN, ['*'], true],
    ['anyone confined to one account by aws:PrincipalAccount', OPEN_TO_ONE_ACCOUNT, ['333333333333'], true],
    ['anyone in an organization', OPEN_TO_ORG, ['333333333333'], false],
    ['NotPrincipal in an Allow', NOT_PRINCIPAL, [APP_ROLE], false],
    ['a service principal, listed', TO_SERVICE, ['lambda.amazonaws.com'], true],
  ] as const)('%s', (_case, policy, listed, only) => {
    bothWays(policy, 'toOnlyGrantAccessTo', [listed], only);
  });

  test('the message lists what is granted but not listed', () => {
    const message = failureOf(() => expect(TO_ACCOUNTS).toOnlyGrantAccessTo(['333333333333']));
    expect(message).toContain('Expected: grants only to "333333333333"');
    expect(message).toContain('Received: "1 grant to principals not listed"');
    expect(message).toContain('  policy#Grant: arn:aws:iam::444444444444:root');
  });

  test.each([[[]], [['someone']], ['333333333333'], [[42]]])('wrong principals %j fail both ways', (listed) => {
    for (const negated of [false, true]) {
      expect(failureOf(() => (negated ? expect(TO_ROLE).not : expect(TO_ROLE)).toOnlyGrantAccessTo(listed as never))).toContain(
        'iamspec cannot run this assertion',
      );
    }
  });
});

describe('toBeValidResourcePolicy', () => {
  test.each([
    ['a valid table policy', ORDERS_POLICY, undefined, true],
    ['a valid table policy for its table', ORDERS_POLICY, { attachTo: TABLE }, true],
    ['a table policy for another table', ORDERS_POLICY, { attachTo: 'arn:aws:dynamodb:us-east-1:222222222222:table/invoices' }, false],
    ['an identity policy (no Principal)', APP_IDENTITY, undefined, false],
    ['text that does not parse', '{ "Statement": [', undefined, false],
    ['a public policy (Block Public Access rejects it)', OPEN, undefined, false],
  ] as const)('%s', (_case, policy, options, valid) => {
    bothWays(policy, 'toBeValidResourcePolicy', options === undefined ? [] : [options], valid);
  });

  test('a policy set is judged by its resource-based policy', () => {
    bothWays(policySet({ resource: ORDERS_POLICY, identity: APP_IDENTITY }), 'toBeValidResourcePolicy', [], true);
    expect(failureOf(() => expect(policySet({ identity: APP_IDENTITY })).not.toBeValidResourcePolicy())).toMatch(
      /reads a resource-based policy/,
    );
  });

  test('a subject that is no policy at all is a mistake, in both directions', () => {
    for (const negated of [false, true]) {
      expect(failureOf(() => (negated ? expect(42).not : expect(42)).toBeValidResourcePolicy())).toMatch(/expect\(\) takes a policy/);
    }
  });

  test('the message lists the errors with their location', () => {
    const text = JSON.stringify(allow({ AWS: 'arn:aws:iam:: 333333333333:role/app' }), null, 2);
    const message = failureOf(() => expect(text).toBeValidResourcePolicy());
    expect(message).toContain('Expected: a valid "resource-based policy"');
    expect(message).toMatch(/Errors:\n {2}policy.* error \[invalid-arn\]/);
  });

  test.each([
    [{ attachTo: `${TABLE}/index/byDate` }, /an index ARN; a resource-based policy attaches to a table or a stream/],
    [{ attachTo: 'orders' }, /attachTo: "orders" is not/],
    [{ attach: TABLE }, /has no option "attach"/],
  ])('wrong options %j fail both ways', (options, message) => {
    for (const negated of [false, true]) {
      expect(
        failureOf(() => (negated ? expect(ORDERS_POLICY).not : expect(ORDERS_POLICY)).toBeValidResourcePolicy(options as never)),
      ).toMatch(message);
    }
  });
});
