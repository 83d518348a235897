import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { evaluate } from '../../src/engine/evaluate';
import { fromCommand, loadPolicy, policySet } from '../../matchers/vitest';
import { parsePolicy } from '../../src/index';
import { APP_IDENTITY, APP_ROLE, failureOf, ORDERS_POLICY, OTHER_ROLE, passes, TABLE } from './support';

const set = policySet({ resource: ORDERS_POLICY, identity: { 'app-identity': APP_IDENTITY } });
const MATCHERS = ['toAllow', 'toDeny', 'toExplicitlyDeny', 'toImplicitlyDeny'] as const;
type MatcherName = (typeof MATCHERS)[number];

/** Runs a decision matcher by name, with or without .not, and says whether it passed. */
function run(subject: unknown, name: MatcherName, negated: boolean, ...args: unknown[]): boolean {
  return passes(() => {
    const assertion = negated ? expect(subject).not : expect(subject);
    (assertion[name] as (...a: unknown[]) => void)(...args);
  });
}

describe('the decision matchers agree with the evaluator', () => {
  const principals = fc.constantFrom(APP_ROLE, OTHER_ROLE, '333333333333', 'arn:aws:sts::333333333333:assumed-role/app/session-1');
  const actions = fc.constantFrom('dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Scan');
  const keys = fc.array(fc.constantFrom('tenant-1#a', 'tenant-1#b', 'tenant-2#a'), { maxLength: 3 });
  const vpce = fc.option(fc.constantFrom('vpce-1111aaaa', 'vpce-2222bbbb'), { nil: undefined });

  test('exactly the matchers that fit the decision pass, and .not inverts each', () => {
    fc.assert(
      fc.property(principals, actions, keys, vpce, (principal, action, leadingKeys, sourceVpce) => {
        const request = { resource: TABLE, leadingKeys, ...(sourceVpce ? { sourceVpce } : {}) };
        const context: Record<string, string | string[]> = {
          'dynamodb:LeadingKeys': leadingKeys,
          ...(sourceVpce ? { 'aws:SourceVpce': sourceVpce } : {}),
        };
        const truth = evaluate(
          { principal, action, resource: TABLE, context },
          { resourcePolicy: ORDERS_POLICY, identityPolicies: [APP_IDENTITY] },
        ).decision;
        const expected: Record<MatcherName, boolean> = {
          toAllow: truth === 'Allow',
          toDeny: truth !== 'Allow',
          toExplicitlyDeny: truth === 'ExplicitDeny',
          toImplicitlyDeny: truth === 'ImplicitDeny',
        };
        for (const name of MATCHERS) {
          expect(run(set, name, false, principal, action, request)).toBe(expected[name]);
          expect(run(set, name, true, principal, action, request)).toBe(!expected[name]);
        }
      }),
      { numRuns: 60 },
    );
  });

  test('a lone resource-based policy is evaluated with an identity policy that allows everything', () => {
    fc.assert(
      fc.property(principals, actions, keys, (principal, action, leadingKeys) => {
        const truth = evaluate(
          { principal, action, resource: TABLE, context: { 'dynamodb:LeadingKeys': leadingKeys } },
          {
            resourcePolicy: ORDERS_POLICY,
            identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
          },
        ).decision;
        expect(run(ORDERS_POLICY, 'toAllow', false, principal, action, { leadingKeys })).toBe(truth === 'Allow');
      }),
      { numRuns: 40 },
    );
  });
});

describe('wrong arguments fail with and without .not', () => {
  const cases: [string, unknown[], RegExp][] = [
    ['an action without a service prefix', [APP_ROLE, 'GetItem'], /"GetItem" has no service prefix: write "dynamodb:GetItem"/],
    [
      'a DynamoDB action that does not exist',
      [APP_ROLE, 'dynamodb:GetItems'],
      /"dynamodb:GetItems" is not a DynamoDB action \(did you mean "dynamodb:GetItem"\?\)/,
    ],
    ['a wildcard action', [APP_ROLE, 'dynamodb:Get*'], /wildcards belong in policies/],
    [
      'a malformed principal ARN',
      ['arn:aws:iam::3333:role/app', 'dynamodb:GetItem'],
      /request\.principal: "arn:aws:iam::3333:role\/app" is not a caller/,
    ],
    ['an account id with eleven digits', ['33333333333', 'dynamodb:GetItem'], /is not a caller/],
    [
      'a malformed table ARN',
      [APP_ROLE, 'dynamodb:GetItem', { resource: 'arn:aws:dynamodb:us-east-1:222222222222:tabel/orders' }],
      /must start with "table\/"/,
    ],
    [
      'an unknown shorthand key',
      [APP_ROLE, 'dynamodb:GetItem', { leadingKey: 'tenant-1#a' }],
      /the request has no "leadingKey" \(did you mean "leadingKeys"\?\)/,
    ],
    [
      'an unknown shorthand key far from any',
      [APP_ROLE, 'dynamodb:GetItem', { tenant: 'tenant-1#a' }],
      /the request has no "tenant"; it takes/,
    ],
    [
      'a misspelt DynamoDB condition key in context',
      [APP_ROLE, 'dynamodb:GetItem', { context: { 'dynamodb:LeadingKey': ['tenant-1#a'] } }],
      /"dynamodb:LeadingKey" is not a DynamoDB condition key \(did you mean "dynamodb:LeadingKeys"\?\)/,
    ],
    ['a shorthand key in the wrong case', [APP_ROLE, 'dynamodb:GetItem', { LeadingKeys: 'x' }], /did you mean "leadingKeys"\?/],
    [
      'a Select value DynamoDB does not send',
      [APP_ROLE, 'dynamodb:Query', { select: 'SPECIFIC_ATTRIBUTE' }],
      /request\.select is one of ALL_ATTRIBUTES/,
    ],
    ['a key given twice', [APP_ROLE, 'dynamodb:GetItem', { leadingKeys: 'a', context: { 'DynamoDB:LeadingKeys': ['b'] } }], /already set/],
    [
      'a context key without its service',
      [APP_ROLE, 'dynamodb:GetItem', { context: { SourceVpce: 'vpce-1' } }],
      /"SourceVpce" is not a condition key/,
    ],
    [
      'a decidedBy naming no statement',
      [APP_ROLE, 'dynamodb:GetItem', { leadingKeys: 'tenant-1#a', decidedBy: 'AppReadsItsTenantt' }],
      /decidedBy: "AppReadsItsTenantt" names no statement .*resource#AppReadsItsTenant/,
    ],
    [
      'a decidedBy naming a statement of another policy',
      [APP_ROLE, 'dynamodb:GetItem', { decidedBy: 'app-identity#AppReadsItsTenant' }],
      /names no statement/,
    ],
    ['a request that is not an object', [APP_ROLE, 'dynamodb:GetItem', 'orders'], /the request is an object/],
    ['a principal that is not a string', [42, 'dynamodb:GetItem'], /the principal is an ARN/],
  ];

  test.each(cases)('%s', (_case, args, message) => {
    for (const name of MATCHERS) {
      for (const negated of [false, true]) {
        const text = failureOf(() => {
          const assertion = negated ? expect(set).not : expect(set);
          (assertion[name] as (...a: unknown[]) => void)(...args);
        });
        expect(text).toContain('iamspec cannot run this assertion, so it fails with or without .not');
        expect(text).toMatch(message);
      }
    }
  });

  test('any string that is not service:Action fails every matcher both ways', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 20 }).filter((s) => !/^[A-Za-z0-9-]+:[A-Za-z0-9]+$/.test(s)),
        (action) => {
          for (const name of MATCHERS) {
            expect(run(set, name, false, APP_ROLE, action)).toBe(false);
            expect(run(set, name, true, APP_ROLE, action)).toBe(false);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  test('decidedBy on an implicit deny is refused: no statement decides one', () => {
    expect(
      failureOf(() => expect(set).toImplicitlyDeny(OTHER_ROLE, 'dynamodb:GetItem', { resource: TABLE, decidedBy: 'AppReadsItsTenant' })),
    ).toMatch(/an implicit deny is decided by no statement/);
  });

  test('a subject that is no policy, and a policy that does not load, fail both ways', () => {
    for (const negated of [false, true]) {
      const subject = (s: unknown) => (negated ? expect(s).not : expect(s));
      expect(failureOf(() => subject(42).toAllow(APP_ROLE, 'dynamodb:GetItem', { resource: TABLE }))).toMatch(
        /expect\(\) takes a policy .* found number 42/,
      );
      const broken =
        '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": ' +
        '"dynamodb:GetItem", "Resource": "arn:aws:dynamodb:us-east-1:222222222222:table /orders" }]\n}';
      expect(failureOf(() => subject(broken).toDeny(APP_ROLE, 'dynamodb:GetItem'))).toMatch(
        new RegExp(
          / {2}A policy does not load \(one problem\):\n {4}policy:3:\d+ \(statement 0\) at /.source +
            /Statement\[0\]\.Resource: .*table \/orders.* is not a valid ARN[^\n]*$/.source,
          'm',
        ),
      );
    }
  });

  test('a request without resource needs a resource-based policy that names one', () => {
    expect(failureOf(() => expect(APP_IDENTITY).toAllow(APP_ROLE, 'dynamodb:GetItem'))).toMatch(
      /the request names no resource and there is no resource-based policy to take it from/,
    );
    const wildcardOnly = {
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'dynamodb:GetItem', Resource: 'arn:aws:dynamodb:*:*:table/*' }],
    };
    expect(failureOf(() => expect(wildcardOnly).not.toAllow(APP_ROLE, 'dynamodb:GetItem'))).toMatch(
      /names no ARN without wildcards: give request\.resource/,
    );
  });
});

describe('decidedBy', () => {
  const read = { resource: TABLE, leadingKeys: 'tenant-1#a' };
  test.each([
    ['the deciding Allow by Sid', 'AppReadsItsTenant', true],
    ['the deciding Allow by policy#Sid', 'resource#AppReadsItsTenant', true],
    ['the identity side of the same decision', 'app-identity#UseOrders', true],
    ['both sides at once', ['AppReadsItsTenant', 'app-identity#UseOrders'], true],
    ['an Allow that did not apply', 'AppWritesThroughEndpoint', false],
    ['one deciding statement and one that did not apply', ['AppReadsItsTenant', 'AppWritesThroughEndpoint'], false],
    ['a Deny that did not apply', 'NoDeletes', false],
  ] as const)('%s', (_case, decidedBy, holds) => {
    expect(run(set, 'toAllow', false, APP_ROLE, 'dynamodb:GetItem', { ...read, decidedBy })).toBe(holds);
    expect(run(set, 'toAllow', true, APP_ROLE, 'dynamodb:GetItem', { ...read, decidedBy })).toBe(!holds);
  });

  test('a statement index names a statement without Sid', () => {
    const noSid = { Statement: [{ Effect: 'Allow', Principal: { AWS: APP_ROLE }, Action: 'dynamodb:GetItem', Resource: TABLE }] };
    expect(noSid).toAllow(APP_ROLE, 'dynamodb:GetItem', { decidedBy: '0' });
    expect(noSid).toAllow(APP_ROLE, 'dynamodb:GetItem', { decidedBy: 'policy#0' });
  });
});

describe('subjects', () => {
  const text = JSON.stringify(ORDERS_POLICY, null, 2);
  const yaml =
    'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Principal: { AWS: "333333333333" }\n  ' +
    '  Action: dynamodb:GetItem\n    Resource: arn:aws:dynamodb:us-east-1:222222222222:table/orders\n';

  test.each([
    ['a document object', ORDERS_POLICY],
    ['JSON text', text],
    ['a compiled policy', loadPolicy(ORDERS_POLICY)],
    ['YAML text', yaml],
  ])('%s with Principal is the resource-based policy of the table it names', (_kind, subject) => {
    expect(subject).toAllow(APP_ROLE, 'dynamodb:GetItem', { leadingKeys: 'tenant-1#a' });
    expect(subject).not.toAllow('arn:aws:iam::555555555555:role/app', 'dynamodb:GetItem', { leadingKeys: 'tenant-1#a' });
  });

  test('a policy without Principal is the caller’s identity-based policy', () => {
    expect(APP_IDENTITY).toAllow('arn:aws:iam::222222222222:role/reporting', 'dynamodb:Query', { resource: TABLE });
    // Across accounts an identity policy alone is not enough: the table has no policy here.
    expect(APP_IDENTITY).toImplicitlyDeny(APP_ROLE, 'dynamodb:Query', { resource: TABLE });
  });

  test('policySet names its policies: record keys, numbered lists, compiled names', () => {
    const many = policySet({
      resource: loadPolicy(ORDERS_POLICY, { name: 'orders-table' }),
      identity: [APP_IDENTITY, { Statement: [{ Sid: 'Nothing', Effect: 'Deny', Action: 'dynamodb:Scan', Resource: '*' }] }],
    });
    expect(many).toAllow(APP_ROLE, 'dynamodb:GetItem', {
      resource: TABLE,
      leadingKeys: 'tenant-1#a',
      decidedBy: ['orders-table#AppReadsItsTenant', 'identity-1#UseOrders'],
    });
    expect(many).toExplicitlyDeny(APP_ROLE, 'dynamodb:Scan', { resource: TABLE, decidedBy: 'identity-2#Nothing' });
    const renamed = policySet({ identity: { 'reporting-role': loadPolicy(APP_IDENTITY, { name: 'ignored' }) } });
    expect(renamed).toAllow('arn:aws:iam::222222222222:role/reporting', 'dynamodb:Query', {
      resource: TABLE,
      decidedBy: 'reporting-role#UseOrders',
    });
  });

  test('policySet evaluates exactly what it is given: no identity policy, no cross-account access', () => {
    expect(policySet({ resource: ORDERS_POLICY })).toImplicitlyDeny(APP_ROLE, 'dynamodb:GetItem', { leadingKeys: 'tenant-1#a' });
  });

  test('policySet refuses a malformed set at once', () => {
    expect(() => policySet({ resources: ORDERS_POLICY } as never)).toThrow(
      /"resources" is not a policy role \(did you mean "resource"\?\); use resource, identity/,
    );
    expect(() => policySet({ permissionBoundary: ORDERS_POLICY } as never)).toThrow(
      /"permissionBoundary" is not a policy role \(did you mean "boundary"\?\)/,
    );
    expect(() => policySet({ owner: ORDERS_POLICY } as never)).toThrow(/"owner" is not a policy role; use resource, identity/);
    expect(() => policySet({})).toThrow(/give at least one policy/);
    expect(() =>
      policySet({
        identity: { a: loadPolicy(APP_IDENTITY, { name: 'x' }), b: loadPolicy(APP_IDENTITY, { name: 'x' }) },
        resource: loadPolicy(ORDERS_POLICY, { name: 'a' }),
      }),
    ).toThrow(/two policies are named "a"/);
    expect(() => policySet({ identity: ORDERS_POLICY })).toThrow(/Principal is not allowed in an identity-based policy/);
    expect(() => policySet({ identity: 42 as never })).toThrow(/identity is a policy, a list of policies or a record/);
  });

  test('SCPs and boundaries take part', () => {
    const guarded = policySet({
      resource: ORDERS_POLICY,
      identity: APP_IDENTITY,
      scps: [{ Statement: [{ Sid: 'OnlyReads', Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: '*' }] }],
    });
    expect(guarded).toAllow(APP_ROLE, 'dynamodb:GetItem', { leadingKeys: 'tenant-1#a' });
    expect(failureOf(() => expect(guarded).toAllow(APP_ROLE, 'dynamodb:PutItem', { sourceVpce: 'vpce-1111aaaa' }))).toContain(
      'no SCP at level 0 (scp-level0) allows dynamodb:PutItem',
    );
  });
});

describe('the request shorthand', () => {
  test('leadingKeys is multivalued even for one value: ForAllValues and ForAnyValue see one key', () => {
    const anyValue = {
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: APP_ROLE },
          Action: 'dynamodb:GetItem',
          Resource: TABLE,
          Condition: { 'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': 'k1' } },
        },
      ],
    };
    expect(anyValue).toAllow(APP_ROLE, 'dynamodb:GetItem', { leadingKeys: 'k1' });
    expect(anyValue).toAllow(APP_ROLE, 'dynamodb:GetItem', { leadingKeys: ['k2', 'k1'] });
    expect(anyValue).toDeny(APP_ROLE, 'dynamodb:GetItem', { leadingKeys: ['k2'] });
  });

  test.each([
    [
      'attributes',
      { attributes: 'Name' },
      { 'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['Name', 'Id'] } },
      { attributes: ['Name', 'Secret'] },
    ],
    [
      'select',
      { select: 'SPECIFIC_ATTRIBUTES' },
      { StringEquals: { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' } },
      { select: 'ALL_ATTRIBUTES' },
    ],
    ['returnValues', { returnValues: 'NONE' }, { StringEquals: { 'dynamodb:ReturnValues': 'NONE' } }, { returnValues: 'ALL_OLD' }],
    ['sourceIp', { sourceIp: '192.0.2.7' }, { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }, { sourceIp: '198.51.100.7' }],
    ['sourceVpce', { sourceVpce: 'vpce-1' }, { StringEquals: { 'aws:SourceVpce': 'vpce-1' } }, { sourceVpce: 'vpce-2' }],
    ['sourceVpc', { sourceVpc: 'vpc-1' }, { StringEquals: { 'aws:SourceVpc': 'vpc-1' } }, {}],
    ['secureTransport', { secureTransport: true }, { Bool: { 'aws:SecureTransport': 'true' } }, { secureTransport: false }],
    [
      'principalTags',
      { principalTags: { team: 'orders' } },
      { StringEquals: { 'aws:PrincipalTag/team': 'orders' } },
      { principalTags: { team: 'billing' } },
    ],
    ['orgId', { orgId: 'o-a1b2c3d4e5' }, { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }, { orgId: 'o-0000000000' }],
    [
      'context',
      { context: { 'aws:CalledVia': ['cloudformation.amazonaws.com'] } },
      { 'ForAnyValue:StringEquals': { 'aws:CalledVia': 'cloudformation.amazonaws.com' } },
      {},
    ],
  ] as const)('%s sets its condition key', (_key, allowed, condition, denied) => {
    const policy = {
      Statement: [{ Effect: 'Allow', Principal: { AWS: APP_ROLE }, Action: 'dynamodb:*', Resource: TABLE, Condition: condition }],
    };
    expect(policy).toAllow(APP_ROLE, 'dynamodb:UpdateItem', allowed);
    expect(policy).toImplicitlyDeny(APP_ROLE, 'dynamodb:UpdateItem', denied);
  });

  test('principalTags and orgId add to a principal description, never silently replace it', () => {
    const policy = {
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: APP_ROLE },
          Action: 'dynamodb:GetItem',
          Resource: TABLE,
          Condition: { StringEquals: { 'aws:PrincipalTag/team': 'orders', 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        },
      ],
    };
    expect(policy).toAllow({ arn: APP_ROLE, tags: { team: 'orders' } }, 'dynamodb:GetItem', { orgId: 'o-a1b2c3d4e5' });
    expect(
      failureOf(() =>
        expect(policy).toAllow({ arn: APP_ROLE, tags: { team: 'x' } }, 'dynamodb:GetItem', { principalTags: { team: 'orders' } }),
      ),
    ).toMatch(/give them once/);
  });

  test('a bare table name resolves in the caller’s account, and the message says so', () => {
    const message = failureOf(() =>
      expect(set).toAllow(APP_ROLE, 'dynamodb:GetItem', { resource: 'orders', region: 'us-east-1', leadingKeys: 'tenant-1#a' }),
    );
    expect(message).toContain('the bare table name "orders" resolves to the caller\'s own account 333333333333');
  });

  test('strict mode fails an Allow that rests on a missing key, with and without .not', () => {
    const ifExists = {
      Statement: [
        {
          Sid: 'OnlyThroughEndpoint',
          Effect: 'Allow',
          Principal: { AWS: APP_ROLE },
          Action: 'dynamodb:GetItem',
          Resource: TABLE,
          Condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } },
        },
      ],
    };
    expect(ifExists).toAllow(APP_ROLE, 'dynamodb:GetItem');
    for (const negated of [false, true]) {
      const message = failureOf(() =>
        (negated ? expect(ifExists).not : expect(ifExists)).toAllow(APP_ROLE, 'dynamodb:GetItem', { strict: true }),
      );
      expect(message).toContain('Strict mode: the Allow rests on a condition key the request did not carry');
      expect(message).toContain('StringEqualsIfExists on aws:SourceVpce held only because the key is absent (IfExists)');
    }
    expect(ifExists).toAllow(APP_ROLE, 'dynamodb:GetItem', { strict: true, sourceVpce: 'vpce-1' });
  });
});

describe('SDK calls from fromCommand', () => {
  const write = fromCommand(
    'TransactWriteItems',
    {
      TransactItems: [
        { Put: { TableName: TABLE, Item: { pk: { S: 'tenant-1#a' }, total: { N: '1' } } } },
        { Delete: { TableName: TABLE, Key: { pk: { S: 'tenant-1#b' } } } },
      ],
    },
    { keySchema: { partitionKey: 'pk' } },
  );

  test('a call is allowed only when each of its requests is; the message names the one that is not', () => {
    expect(set).toDeny(APP_ROLE, { ...write, sourceVpce: 'vpce-1111aaaa' });
    expect(set).toExplicitlyDeny(APP_ROLE, { ...write, sourceVpce: 'vpce-1111aaaa', decidedBy: 'NoDeletes' });
    const message = failureOf(() => expect(set).toAllow(APP_ROLE, { ...write, sourceVpce: 'vpce-1111aaaa' }));
    expect(message).toContain('Received: "ExplicitDeny" for TransactItems[1].Delete (request 2 of 2 of the TransactWriteItems call)');
    expect(message).toContain('  TransactItems[0].Put: dynamodb:PutItem on arn:aws:dynamodb:us-east-1:222222222222:table/orders → Allow');
  });

  test('the action, when given, must name the call', () => {
    const read = fromCommand('GetItem', { TableName: TABLE, Key: { pk: { S: 'tenant-1#a' } } });
    expect(set).toAllow(APP_ROLE, 'dynamodb:GetItem', read);
    expect(failureOf(() => expect(set).not.toAllow(APP_ROLE, 'dynamodb:Query', read))).toMatch(
      /the action "dynamodb:Query" is not the GetItem call/,
    );
    // A JavaScript caller can pass a third argument after a call; TypeScript refuses it.
    expect(failureOf(() => expect(set).toAllow(APP_ROLE, read as never, { sourceVpce: 'x' }))).toMatch(/nothing more to give/);
  });

  test('keys a call sets cannot be set again', () => {
    const read = fromCommand('GetItem', { TableName: TABLE, Key: { pk: { S: 'tenant-1#a' } } });
    expect(failureOf(() => expect(set).toAllow(APP_ROLE, { ...read, context: { 'dynamodb:LeadingKeys': ['x'] } }))).toMatch(/already set/);
  });
});

describe('failure messages', () => {
  test(
    'a denied request: expected and received, the request, the nearest miss with the policy’s and ' +
      'the request’s values, the assumption',
    () => {
      const policy = parsePolicy(JSON.stringify(ORDERS_POLICY, null, 2), { name: 'orders-table', file: 'policies/orders-table.json' });
      const message = failureOf(() => expect(policy).toAllow(APP_ROLE, 'dynamodb:GetItem', { leadingKeys: 'tenant-2#a' }));
      expect(message).toMatchInlineSnapshot(
        `
      "expect(policy).toAllow(principal, action, request)

      Expected: "Allow"
      ` +
          `Received: "ImplicitDeny"

      Request:    arn:aws:iam::333333333333:role/app → ` +
          `dynamodb:GetItem on arn:aws:dynamodb:us-east-1:222222222222:table/orders
      Reason:     the ` +
          `caller (account 333333333333) and the resource (account 222222222222) are in different ` +
          `accounts, so both sides must allow: the resource-based policy orders-table has no Allow for ` +
          `this caller, action and resource
      Allow statements that did not apply:
        ` +
          `orders-table#AppReadsItsTenant (policies/orders-table.json:4) (condition at line 17): ` +
          `ForAllValues:StringLike on dynamodb:LeadingKeys: the request has ["tenant-2#a"], the policy ` +
          `wants ["tenant-1#*"]
        orders-table#AppWritesThroughEndpoint ` +
          `(policies/orders-table.json:23): Action ["dynamodb:PutItem"] does not cover dynamodb:GetItem
   ` +
          `   Note:       only a resource-based policy was given, so the caller's own account was assumed ` +
          `to allow the request (an identity-based policy allowing everything stood in for it); use ` +
          `policySet({ resource, identity }) to test both sides
      Note:       the request named no ` +
          `resource, so iamspec used arn:aws:dynamodb:us-east-1:222222222222:table/orders, the first ARN ` +
          `the resource-based policy names (orders-table#AppReadsItsTenant)"
    `,
      );
    },
  );

  test('.not on an allowed request names the deciding statements and the Deny statements that did not fire', () => {
    const message = failureOf(() => expect(set).not.toAllow(APP_ROLE, 'dynamodb:GetItem', { resource: TABLE, leadingKeys: 'tenant-1#a' }));
    expect(message).toContain('expect(policy).not.toAllow(principal, action, request)');
    expect(message).toContain('Expected: not "Allow"\nReceived: "Allow"');
    expect(message).toContain('Decided by: app-identity#UseOrders, resource#AppReadsItsTenant');
    expect(message).toContain(
      'Deny statements that did not apply:\n  resource#NoDeletes: Action ["dynamodb:DeleteItem"] does not cover dynamodb:GetItem',
    );
    expect(message).not.toContain('Note:');
  });

  test('a decidedBy that does not hold shows which statements did decide', () => {
    const message = failureOf(() =>
      expect(set).toExplicitlyDeny(APP_ROLE, 'dynamodb:DeleteItem', { resource: TABLE, decidedBy: 'resource#AppReadsItsTenant' }),
    );
    expect(message).toContain('Expected: "ExplicitDeny", decided by "resource#AppReadsItsTenant"');
    expect(message).toContain('Received: "ExplicitDeny", decided by resource#NoDeletes');
  });

  test('an explicit deny where an implicit one was expected', () => {
    const message = failureOf(() => expect(set).toImplicitlyDeny(APP_ROLE, 'dynamodb:DeleteItem', { resource: TABLE }));
    expect(message).toContain('Expected: "ImplicitDeny"\nReceived: "ExplicitDeny"');
    expect(message).toContain('Decided by: resource#NoDeletes');
  });

  test('an implicit deny where an explicit one was expected lists the Deny statements that did not fire', () => {
    const message = failureOf(() => expect(set).toExplicitlyDeny(OTHER_ROLE, 'dynamodb:GetItem', { resource: TABLE }));
    expect(message).toContain(
      'Deny statements that did not apply:\n  resource#NoDeletes: Action ["dynamodb:DeleteItem"] does not cover dynamodb:GetItem',
    );
  });

  test('a long policy lists the nearest misses first and stops after eight', () => {
    const statements = Array.from({ length: 12 }, (_, i) => ({
      Sid: `Other${i}`,
      Effect: 'Allow',
      Principal: { AWS: APP_ROLE },
      Action: 'dynamodb:Scan',
      Resource: TABLE,
    }));
    const policy = {
      Statement: [
        ...statements,
        {
          Sid: 'Close',
          Effect: 'Allow',
          Principal: { AWS: APP_ROLE },
          Action: 'dynamodb:GetItem',
          Resource: TABLE,
          Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
        },
      ],
    };
    const message = failureOf(() => expect(policy).toAllow(APP_ROLE, 'dynamodb:GetItem'));
    const lines = message.split('\n');
    const start = lines.indexOf('Allow statements that did not apply:');
    expect(lines[start + 1]).toMatch(/^ {2}policy#Close: StringEquals on aws:SourceVpce: the request does not carry aws:SourceVpce/);
    expect(lines[start + 9]).toBe('  … and 5 more');
  });
});
