import { describe, expect, it } from 'vitest';
import {
  GLOBAL_CONDITION_KEYS,
  GLOBAL_KEYS_SOURCE,
  WEB_IDENTITY_KEYS,
  findGlobalConditionKey,
  findWebIdentityKey,
  splitTagStyleKey,
  type GlobalConditionKey,
} from '../../src/condition-keys/global';

function key(name: string): GlobalConditionKey {
  const found = findGlobalConditionKey(name);
  if (found === undefined) throw new Error(`no key ${name}`);
  return found;
}

describe('the global condition keys', () => {
  it('include every key the IAM reference lists that DynamoDB policies use', () => {
    const expected = [
      'aws:SourceIp',
      'aws:SourceVpce',
      'aws:SourceVpc',
      'aws:VpcSourceIp',
      'aws:PrincipalArn',
      'aws:PrincipalAccount',
      'aws:PrincipalOrgID',
      'aws:PrincipalOrgPaths',
      'aws:PrincipalTag/team',
      'aws:PrincipalType',
      'aws:PrincipalIsAWSService',
      'aws:PrincipalServiceName',
      'aws:PrincipalServiceNamesList',
      'aws:userid',
      'aws:username',
      'aws:SecureTransport',
      'aws:CurrentTime',
      'aws:EpochTime',
      'aws:TokenIssueTime',
      'aws:MultiFactorAuthPresent',
      'aws:MultiFactorAuthAge',
      'aws:RequestedRegion',
      'aws:ResourceAccount',
      'aws:ResourceOrgID',
      'aws:ResourceOrgPaths',
      'aws:ResourceTag/env',
      'aws:RequestTag/env',
      'aws:TagKeys',
      'aws:ViaAWSService',
      'aws:CalledVia',
      'aws:CalledViaFirst',
      'aws:CalledViaLast',
      'aws:SourceAccount',
      'aws:SourceArn',
      'aws:SourceOrgID',
      'aws:SourceOrgPaths',
      'aws:SourceIdentity',
      'aws:FederatedProvider',
      'aws:Ec2InstanceSourceVpc',
      'aws:Ec2InstanceSourcePrivateIPv4',
      'aws:VpceAccount',
      'aws:VpceOrgID',
      'aws:VpceOrgPaths',
      'aws:SourceVpcArn',
      'aws:AssumedRoot',
      'aws:SignInSessionArn',
      'aws:referer',
      'aws:UserAgent',
      'aws:CalledViaAWSMCP',
      'aws:ViaAWSMCPService',
      'aws:IsMcpServiceAction',
      'aws:ChatbotSourceArn',
    ];
    for (const name of expected) expect(findGlobalConditionKey(name), name).toBeDefined();
  });

  it('have unique names, and multivalued exactly when the type is a list', () => {
    const lower = GLOBAL_CONDITION_KEYS.map((k) => k.name.toLowerCase());
    expect(new Set(lower).size).toBe(lower.length);
    for (const k of GLOBAL_CONDITION_KEYS) expect(k.multivalued, k.name).toBe(k.type.startsWith('ArrayOf'));
  });

  it.each([
    ['aws:SourceIp', 'IPAddress', false],
    ['aws:VpcSourceIp', 'IPAddress', false],
    ['aws:Ec2InstanceSourcePrivateIPv4', 'IPAddress', false],
    ['aws:PrincipalArn', 'ARN', false],
    ['aws:SourceArn', 'ARN', false],
    ['aws:SourceVpcArn', 'ARN', false],
    ['aws:SecureTransport', 'Bool', false],
    ['aws:PrincipalIsAWSService', 'Bool', false],
    ['aws:MultiFactorAuthPresent', 'Bool', false],
    ['aws:CurrentTime', 'Date', false],
    ['aws:TokenIssueTime', 'Date', false],
    ['aws:MultiFactorAuthAge', 'Numeric', false],
    ['aws:PrincipalAccount', 'String', false],
    ['aws:PrincipalOrgPaths', 'ArrayOfString', true],
    ['aws:PrincipalServiceNamesList', 'ArrayOfString', true],
    ['aws:ResourceOrgPaths', 'ArrayOfString', true],
    ['aws:SourceOrgPaths', 'ArrayOfString', true],
    ['aws:VpceOrgPaths', 'ArrayOfString', true],
    ['aws:CalledVia', 'ArrayOfString', true],
    ['aws:TagKeys', 'ArrayOfString', true],
    ['aws:CalledViaFirst', 'String', false],
  ] as const)('%s is %s, multivalued %s', (name, type, multivalued) => {
    expect(key(name)).toMatchObject({ type, multivalued });
  });

  it('know that aws:EpochTime compares as a date or a number', () => {
    expect(key('aws:EpochTime')).toMatchObject({ type: 'Date', alsoComparableAs: ['Numeric'] });
  });

  it('say how often each key is present', () => {
    for (const name of [
      'aws:PrincipalAccount',
      'aws:PrincipalType',
      'aws:userid',
      'aws:CurrentTime',
      'aws:SecureTransport',
      'aws:RequestedRegion',
      'aws:ViaAWSService',
    ]) {
      expect(key(name).availability, name).toBe('always');
    }
    expect(key('aws:PrincipalArn').availability).toBe('signed-requests');
    expect(key('aws:SourceVpce')).toMatchObject({ availability: 'conditional', presentWhen: expect.stringMatching(/VPC endpoint/) });
    expect(key('aws:SourceIp').presentWhen).toMatch(/except .* VPC endpoint/);
    expect(key('aws:MultiFactorAuthPresent').presentWhen).toMatch(/absent for long-term access keys/);
  });

  it('flag the ten keys AWS calls sensitive', () => {
    expect(
      GLOBAL_CONDITION_KEYS.filter((k) => k.sensitive)
        .map((k) => k.name)
        .sort(),
    ).toEqual(
      [
        'aws:PrincipalAccount',
        'aws:PrincipalOrgID',
        'aws:ResourceAccount',
        'aws:ResourceOrgID',
        'aws:SourceAccount',
        'aws:SourceOrgID',
        'aws:SourceVpc',
        'aws:SourceVpce',
        'aws:VpceAccount',
        'aws:VpceOrgID',
      ].sort(),
    );
  });

  it('mark the cross-service keys', () => {
    expect(key('ec2:SourceInstanceArn')).toMatchObject({ crossService: true, type: 'ARN' });
    expect(key('lambda:SourceFunctionArn').crossService).toBe(true);
    expect(key('aws:SourceIp').crossService).toBe(false);
  });

  it('record the page they come from', () => {
    expect(GLOBAL_KEYS_SOURCE.url).toMatch(/reference_policies_condition-keys\.html$/);
  });
});

describe('findGlobalConditionKey', () => {
  it('folds case, as IAM does for key names', () => {
    expect(findGlobalConditionKey('AWS:SOURCEIP')?.name).toBe('aws:SourceIp');
    expect(findGlobalConditionKey('aws:UserId')?.name).toBe('aws:userid');
  });

  it('resolves tag-style keys to their family and keeps the tag key as written', () => {
    expect(findGlobalConditionKey('aws:PrincipalTag/team')).toMatchObject({ name: 'aws:PrincipalTag/${TagKey}', tagStyle: true });
    expect(findGlobalConditionKey('aws:resourcetag/Env')?.name).toBe('aws:ResourceTag/${TagKey}');
    expect(findGlobalConditionKey('aws:RequestTag/cost-center')?.category).toBe('request');
    expect(splitTagStyleKey('aws:PRINCIPALTAG/Team-Name')?.tagKey).toBe('Team-Name');
    expect(splitTagStyleKey('aws:SourceIp')).toBeUndefined();
  });

  it('does not invent keys', () => {
    expect(findGlobalConditionKey('aws:PrincipalTag')).toBeUndefined();
    expect(findGlobalConditionKey('aws:PrincipalTag/')).toBeUndefined();
    expect(findGlobalConditionKey('aws:NoSuchKey')).toBeUndefined();
    expect(findGlobalConditionKey('dynamodb:LeadingKeys')).toBeUndefined();
    expect(findGlobalConditionKey('aws:SourceIp/x')).toBeUndefined();
  });
});

describe('web-identity keys', () => {
  it("list the built-in providers' claims", () => {
    const names = WEB_IDENTITY_KEYS.map((k) => k.name);
    for (const name of [
      'www.amazon.com:user_id',
      'www.amazon.com:app_id',
      'cognito-identity.amazonaws.com:sub',
      'cognito-identity.amazonaws.com:aud',
      'cognito-identity.amazonaws.com:amr',
      'accounts.google.com:sub',
      'accounts.google.com:aud',
      'graph.facebook.com:id',
      'graph.facebook.com:app_id',
    ]) {
      expect(names).toContain(name);
    }
  });

  it('know that the Cognito amr claim is multivalued', () => {
    expect(findWebIdentityKey('cognito-identity.amazonaws.com:amr')).toMatchObject({ multivalued: true, type: 'ArrayOfString' });
    expect(findWebIdentityKey('WWW.AMAZON.COM:USER_ID')).toMatchObject({
      provider: 'www.amazon.com',
      claim: 'user_id',
      multivalued: false,
    });
    expect(findWebIdentityKey('www.amazon.com:email')).toBeUndefined();
  });
});
