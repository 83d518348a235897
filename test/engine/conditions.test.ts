import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index';
import { allowWhen, allows } from '../support/engine';

// Each row cites the rule it checks. Sources:
//  OPS  = IAM User Guide, "IAM JSON policy elements: Condition operators"
//  MV   = IAM User Guide, "Multivalued context keys" / "Single-valued vs. multivalued context keys"
//  VARS = IAM User Guide, "IAM policy elements: Variables and tags"
type Row = [rule: string, condition: object, context: Record<string, unknown>, allowed: boolean];

const stringRows: Row[] = [
  [
    'OPS StringEquals: exact, case-sensitive',
    { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
    { 'aws:PrincipalTag/team': 'blue' },
    true,
  ],
  [
    'OPS StringEquals: case matters in values',
    { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
    { 'aws:PrincipalTag/team': 'Blue' },
    false,
  ],
  [
    'OPS StringEquals: * is a literal character',
    { StringEquals: { 'aws:PrincipalTag/team': 'b*' } },
    { 'aws:PrincipalTag/team': 'blue' },
    false,
  ],
  [
    'OPS StringEquals: several values are ORed',
    { StringEquals: { 'aws:PrincipalTag/team': ['red', 'blue'] } },
    { 'aws:PrincipalTag/team': 'blue' },
    true,
  ],
  ['OPS key names are case-insensitive', { StringEquals: { 'AWS:PRINCIPALTAG/TEAM': 'blue' } }, { 'aws:PrincipalTag/team': 'blue' }, true],
  [
    'OPS StringNotEquals: no value may match',
    { StringNotEquals: { 'aws:PrincipalTag/team': ['red', 'blue'] } },
    { 'aws:PrincipalTag/team': 'blue' },
    false,
  ],
  [
    'OPS StringNotEquals: true when none matches',
    { StringNotEquals: { 'aws:PrincipalTag/team': ['red', 'blue'] } },
    { 'aws:PrincipalTag/team': 'green' },
    true,
  ],
  [
    'OPS StringEqualsIgnoreCase',
    { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'BLUE' } },
    { 'aws:PrincipalTag/team': 'blue' },
    true,
  ],
  [
    'OPS StringNotEqualsIgnoreCase',
    { StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'BLUE' } },
    { 'aws:PrincipalTag/team': 'blue' },
    false,
  ],
  ['OPS StringLike: * spans any run', { StringLike: { 'aws:PrincipalTag/team': 'bl*' } }, { 'aws:PrincipalTag/team': 'blue' }, true],
  ['OPS StringLike: ? is one character', { StringLike: { 'aws:PrincipalTag/team': 'bl?e' } }, { 'aws:PrincipalTag/team': 'blue' }, true],
  [
    'OPS StringLike: no implicit prefix match',
    { StringLike: { 'aws:PrincipalTag/team': 'bl' } },
    { 'aws:PrincipalTag/team': 'blue' },
    false,
  ],
  ['OPS StringNotLike', { StringNotLike: { 'aws:PrincipalTag/team': 'bl*' } }, { 'aws:PrincipalTag/team': 'blue' }, false],
  ['OPS missing key: positive operator is false', { StringEquals: { 'aws:PrincipalTag/team': 'blue' } }, {}, false],
  ['OPS missing key: negated operator is true', { StringNotEquals: { 'aws:PrincipalTag/team': 'blue' } }, {}, true],
  [
    'OPS several keys in one operator are ANDed',
    { StringEquals: { 'aws:PrincipalTag/team': 'blue', 'aws:PrincipalTag/env': 'prod' } },
    { 'aws:PrincipalTag/team': 'blue', 'aws:PrincipalTag/env': 'dev' },
    false,
  ],
  [
    'OPS several operators are ANDed',
    { StringEquals: { 'aws:PrincipalTag/team': 'blue' }, Bool: { 'aws:SecureTransport': 'true' } },
    { 'aws:PrincipalTag/team': 'blue', 'aws:SecureTransport': 'false' },
    false,
  ],
  [
    'OPS empty value list: a plain positive condition matches nothing',
    { StringEquals: { 'aws:PrincipalTag/team': [] } },
    { 'aws:PrincipalTag/team': 'blue' },
    false,
  ],
];

const numericDateBoolRows: Row[] = [
  ['OPS NumericEquals', { NumericEquals: { 'aws:MultiFactorAuthAge': '3600' } }, { 'aws:MultiFactorAuthAge': '3600' }, true],
  [
    'OPS NumericEquals compares numbers, not text',
    { NumericEquals: { 'aws:MultiFactorAuthAge': '10' } },
    { 'aws:MultiFactorAuthAge': '10.0' },
    true,
  ],
  ['OPS NumericNotEquals', { NumericNotEquals: { 'aws:MultiFactorAuthAge': '10' } }, { 'aws:MultiFactorAuthAge': '11' }, true],
  ['OPS NumericLessThan', { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }, { 'aws:MultiFactorAuthAge': '3600' }, false],
  [
    'OPS NumericLessThanEquals',
    { NumericLessThanEquals: { 'aws:MultiFactorAuthAge': '3600' } },
    { 'aws:MultiFactorAuthAge': '3600' },
    true,
  ],
  ['OPS NumericGreaterThan', { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '3600' } }, { 'aws:MultiFactorAuthAge': '3601' }, true],
  [
    'OPS NumericGreaterThanEquals',
    { NumericGreaterThanEquals: { 'aws:MultiFactorAuthAge': '3600' } },
    { 'aws:MultiFactorAuthAge': '3599' },
    false,
  ],
  [
    'OPS DateEquals with an ISO date',
    { DateEquals: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } },
    { 'aws:CurrentTime': '2024-01-01T00:00:00Z' },
    true,
  ],
  [
    'OPS DateNotEquals',
    { DateNotEquals: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } },
    { 'aws:CurrentTime': '2024-01-02T00:00:00Z' },
    true,
  ],
  [
    'OPS DateLessThan',
    { DateLessThan: { 'aws:CurrentTime': '2024-06-30T23:59:59Z' } },
    { 'aws:CurrentTime': '2024-06-01T12:00:00Z' },
    true,
  ],
  [
    'OPS DateLessThanEquals',
    { DateLessThanEquals: { 'aws:CurrentTime': '2024-06-30T00:00:00Z' } },
    { 'aws:CurrentTime': '2024-06-30T00:00:00Z' },
    true,
  ],
  [
    'OPS DateGreaterThan with a time zone offset',
    { DateGreaterThan: { 'aws:CurrentTime': '2024-06-01T12:00:00+02:00' } },
    { 'aws:CurrentTime': '2024-06-01T10:30:00Z' },
    true,
  ],
  [
    'OPS DateGreaterThanEquals',
    { DateGreaterThanEquals: { 'aws:CurrentTime': '2024-06-01T00:00:00Z' } },
    { 'aws:CurrentTime': '2024-05-31T23:59:59Z' },
    false,
  ],
  ['OPS Date values may be epoch seconds', { DateGreaterThan: { 'aws:EpochTime': '1700000000' } }, { 'aws:EpochTime': '1700000001' }, true],
  ['OPS Bool true', { Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'true' }, true],
  ['OPS Bool false', { Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'false' }, false],
  ['OPS Bool accepts JSON booleans', { Bool: { 'aws:SecureTransport': true } }, { 'aws:SecureTransport': true }, true],
  ['OPS Bool with a missing key is false (the MFA trap)', { Bool: { 'aws:MultiFactorAuthPresent': 'false' } }, {}, false],
  [
    'OPS BinaryEquals compares base64',
    { BinaryEquals: { 'custom:blob': 'QmluYXJ5VmFsdWU=' } },
    { 'custom:blob': 'QmluYXJ5VmFsdWU=' },
    true,
  ],
];

const ipArnNullRows: Row[] = [
  ['OPS IpAddress with an IPv4 range', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.7' }, true],
  ['OPS IpAddress outside the range', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.114.7' }, false],
  [
    'OPS IpAddress with an IPv6 range',
    { IpAddress: { 'aws:SourceIp': '2001:DB8:1234:5678::/64' } },
    { 'aws:SourceIp': '2001:db8:1234:5678::1' },
    true,
  ],
  [
    'OPS IpAddress mixes IPv4 and IPv6 values',
    { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8::/32'] } },
    { 'aws:SourceIp': '2001:db8::9' },
    true,
  ],
  ['OPS a bare address is /32', { IpAddress: { 'aws:SourceIp': '203.0.113.5' } }, { 'aws:SourceIp': '203.0.113.6' }, false],
  ['OPS NotIpAddress', { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '198.51.100.1' }, true],
  [
    'OPS NotIpAddress with the key absent (behind a VPC endpoint) is true',
    { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
    {},
    true,
  ],
  [
    'OPS ArnEquals',
    { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111122223333:topic' } },
    { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111122223333:topic' },
    true,
  ],
  [
    'OPS ArnLike with a wildcard in one component',
    { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:111122223333:*' } },
    { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:111122223333:topic' },
    true,
  ],
  [
    'OPS ArnLike: a * in the region cannot absorb the colons of other components',
    { ArnLike: { 'aws:SourceArn': 'arn:aws:someservice:*:111122223333:finance/*' } },
    { 'aws:SourceArn': 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt' },
    false,
  ],
  [
    'OPS StringLike: the same pattern does match as a string',
    { StringLike: { 'aws:SourceArn': 'arn:aws:someservice:*:111122223333:finance/*' } },
    { 'aws:SourceArn': 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt' },
    true,
  ],
  ['OPS ArnNotEquals', { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/bob' } }, {}, true],
  [
    'OPS ArnNotLike',
    { ArnNotLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } },
    { 'aws:SourceArn': 'arn:aws:sqs:us-east-1:111122223333:q' },
    true,
  ],
  ['OPS Null true: the key is absent', { Null: { 'aws:TokenIssueTime': 'true' } }, {}, true],
  [
    'OPS Null true with the key present',
    { Null: { 'aws:TokenIssueTime': 'true' } },
    { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' },
    false,
  ],
  [
    'OPS Null false: the key is present',
    { Null: { 'aws:TokenIssueTime': 'false' } },
    { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' },
    true,
  ],
];

// MV truth table: K absent / K present and empty / K present with values.
const setRows: Row[] = [
  ['OPS IfExists: an absent key makes the condition true', { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } }, {}, true],
  [
    'OPS IfExists: a present key compares normally',
    { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } },
    { 'aws:SourceVpce': 'vpce-2' },
    false,
  ],
  ['OPS NotIfExists: absent is true', { StringNotEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } }, {}, true],
  ['MV ForAllValues: absent key is true', { 'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['a', 'b'] } }, {}, true],
  [
    'MV ForAllValues: empty set is true',
    { 'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['a', 'b'] } },
    { 'dynamodb:Attributes': [] },
    true,
  ],
  [
    'MV ForAllValues: every value must match',
    { 'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['a', 'b'] } },
    { 'dynamodb:Attributes': ['a', 'c'] },
    false,
  ],
  [
    'MV ForAllValues: a subset matches',
    { 'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['a', 'b'] } },
    { 'dynamodb:Attributes': ['b'] },
    true,
  ],
  ['MV ForAnyValue: absent key is false', { 'ForAnyValue:StringEquals': { 'dynamodb:Attributes': ['a'] } }, {}, false],
  [
    'MV ForAnyValue: empty set is false',
    { 'ForAnyValue:StringEquals': { 'dynamodb:Attributes': ['a'] } },
    { 'dynamodb:Attributes': [] },
    false,
  ],
  [
    'MV ForAnyValue: one value suffices',
    { 'ForAnyValue:StringEquals': { 'dynamodb:Attributes': ['a'] } },
    { 'dynamodb:Attributes': ['z', 'a'] },
    true,
  ],
  [
    'MV ForAllValues:StringNotLike: no value may match the pattern',
    { 'ForAllValues:StringNotLike': { 'dynamodb:Attributes': 'key1*' } },
    { 'dynamodb:Attributes': ['a', 'key1x'] },
    false,
  ],
  [
    'MV ForAnyValue:StringNotEquals: some value is none of the listed',
    { 'ForAnyValue:StringNotEquals': { 'dynamodb:Attributes': ['a', 'b'] } },
    { 'dynamodb:Attributes': ['a', 'c'] },
    true,
  ],
  [
    'MV ForAllValues on a single-valued key that is absent is true (the trap)',
    { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-123' } },
    {},
    true,
  ],
  [
    'MV ForAllValues:StringLike on LeadingKeys with a prefix',
    { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': 'ProductCatalog-*' } },
    { 'dynamodb:LeadingKeys': ['ProductCatalog-42'] },
    true,
  ],
  [
    'MV ForAllValues:StringEquals on LeadingKeys is exact (example 3)',
    { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': 'ProductCatalog-' } },
    { 'dynamodb:LeadingKeys': ['ProductCatalog-42'] },
    false,
  ],
  [
    'MV set qualifier with IfExists: absent is true for ForAnyValue too',
    { 'ForAnyValue:StringEqualsIfExists': { 'dynamodb:Attributes': 'a' } },
    {},
    true,
  ],
  [
    'MV Null under ForAnyValue still asks about presence',
    { 'ForAnyValue:Null': { 'dynamodb:Attributes': 'false' } },
    { 'dynamodb:Attributes': ['a'] },
    true,
  ],
  [
    'MV ForAllValues: empty policy list with an absent key is true',
    { 'ForAllValues:StringEquals': { 'dynamodb:Attributes': [] } },
    {},
    true,
  ],
  [
    'MV ForAnyValue: empty policy list is never true',
    { 'ForAnyValue:StringEquals': { 'dynamodb:Attributes': [] } },
    { 'dynamodb:Attributes': ['a'] },
    false,
  ],
];

const variableRows: Row[] = [
  [
    'VARS ${aws:username} resolves to the IAM user name',
    { StringEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } },
    { 'aws:PrincipalTag/owner': 'alice' },
    true,
  ],
  [
    'VARS tag variables',
    { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } },
    { 'aws:PrincipalTag/team': 'blue', 'aws:ResourceTag/team': 'blue' },
    true,
  ],
  [
    'VARS a missing key without default: positive operator does not match',
    { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } },
    { 'aws:ResourceTag/team': 'blue' },
    false,
  ],
  [
    'VARS a missing key without default: negated operator matches',
    { StringNotEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } },
    { 'aws:ResourceTag/team': 'blue' },
    true,
  ],
  [
    'VARS default value when the key is missing',
    { StringEquals: { 'aws:ResourceTag/team': "${aws:PrincipalTag/team, 'company-wide'}" } },
    { 'aws:ResourceTag/team': 'company-wide' },
    true,
  ],
  ['VARS ${*} is a literal * in StringLike', { StringLike: { 'aws:PrincipalTag/x': 'a${*}' } }, { 'aws:PrincipalTag/x': 'ab' }, false],
  ['VARS ${*} matches a literal *', { StringLike: { 'aws:PrincipalTag/x': 'a${*}' } }, { 'aws:PrincipalTag/x': 'a*' }, true],
  ['VARS ${?} and ${$} are literals', { StringEquals: { 'aws:PrincipalTag/x': '${?}${$}' } }, { 'aws:PrincipalTag/x': '?$' }, true],
  [
    'VARS substituted text is literal, not a wildcard',
    { StringLike: { 'aws:PrincipalTag/x': '${aws:PrincipalTag/pattern}' } },
    { 'aws:PrincipalTag/pattern': 'a*', 'aws:PrincipalTag/x': 'abc' },
    false,
  ],
  [
    'VARS web identity key',
    { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': '${www.amazon.com:user_id}' } },
    { 'www.amazon.com:user_id': 'amzn1.account.A1', 'dynamodb:LeadingKeys': ['amzn1.account.A1'] },
    true,
  ],
  [
    'VARS in ArnLike values',
    { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:${aws:username}-*' } },
    { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111122223333:alice-topic' },
    true,
  ],
];

describe.each([
  ['String operators', stringRows],
  ['Numeric, Date, Bool and Binary operators', numericDateBoolRows],
  ['IP, ARN and Null operators', ipArnNullRows],
  ['IfExists and the set qualifiers', setRows],
  ['policy variables', variableRows],
])('%s', (_family, rows) => {
  it.each(rows)('%s', (_rule, condition, context, expected) => {
    expect(allows(allowWhen(condition), context as never)).toBe(expected);
  });
});

describe('policy language versions (VARS: variables need Version 2012-10-17)', () => {
  it('2008-10-17 compares ${aws:username} as literal text', () => {
    const policy = allowWhen({ StringEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } }, '2008-10-17');
    expect(allows(policy, { 'aws:PrincipalTag/owner': 'alice' })).toBe(false);
    expect(allows(policy, { 'aws:PrincipalTag/owner': '${aws:username}' })).toBe(true);
  });

  it('variables in Resource resolve in 2012-10-17', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/${aws:username}-*' },
      ],
    };
    const decision = (table: string) => allowsOn(policy, `arn:aws:dynamodb:us-east-1:111122223333:table/${table}`);
    expect(decision('alice-data')).toBe(true);
    expect(decision('bob-data')).toBe(false);
  });
});

function allowsOn(policy: object, resource: string): boolean {
  return (
    evaluate({ principal: 'arn:aws:iam::111122223333:user/alice', action: 'dynamodb:GetItem', resource }, { identityPolicies: [policy] })
      .decision === 'Allow'
  );
}
