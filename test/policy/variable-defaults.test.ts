import { describe, expect, it } from 'vitest';
import { evaluate, loadPolicy, PolicyError } from '../../src/index';

// Source: IAM User Guide, "IAM policy elements: Variables and tags"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html), section
// "Specifying default values": the key, a comma and a space, then the default in single quotes,
// used when the key has no value. Variables are read in Resource/NotResource (after the fifth
// colon) and in String and ARN condition values; multivalued keys are never substituted.

const ACCOUNT = '111122223333';
const tableArn = (name: string) => `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${name}`;
const USER = `arn:aws:iam::${ACCOUNT}:user/alice`;

const policyWith = (statement: object) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', ...statement }],
});

function decision(
  policy: object,
  resource: string,
  tags: Record<string, string> = {},
  context: Record<string, string | string[]> = {},
): string {
  return evaluate({ principal: { arn: USER, tags }, action: 'dynamodb:GetItem', resource, context }, { identityPolicies: [policy] })
    .decision;
}

describe('a default value in Resource: "${aws:PrincipalTag/team, \'shared\'}"', () => {
  const policy = policyWith({ Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/\${aws:PrincipalTag/team, 'shared'}` });
  it('loads: only the text outside ${...} must be an ARN, so the space of the default is fine', () => {
    expect(() => loadPolicy(policy)).not.toThrow();
  });
  const cases: [string, Record<string, string>, string, string][] = [
    ['an untagged caller gets the default', {}, 'shared', 'Allow'],
    ['an untagged caller gets nothing else', {}, 'red', 'ImplicitDeny'],
    ['a tagged caller gets its team', { team: 'red' }, 'red', 'Allow'],
    ['a tagged caller does not get the default', { team: 'red' }, 'shared', 'ImplicitDeny'],
  ];
  for (const [name, tags, table, expected] of cases) {
    it(`${name} (table/${table}) → ${expected}`, () => {
      expect(decision(policy, tableArn(table), tags)).toBe(expected);
    });
  }
  it('a default may itself hold a space; it is compared literally', () => {
    const spaced = policyWith({ Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/\${aws:PrincipalTag/team, 'a b'}` });
    expect(() => loadPolicy(spaced)).not.toThrow();
    expect(decision(spaced, tableArn('red'), { team: 'red' })).toBe('Allow');
  });
});

describe('defaults in NotResource and in condition values alike', () => {
  it('NotResource: the default names the one table left out', () => {
    const policy = policyWith({ NotResource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/\${aws:PrincipalTag/team, 'shared'}` });
    expect(decision(policy, tableArn('shared'))).toBe('ImplicitDeny');
    expect(decision(policy, tableArn('other'))).toBe('Allow');
  });
  it('StringEquals: the default is used when the key is absent', () => {
    const policy = policyWith({
      Resource: '*',
      Condition: { StringEquals: { 'aws:ResourceTag/team': "${aws:PrincipalTag/team, 'company-wide'}" } },
    });
    expect(decision(policy, tableArn('T'), {}, { 'aws:ResourceTag/team': 'company-wide' })).toBe('Allow');
    expect(decision(policy, tableArn('T'), { team: 'red' }, { 'aws:ResourceTag/team': 'company-wide' })).toBe('ImplicitDeny');
  });
  it('ArnLike: the comma and space of a default are fine in an ARN value, like Resource', () => {
    const policy = policyWith({
      Resource: '*',
      Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${ACCOUNT}:\${aws:PrincipalTag/topic, 'team-topic'}` } },
    });
    expect(decision(policy, tableArn('T'), {}, { 'aws:SourceArn': `arn:aws:sns:us-east-1:${ACCOUNT}:team-topic` })).toBe('Allow');
    expect(decision(policy, tableArn('T'), { topic: 'mine' }, { 'aws:SourceArn': `arn:aws:sns:us-east-1:${ACCOUNT}:mine` })).toBe('Allow');
    expect(decision(policy, tableArn('T'), { topic: 'mine' }, { 'aws:SourceArn': `arn:aws:sns:us-east-1:${ACCOUNT}:team-topic` })).toBe(
      'ImplicitDeny',
    );
  });
  it('ArnEquals: a variable whose key holds a colon may stand in any component of a condition value', () => {
    const policy = policyWith({
      Resource: '*',
      Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:sns:\${aws:RequestedRegion}:${ACCOUNT}:topic` } },
    });
    expect(
      decision(
        policy,
        tableArn('T'),
        {},
        { 'aws:RequestedRegion': 'eu-west-1', 'aws:SourceArn': `arn:aws:sns:eu-west-1:${ACCOUNT}:topic` },
      ),
    ).toBe('Allow');
    expect(
      decision(
        policy,
        tableArn('T'),
        {},
        { 'aws:RequestedRegion': 'eu-west-1', 'aws:SourceArn': `arn:aws:sns:us-east-1:${ACCOUNT}:topic` },
      ),
    ).toBe('ImplicitDeny');
  });
  it('a multivalued key is never substituted, even with one value: the default stands', () => {
    const policy = policyWith({ Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/\${dynamodb:LeadingKeys, 'none'}` });
    expect(decision(policy, tableArn('x'), {}, { 'dynamodb:LeadingKeys': ['x'] })).toBe('ImplicitDeny');
    expect(decision(policy, tableArn('none'), {}, { 'dynamodb:LeadingKeys': ['x'] })).toBe('Allow');
  });
});

describe('what is still rejected, and the escapes', () => {
  const rejects = (statement: object, pattern: RegExp) => {
    let error: unknown;
    try {
      loadPolicy(policyWith(statement));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as Error).message).toMatch(pattern);
  };
  it('whitespace outside ${...} is still not an ARN', () => {
    rejects({ Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/my table/\${aws:username}` }, /contains no spaces/);
  });
  it('a default not in single quotes is an error', () => {
    rejects({ Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/\${aws:PrincipalTag/team, shared}` }, /single quotes/);
  });
  it('a variable before the fifth colon of Resource is an error', () => {
    rejects({ Resource: `arn:aws:dynamodb:\${aws:RequestedRegion}:${ACCOUNT}:table/T` }, /only in the resource part/);
  });
  it('Principal takes no variables: the error says so rather than "no spaces"', () => {
    let error: unknown;
    try {
      loadPolicy({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/\${aws:PrincipalTag/team, 'shared'}` },
            Action: 'dynamodb:GetItem',
            Resource: tableArn('T'),
          },
        ],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as Error).message).toMatch(/policy variables are not allowed in Principal/);
  });
  it('${$} in Resource is a literal character next to a default', () => {
    const policy = policyWith({ Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/\${aws:PrincipalTag/team, 'shared'}-\${$}` });
    expect(() => loadPolicy(policy)).not.toThrow();
    expect(decision(policy, tableArn('shared-$'))).toBe('Allow');
    expect(decision(policy, tableArn('shared-x'))).toBe('ImplicitDeny');
  });
  it('${*} and ${?} next to a default are literal in StringLike; the default is literal too', () => {
    const policy = policyWith({
      Resource: '*',
      Condition: { StringLike: { 'aws:ResourceTag/x': "${aws:PrincipalTag/team, 'a*'}${*}${?}" } },
    });
    expect(decision(policy, tableArn('T'), {}, { 'aws:ResourceTag/x': 'a**?' })).toBe('Allow');
    expect(decision(policy, tableArn('T'), {}, { 'aws:ResourceTag/x': 'abc*?' })).toBe('ImplicitDeny');
    expect(decision(policy, tableArn('T'), {}, { 'aws:ResourceTag/x': 'a**x' })).toBe('ImplicitDeny');
  });
});
