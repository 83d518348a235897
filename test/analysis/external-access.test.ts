import { describe, expect, it } from 'vitest';
import { findExternalAccess } from '../../src/checks/index';
import { PolicyError } from '../../src/policy/errors';

const OWNER = '222222222222';
const TABLE = `arn:aws:dynamodb:us-east-1:${OWNER}:table/rbac-central-table`;
const ORG = 'o-a1b2c3d4e5';

function policy(...statements: object[]): object {
  return { Version: '2012-10-17', Statement: statements };
}

function allow(principal: unknown, extra: object = {}): object {
  return { Sid: 'Grant', Effect: 'Allow', Principal: principal, Action: 'dynamodb:GetItem', Resource: TABLE, ...extra };
}

describe('who is external', () => {
  it.each([
    ['another account', { AWS: '111122223333' }, 'account', '111122223333'],
    ['its root ARN', { AWS: 'arn:aws:iam::111122223333:root' }, 'account', '111122223333'],
    ['a user of another account', { AWS: 'arn:aws:iam::111122223333:user/alfa' }, 'user', '111122223333'],
    ['a role of another account', { AWS: 'arn:aws:iam::111122223333:role/AlfaLambda' }, 'role', '111122223333'],
    ['a session of another account', { AWS: 'arn:aws:sts::111122223333:assumed-role/AlfaLambda/run-1' }, 'session', '111122223333'],
    ['a federated user of another account', { AWS: 'arn:aws:sts::111122223333:federated-user/bob' }, 'federated-user', '111122223333'],
    ['a unique id, whose account the policy does not tell', { AWS: 'AROAJQABLZS4A3QDU576Q' }, 'unique-id', undefined],
  ])('%s', (_name, principal, kind, account) => {
    const [grant, ...more] = findExternalAccess(policy(allow(principal)), { owner: OWNER });
    expect(more).toEqual([]);
    expect(grant).toMatchObject({
      statement: { label: 'Grant' },
      principalKind: kind,
      account,
      actions: ['dynamodb:GetItem'],
      resources: [TABLE],
      conditions: [],
      isPublic: false,
    });
  });

  it.each([
    ['the owner account', { AWS: OWNER }],
    ['a role of the owner', { AWS: `arn:aws:iam::${OWNER}:role/App` }],
    ['a service principal', { Service: 'redshift.amazonaws.com' }],
  ])('%s is not external', (_name, principal) => {
    expect(findExternalAccess(policy(allow(principal)), { owner: OWNER })).toEqual([]);
  });

  it('trusted accounts are inside the zone of trust', () => {
    const doc = policy(allow({ AWS: ['111122223333', '333333333333'] }));
    expect(findExternalAccess(doc, { owner: OWNER, trustedAccounts: ['111122223333'] }).map((g) => g.principal)).toEqual(['333333333333']);
  });

  it('one grant per principal of a statement', () => {
    const doc = policy(allow({ AWS: ['111122223333', 'arn:aws:iam::333333333333:role/R', OWNER] }));
    expect(findExternalAccess(doc, { owner: OWNER }).map((g) => g.principal)).toEqual(['111122223333', 'arn:aws:iam::333333333333:role/R']);
  });
});

describe('"*" principals', () => {
  it('with no condition: public', () => {
    const [grant] = findExternalAccess(policy(allow('*')), { owner: OWNER });
    expect(grant).toMatchObject({ principal: '*', principalKind: 'anyone', account: undefined, isPublic: true });
  });

  it('limited by aws:SourceIp only: still public, with the condition reported', () => {
    const [grant] = findExternalAccess(policy(allow('*', { Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } })), {
      owner: OWNER,
    });
    expect(grant).toMatchObject({ isPublic: true, conditions: [{ operator: 'IpAddress', key: 'aws:SourceIp', values: ['192.0.2.0/24'] }] });
  });

  it('limited to another account: external, not public', () => {
    const [grant] = findExternalAccess(
      policy(allow({ AWS: '*' }, { Condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333' } } })),
      { owner: OWNER },
    );
    expect(grant).toMatchObject({ principalKind: 'anyone', isPublic: false });
  });

  it('limited to the owner or a trusted account: not external', () => {
    const doc = policy(allow('*', { Condition: { StringEquals: { 'aws:PrincipalAccount': [OWNER, '111122223333'] } } }));
    expect(findExternalAccess(doc, { owner: OWNER })).toHaveLength(1);
    expect(findExternalAccess(doc, { owner: OWNER, trustedAccounts: ['111122223333'] })).toEqual([]);
  });

  it('limited to principals of the owner by aws:PrincipalArn: not external', () => {
    const doc = policy(allow('*', { Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${OWNER}:role/App` } } }));
    expect(findExternalAccess(doc, { owner: OWNER })).toEqual([]);
  });

  it('limited to the organization: not external when the zone of trust is that organization', () => {
    const doc = policy(allow('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } }));
    expect(findExternalAccess(doc, { owner: OWNER, orgId: ORG })).toEqual([]);
    const [grant] = findExternalAccess(doc, { owner: OWNER });
    expect(grant).toMatchObject({ principalKind: 'anyone', isPublic: false });
    expect(findExternalAccess(doc, { owner: OWNER, orgId: 'o-zzzzzzzzzz' })).toHaveLength(1);
  });

  it('confined to the organization by a Deny: not external', () => {
    const deny = {
      Effect: 'Deny',
      Principal: '*',
      Action: 'dynamodb:*',
      Resource: TABLE,
      Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } },
    };
    expect(findExternalAccess(policy(allow('*'), deny), { owner: OWNER, orgId: ORG })).toEqual([]);
    expect(findExternalAccess(policy(allow('*'), deny), { owner: OWNER })).toMatchObject([{ isPublic: false }]);
  });
});

describe('what a grant lists', () => {
  it('an account principal limited to the organization is inside it', () => {
    const doc = policy(allow({ AWS: '111122223333' }, { Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } }));
    expect(findExternalAccess(doc, { owner: OWNER, orgId: ORG })).toEqual([]);
  });

  it('wildcard actions are expanded over the catalog, to the actions of the resource named', () => {
    const [grant] = findExternalAccess(policy(allow({ AWS: '111122223333' }, { Action: 'dynamodb:Get*' })), { owner: OWNER });
    expect(grant!.actions).toEqual(['dynamodb:GetItem', 'dynamodb:GetResourcePolicy']);
    const [onAnything] = findExternalAccess(policy(allow({ AWS: '111122223333' }, { Action: 'dynamodb:Get*', Resource: '*' })), {
      owner: OWNER,
    });
    expect(onAnything!.actions).toEqual([
      'dynamodb:GetItem',
      'dynamodb:GetRecords',
      'dynamodb:GetResourcePolicy',
      'dynamodb:GetShardIterator',
    ]);
  });

  it('NotAction lists every catalog action but the excluded ones', () => {
    const notAction = { Effect: 'Allow', Principal: { AWS: '111122223333' }, NotAction: 'dynamodb:Delete*', Resource: TABLE };
    const [grant] = findExternalAccess(policy(notAction), { owner: OWNER });
    expect(grant!.actions).toContain('dynamodb:GetItem');
    expect(grant!.actions.some((a) => a.startsWith('dynamodb:Delete'))).toBe(false);
  });

  it('an Allow an unconditional Deny overrides grants nothing', () => {
    const deny = { Effect: 'Deny', Principal: { AWS: '111122223333' }, Action: 'dynamodb:*', Resource: TABLE };
    expect(findExternalAccess(policy(allow({ AWS: '111122223333' }), deny), { owner: OWNER })).toEqual([]);
  });

  it('Deny statements are never grants', () => {
    expect(findExternalAccess(policy({ Effect: 'Deny', Principal: '*', Action: 'dynamodb:*', Resource: TABLE }), { owner: OWNER })).toEqual(
      [],
    );
  });
});

describe('bad input', () => {
  it('a policy that does not load throws PolicyError', () => {
    expect(() => findExternalAccess(policy(allow({ AWS: 'arn:aws:iam:: 111122223333:root' })), { owner: OWNER })).toThrow(PolicyError);
  });

  it.each([
    [{ owner: '2222' }, /owner/],
    [{ owner: OWNER, trustedAccounts: ['x'] }, /trusted account/],
    [{ owner: OWNER, orgId: 'org-1' }, /organization id/],
  ])('options %j are rejected', (options, message) => {
    expect(() => findExternalAccess(policy(allow('*')), options)).toThrow(message);
  });
});
