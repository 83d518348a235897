/**
 * fast-check generators of policies and requests from a small grammar: few enough values that
 * random statements and requests often meet, all of the operator families, set qualifiers and
 * IfExists, so that properties exercise matches as well as misses.
 */
import fc from 'fast-check';

export const ACCOUNTS = ['111122223333', '444455556666'] as const;
export const PRINCIPALS = [
  'arn:aws:iam::111122223333:user/alice',
  'arn:aws:iam::444455556666:user/bob',
  'arn:aws:sts::111122223333:assumed-role/app/s1',
  'arn:aws:iam::111122223333:root',
] as const;
export const ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:Scan'] as const;
export const TABLES = [
  'arn:aws:dynamodb:us-east-1:111122223333:table/Music',
  'arn:aws:dynamodb:us-east-1:111122223333:table/Music/index/ByArtist',
  'arn:aws:dynamodb:us-east-1:444455556666:table/Other',
] as const;

const principalElement = fc.oneof(
  fc.constant('*'),
  fc.record({
    AWS: fc.oneof(
      fc.constantFrom(...ACCOUNTS, ...PRINCIPALS, 'arn:aws:iam::111122223333:role/app', '*'),
      fc.subarray([...ACCOUNTS, ...PRINCIPALS], { minLength: 1 }),
    ),
  }),
);
const actionElement = fc.oneof(
  fc.constantFrom(...ACTIONS, 'dynamodb:*', 'dynamodb:Get*', '*'),
  fc.subarray([...ACTIONS], { minLength: 1 }),
);
const resourceElement = fc.oneof(
  fc.constantFrom(
    ...TABLES,
    '*',
    'arn:aws:dynamodb:us-east-1:111122223333:table/Music*',
    'arn:aws:dynamodb:*:*:table/${aws:PrincipalTag/team}',
  ),
  fc.subarray([...TABLES], { minLength: 1 }),
);

const condition = fc.oneof(
  fc.record({
    op: fc.constantFrom(
      'StringEquals',
      'StringNotEquals',
      'StringLike',
      'StringEqualsIfExists',
      'ForAllValues:StringLike',
      'ForAnyValue:StringEquals',
      'ForAllValues:StringNotLike',
    ),
    key: fc.constantFrom('dynamodb:LeadingKeys', 'aws:PrincipalTag/team', 'aws:SourceVpce'),
    value: fc.constantFrom('a', 'b*', 'vpce-1', '${aws:username}', '${aws:PrincipalTag/team}'),
  }),
  fc.record({
    op: fc.constantFrom('IpAddress', 'NotIpAddress', 'IpAddressIfExists'),
    key: fc.constant('aws:SourceIp'),
    value: fc.constantFrom('192.0.2.0/24', '2001:db8::/32'),
  }),
  fc.record({
    op: fc.constantFrom('NumericLessThan', 'NumericGreaterThanEquals'),
    key: fc.constant('aws:MultiFactorAuthAge'),
    value: fc.constantFrom('10', '3600'),
  }),
  fc.record({
    op: fc.constantFrom('Bool', 'BoolIfExists'),
    key: fc.constant('aws:SecureTransport'),
    value: fc.constantFrom('true', 'false'),
  }),
  fc.record({
    op: fc.constant('Null'),
    key: fc.constantFrom('aws:SourceVpce', 'dynamodb:LeadingKeys'),
    value: fc.constantFrom('true', 'false'),
  }),
  fc.record({
    op: fc.constantFrom('ArnLike', 'ArnNotEquals'),
    key: fc.constant('aws:PrincipalArn'),
    value: fc.constantFrom('arn:aws:iam::111122223333:*', 'arn:aws:iam::111122223333:role/app'),
  }),
);

function conditionBlock(list: { op: string; key: string; value: string }[]): Record<string, Record<string, string>> | undefined {
  if (list.length === 0) return undefined;
  const block: Record<string, Record<string, string>> = {};
  for (const c of list) (block[c.op] ??= {})[c.key] = c.value;
  return block;
}

export function statementArb(withPrincipal: boolean, effect?: 'Allow' | 'Deny') {
  return fc
    .record({
      Effect: effect ? fc.constant(effect) : fc.constantFrom('Allow', 'Deny'),
      Principal: withPrincipal ? principalElement : fc.constant(undefined),
      Action: actionElement,
      Resource: resourceElement,
      conditions: fc.array(condition, { maxLength: 2 }),
    })
    .map(({ conditions, Principal, ...rest }) => {
      const statement: Record<string, unknown> = { ...rest };
      if (Principal !== undefined) statement.Principal = Principal;
      const block = conditionBlock(conditions);
      if (block) statement.Condition = block;
      return statement;
    });
}

export function policyArb(withPrincipal: boolean) {
  return fc.array(statementArb(withPrincipal), { minLength: 1, maxLength: 4 }).map((Statement) => ({ Version: '2012-10-17', Statement }));
}

export const policySetArb = fc.record({
  identityPolicies: fc.array(policyArb(false), { maxLength: 2 }),
  resourcePolicy: fc.option(policyArb(true), { nil: undefined }),
});

export const requestArb = fc.record({
  principal: fc.oneof(
    fc.constantFrom(...PRINCIPALS),
    fc.record({ arn: fc.constantFrom(...PRINCIPALS), tags: fc.constantFrom({}, { team: 'a' }, { team: 'Music' }) }),
  ),
  action: fc.constantFrom(...ACTIONS, 'dynamodb:DeleteTable'),
  resource: fc.constantFrom(...TABLES),
  context: fc.record(
    {
      'dynamodb:LeadingKeys': fc.array(fc.constantFrom('a', 'bob', 'b1', ''), { maxLength: 3 }),
      'aws:SourceVpce': fc.constantFrom('vpce-1', 'vpce-2'),
      'aws:SourceIp': fc.constantFrom('192.0.2.7', '198.51.100.1', '2001:db8::1'),
      'aws:MultiFactorAuthAge': fc.oneof(fc.constantFrom('5', '3600', '99999'), fc.integer({ min: 0 }).map(String)),
      'aws:SecureTransport': fc.constantFrom('true', 'false', 'TRUE'),
    },
    { requiredKeys: [] },
  ),
});
