/**
 * A small grammar of DynamoDB policies and requests for the diff properties: a few principals,
 * actions, resources and condition keys, with every operator family, set qualifiers, IfExists,
 * negated elements and keys AWS derives from the caller or resource, so that random policies and
 * random requests often meet. No policy variables: `diff` reports those as approximations.
 */
import fc from 'fast-check';
import type { RequestInput } from '../../src/index';

const A1 = '111122223333';
const A2 = '444455556666';
const FRESH = '777788889999';

const NAMED_PRINCIPALS = [
  A1,
  A2,
  `arn:aws:iam::${A1}:user/alice`,
  `arn:aws:iam::${A2}:user/bob`,
  `arn:aws:iam::${A1}:role/app`,
  `arn:aws:iam::${A1}:role/teams/ops`,
  `arn:aws:sts::${A1}:assumed-role/app/s1`,
] as const;

const ACTION_PATTERNS = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:Scan',
  'dynamodb:*',
  'dynamodb:Get*',
  'dynamodb:*Item',
  '*',
  's3:GetObject',
] as const;

const TABLE = `arn:aws:dynamodb:us-east-1:${A1}:table/Music`;
const RESOURCE_PATTERNS = [
  TABLE,
  `${TABLE}/index/ByArtist`,
  `${TABLE}/index/*`,
  `arn:aws:dynamodb:us-east-1:${A1}:table/Music*`,
  `arn:aws:dynamodb:us-east-1:${A2}:table/Other`,
  'arn:aws:dynamodb:*:*:table/*',
  `arn:aws:dynamodb:us-west-2:${A1}:table/Music`,
  '*',
] as const;

const oneOrMany = <T>(values: readonly T[]) =>
  fc.oneof(fc.constantFrom(...values), fc.subarray([...values], { minLength: 1, maxLength: 3 }));

const principalElement = fc.oneof(
  { weight: 1, arbitrary: fc.constant('*' as const) },
  { weight: 4, arbitrary: fc.record({ AWS: oneOrMany<string>([...NAMED_PRINCIPALS, '*']) }) },
  { weight: 1, arbitrary: fc.record({ Service: fc.constant('lambda.amazonaws.com') }) },
);

interface ConditionSpec {
  readonly op: string;
  readonly key: string;
  readonly values: readonly string[];
}

const valuesOf = (pool: readonly string[]) => fc.subarray([...pool], { minLength: 1, maxLength: 2 });
const STRING_POOL = ['a', 'ab', 'b*', '*b', 'A?', 'Music', 'ProductCatalog-', 'ProductCatalog-*'];

const conditionSpec: fc.Arbitrary<ConditionSpec> = fc.oneof(
  // The multivalued key, more often than the others: sets of its values are where set qualifiers differ.
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constantFrom(
        'ForAllValues:StringEquals',
        'ForAllValues:StringLike',
        'ForAnyValue:StringEquals',
        'ForAnyValue:StringLike',
        'ForAllValues:StringNotLike',
        'ForAnyValue:StringNotEquals',
        'StringEquals',
        'StringNotEquals',
      ),
      key: fc.constant('dynamodb:LeadingKeys'),
      values: valuesOf(STRING_POOL),
    }),
  },
  fc.record({
    op: fc.constantFrom('StringEquals', 'StringNotEquals', 'StringEqualsIfExists', 'StringLike', 'StringNotLikeIfExists'),
    key: fc.constant('aws:SourceVpce'),
    values: valuesOf(['vpce-1', 'vpce-*', 'vpce-2']),
  }),
  fc.record({
    op: fc.constantFrom('StringEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike'),
    key: fc.constant('aws:PrincipalTag/team'),
    values: valuesOf(STRING_POOL),
  }),
  fc.record({
    op: fc.constantFrom('IpAddress', 'NotIpAddress', 'IpAddressIfExists'),
    key: fc.constant('aws:SourceIp'),
    values: valuesOf(['192.0.2.0/24', '192.0.2.128/25', '2001:db8::/32', '203.0.113.7']),
  }),
  fc.record({
    op: fc.constantFrom('NumericLessThan', 'NumericGreaterThanEquals', 'NumericEquals', 'NumericNotEquals'),
    key: fc.constant('aws:MultiFactorAuthAge'),
    values: valuesOf(['10', '3600', '10.5']),
  }),
  fc.record({
    op: fc.constantFrom('DateLessThan', 'DateGreaterThan', 'DateEquals'),
    key: fc.constant('aws:CurrentTime'),
    values: valuesOf(['2024-01-01T00:00:00Z', '2025-06-01T12:00:00Z']),
  }),
  fc.record({
    op: fc.constantFrom('Bool', 'BoolIfExists'),
    key: fc.constant('aws:SecureTransport'),
    values: fc.constantFrom(['true'], ['false']),
  }),
  fc.record({
    op: fc.constant('Null'),
    key: fc.constantFrom('aws:SourceVpce', 'dynamodb:LeadingKeys', 'aws:SourceIp'),
    values: fc.constantFrom(['true'], ['false']),
  }),
  fc.record({
    op: fc.constantFrom('ArnLike', 'ArnNotLike', 'ArnEquals'),
    key: fc.constant('aws:SourceArn'),
    values: valuesOf([`arn:aws:lambda:*:${A1}:function:*`, `arn:aws:lambda:us-east-1:${A1}:function:f`, 'arn:aws:s3:::bucket*']),
  }),
  fc.record({
    op: fc.constantFrom('ArnLike', 'ArnNotEquals'),
    key: fc.constant('aws:PrincipalArn'),
    values: valuesOf([`arn:aws:iam::${A1}:*`, `arn:aws:iam::${A1}:role/app`, `arn:aws:iam::*:user/bob`]),
  }),
  fc.record({
    op: fc.constantFrom('StringEquals', 'StringNotEquals'),
    key: fc.constantFrom('aws:PrincipalAccount', 'aws:ResourceAccount'),
    values: valuesOf([A1, A2]),
  }),
  fc.record({
    op: fc.constantFrom('StringEquals', 'StringLike'),
    key: fc.constant('aws:RequestedRegion'),
    values: valuesOf(['us-east-1', 'us-*']),
  }),
  fc.record({
    op: fc.constantFrom('StringEquals', 'StringNotEquals'),
    key: fc.constant('aws:PrincipalType'),
    values: valuesOf(['AssumedRole', 'User', 'Account']),
  }),
);

function conditionBlock(specs: readonly ConditionSpec[]): Record<string, Record<string, string | string[]>> | undefined {
  if (specs.length === 0) return undefined;
  const block: Record<string, Record<string, string | string[]>> = {};
  for (const spec of specs) {
    const byKey = (block[spec.op] ??= {});
    if (Object.keys(byKey).some((k) => k.toLowerCase() === spec.key.toLowerCase())) continue;
    byKey[spec.key] = spec.values.length === 1 ? spec.values[0]! : [...spec.values];
  }
  return block;
}

export type Document = { Version: string; Statement: Record<string, unknown>[] };

export function statementArb(withPrincipal: boolean): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      Sid: fc.option(fc.constantFrom('A', 'B', 'C', 'D'), { nil: undefined }),
      Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
      principal: withPrincipal ? principalElement : fc.constant(undefined),
      notPrincipal: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
      action: oneOrMany<string>(ACTION_PATTERNS),
      notAction: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      resource: oneOrMany<string>(RESOURCE_PATTERNS),
      notResource: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      conditions: fc.array(conditionSpec, { maxLength: 3 }),
    })
    .map(({ Sid, Effect, principal, notPrincipal, action, notAction, resource, notResource, conditions }) => {
      const statement: Record<string, unknown> = {};
      if (Sid !== undefined) statement.Sid = Sid;
      statement.Effect = Effect;
      // NotPrincipal only with an explicit list (AWS rejects NotPrincipal "*").
      if (principal !== undefined)
        statement[notPrincipal && principal !== '*' && Effect === 'Deny' ? 'NotPrincipal' : 'Principal'] = principal;
      statement[notAction ? 'NotAction' : 'Action'] = action;
      statement[notResource ? 'NotResource' : 'Resource'] = resource;
      const block = conditionBlock(conditions);
      if (block) statement.Condition = block;
      return statement;
    });
}

export function policyArb(withPrincipal: boolean): fc.Arbitrary<Document> {
  return fc.array(statementArb(withPrincipal), { minLength: 1, maxLength: 4 }).map((Statement) => {
    // Sids are unique within a policy.
    const seen = new Set<string>();
    for (const s of Statement) {
      if (typeof s.Sid === 'string' && seen.has(s.Sid)) delete s.Sid;
      else if (typeof s.Sid === 'string') seen.add(s.Sid);
    }
    return { Version: '2012-10-17', Statement };
  });
}

/** A small edit of a policy: the kind of change a pull request makes. */
export function mutationArb(withPrincipal: boolean): fc.Arbitrary<(doc: Document) => Document> {
  const edit = (f: (s: Record<string, unknown>) => void) => (index: number) => (doc: Document) => {
    const copy = structuredClone(doc);
    const s = copy.Statement[index % copy.Statement.length]!;
    f(s);
    return copy;
  };
  return fc.oneof(
    fc.nat().map((i) => edit((s) => (s.Effect = s.Effect === 'Allow' ? 'Deny' : 'Allow'))(i)),
    fc.nat().map((i) => edit((s) => delete s.Condition)(i)),
    fc
      .tuple(fc.nat(), fc.constantFrom<string>(...ACTION_PATTERNS))
      .map(([i, a]) => edit((s) => (s[s.Action !== undefined ? 'Action' : 'NotAction'] = a))(i)),
    fc
      .tuple(fc.nat(), fc.constantFrom<string>(...RESOURCE_PATTERNS))
      .map(([i, r]) => edit((s) => (s[s.Resource !== undefined ? 'Resource' : 'NotResource'] = r))(i)),
    fc.tuple(fc.nat(), conditionSpec).map(([i, c]) => edit((s) => (s.Condition = conditionBlock([c])))(i)),
    ...(withPrincipal
      ? [
          fc
            .tuple(fc.nat(), fc.constantFrom<string>(...NAMED_PRINCIPALS, '*'))
            .map(([i, p]) => edit((s) => (s[s.Principal !== undefined ? 'Principal' : 'NotPrincipal'] = { AWS: p }))(i)),
        ]
      : []),
    fc.tuple(fc.nat(), statementArb(withPrincipal)).map(([i, extra]) => (doc: Document) => {
      const copy = structuredClone(doc);
      copy.Statement.splice(i % (copy.Statement.length + 1), 0, extra);
      return copy;
    }),
    fc.nat().map((i) => (doc: Document) => {
      const copy = structuredClone(doc);
      if (copy.Statement.length > 1) copy.Statement.splice(i % copy.Statement.length, 1);
      return copy;
    }),
  );
}

const REQUEST_PRINCIPALS = [
  ...NAMED_PRINCIPALS.filter((p) => p.startsWith('arn:')),
  `arn:aws:iam::${A1}:root`,
  A2,
  FRESH,
  `arn:aws:iam::${A1}:user/carol`,
  `arn:aws:iam::${FRESH}:user/alice`,
  `arn:aws:iam::${A2}:role/app`,
  `arn:aws:sts::${A1}:assumed-role/app/s2`,
  `arn:aws:sts::${A1}:assumed-role/other/s1`,
  '*',
  'lambda.amazonaws.com',
  's3.amazonaws.com',
] as const;

const REQUEST_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:Scan',
  'dynamodb:DeleteTable',
  'dynamodb:UpdateItem',
  'dynamodb:BatchGetItem',
  'dynamodb:ListTables',
  's3:GetObject',
] as const;

const REQUEST_RESOURCES = [
  TABLE,
  `${TABLE}/index/ByArtist`,
  `${TABLE}/index/ByTitle`,
  `arn:aws:dynamodb:us-east-1:${A1}:table/MusicArchive`,
  `arn:aws:dynamodb:us-east-1:${A2}:table/Other`,
  `arn:aws:dynamodb:us-east-1:${FRESH}:table/Music`,
  `arn:aws:dynamodb:us-west-2:${A1}:table/Music`,
  `arn:aws:dynamodb:eu-west-1:${A2}:table/Music`,
  '*',
] as const;

const stringValue = fc.oneof(
  fc.constantFrom('a', 'ab', 'abb', 'b', 'Ab', 'A1', 'Music', 'music', 'ProductCatalog-', 'ProductCatalog-7', ''),
  fc.string({ maxLength: 4 }),
);

/** Requests over the same vocabulary, with condition values near and far from the policies' values. */
export const requestArb: fc.Arbitrary<RequestInput> = fc
  .record({
    principal: fc.oneof(
      fc.constantFrom<string>(...REQUEST_PRINCIPALS),
      fc.constantFrom({ arn: `arn:aws:sts::${A1}:assumed-role/ops/s1`, rolePath: '/teams/' }),
    ),
    action: fc.constantFrom<string>(...REQUEST_ACTIONS),
    resource: fc.constantFrom<string>(...REQUEST_RESOURCES),
    context: fc.record(
      {
        'dynamodb:LeadingKeys': fc.oneof(
          fc.array(fc.constantFrom('a', 'ab', 'b', 'Ab', 'ProductCatalog-', 'ProductCatalog-7'), { minLength: 1, maxLength: 3 }),
          fc.array(stringValue, { maxLength: 3 }),
        ),
        'aws:SourceVpce': fc.oneof(fc.constantFrom('vpce-1', 'vpce-2', 'vpce-', 'vpce-12'), fc.string({ maxLength: 3 })),
        'aws:PrincipalTag/team': stringValue,
        'aws:SourceIp': fc.oneof(
          fc.constantFrom(
            '192.0.2.0',
            '192.0.2.127',
            '192.0.2.128',
            '192.0.2.255',
            '192.0.3.0',
            '192.0.1.255',
            '203.0.113.7',
            '2001:db8::1',
            '2001:db9::1',
          ),
          fc.ipV4(),
        ),
        // Typed global keys take only values of their type: the evaluator refuses others as bad input.
        'aws:MultiFactorAuthAge': fc.oneof(
          fc.constantFrom('9', '10', '10.5', '11', '3600', '3601'),
          fc.integer({ min: -5, max: 5000 }).map(String),
        ),
        'aws:CurrentTime': fc.oneof(
          fc.constantFrom('2023-12-31T23:59:59Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:01Z', '2025-06-01T12:00:00Z'),
          fc
            .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true })
            .map((d) => d.toISOString()),
        ),
        'aws:SecureTransport': fc.constantFrom('true', 'false'),
        'aws:SourceArn': fc.constantFrom(
          `arn:aws:lambda:us-east-1:${A1}:function:f`,
          `arn:aws:lambda:eu-west-1:${A1}:function:g`,
          `arn:aws:lambda:us-east-1:${A2}:function:f`,
          'arn:aws:s3:::bucket1',
          'not-an-arn',
        ),
      },
      { requiredKeys: [] },
    ),
  })
  .map(({ principal, action, resource, context }) => ({ principal, action, resource, context }));

/**
 * Policies whose statements differ only in their conditions on one multivalued key, and requests
 * that differ only in that key's values: the dimension where sets of values behave differently from
 * any single value (ForAnyValue in one statement, ForAllValues in another).
 */
export function keyOnlyPolicyArb(withPrincipal: boolean): fc.Arbitrary<Document> {
  const statement = fc
    .record({
      Effect: fc.constantFrom('Allow', 'Deny'),
      conditions: fc.array(
        fc.record({
          op: fc.constantFrom(
            'ForAllValues:StringEquals',
            'ForAllValues:StringLike',
            'ForAnyValue:StringEquals',
            'ForAnyValue:StringLike',
            'ForAllValues:StringNotEquals',
            'ForAnyValue:StringNotLike',
            'StringEquals',
            'StringNotLike',
            'ForAllValues:StringEqualsIfExists',
          ),
          key: fc.constant('dynamodb:LeadingKeys'),
          values: fc.subarray(['a', 'ab', 'b', 'a*', '*b', 'c'], { minLength: 1, maxLength: 3 }),
        }),
        { minLength: 1, maxLength: 2 },
      ),
    })
    .map(({ Effect, conditions }) => ({
      Effect,
      ...(withPrincipal ? { Principal: { AWS: `arn:aws:iam::${A1}:user/alice` } } : {}),
      Action: 'dynamodb:Query',
      Resource: TABLE,
      Condition: conditionBlock(conditions),
    }));
  return fc.array(statement, { minLength: 1, maxLength: 4 }).map((Statement) => ({ Version: '2012-10-17', Statement }));
}

export const keyOnlyRequestArb: fc.Arbitrary<RequestInput> = fc
  .option(fc.array(fc.constantFrom('a', 'ab', 'b', 'abb', 'c', 'x'), { maxLength: 4 }), { nil: undefined })
  .map((keys) => ({
    principal: `arn:aws:iam::${A1}:user/alice`,
    action: 'dynamodb:Query',
    resource: TABLE,
    context: keys === undefined ? {} : { 'dynamodb:LeadingKeys': keys },
  }));
