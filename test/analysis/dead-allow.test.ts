import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeDeadAllow, findDeadAllows } from '../../src/checks/dead-allow';
import { validate, type Finding } from '../../src/checks/index';
import { loadPolicy } from '../../src/policy/load';

// Issue 9, section 5: an Allow no request can use. Facts relied on: the IAM global condition keys
// page (aws:SourceIp is set on every request "except those made through a VPC endpoint"; aws:SourceVpce
// and aws:VpcSourceIp only through one) and the Service Authorization Reference's per-action keys.

const OWNER = '444455556666';
const TABLE = `arn:aws:dynamodb:us-east-1:${OWNER}:table/rbac-central-table`;
const ADMIN = 'arn:aws:iam::111122223333:role/Admin';
const repoFile = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const deadAllows = (findings: readonly Finding[]) => findings.filter((f) => f.code === 'dead-allow');

const EXAMPLES = ['1-specific-users-getitem', '2-admin-stream-read', '3-fine-grained-query', '4-admin-source-ip-and-vpce'];
// The corrected examples, as the test fixtures and the scenarios hold them (the reference's copies).
const COPIES = ['test/fixtures/announcement/corrected', 'scenarios/policies/announcement'];

describe('the announcement, corrected: only example 4 grants something no request can use', () => {
  for (const dir of COPIES) {
    for (const example of EXAMPLES) {
      const path = `${dir}/${example}.json`;
      it(`${path}: ${example.startsWith('4') ? 'dead-allow on Statement4, blocked by Statement5' : 'no dead-allow'}`, () => {
        const found = deadAllows(validate(readFileSync(repoFile(path), 'utf8'), { name: example }));
        if (!example.startsWith('4')) {
          expect(found).toEqual([]);
          return;
        }
        expect(found).toHaveLength(1);
        expect(found[0]!.statement?.label).toBe('Statement4');
        expect(found[0]!.severity).toBe('warning');
        expect(found[0]!.message).toContain('every request it applies to is denied by statement Statement5');
        expect(found[0]!.message).toContain('no request carries both aws:SourceIp and aws:SourceVpce');
        expect(found[0]!.message).not.toContain('not exhaustive');
        expect(found[0]!.location?.line).toBe(4);
      });
    }
  }
});

const policy = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements });
const adminAllow = (condition: object) => ({
  Sid: 'AdminAllow',
  Effect: 'Allow',
  Principal: { AWS: ADMIN },
  Action: 'dynamodb:*',
  Resource: TABLE,
  Condition: condition,
});
const endpointDeny = {
  Sid: 'EndpointOnly',
  Effect: 'Deny',
  Principal: { AWS: ADMIN },
  Action: 'dynamodb:*',
  Resource: TABLE,
  Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
};

describe('dead-allow: what blocks a grant, and what does not', () => {
  it('the variant on aws:VpcSourceIp works through the endpoint: no finding', () => {
    const doc = policy(adminAllow({ IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/16' } }), endpointDeny);
    expect(deadAllows(validate(doc))).toEqual([]);
  });

  it('an unconditional Deny of the same access: blocked, the Deny named', () => {
    const doc = policy(adminAllow({}), { Sid: 'NoAdmin', Effect: 'Deny', Principal: { AWS: ADMIN }, Action: 'dynamodb:*', Resource: '*' });
    const [dead] = findDeadAllows(loadPolicy(doc));
    expect(dead?.blockedBy.map((r) => r.label)).toEqual(['NoAdmin']);
    expect(dead?.exact).toBe(true);
  });

  it('two Deny statements that between them cover every request: both named', () => {
    const doc = policy(
      adminAllow({}),
      {
        Sid: 'NoSecure',
        Effect: 'Deny',
        Principal: '*',
        Action: 'dynamodb:*',
        Resource: TABLE,
        Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      },
      {
        Sid: 'NoPlain',
        Effect: 'Deny',
        Principal: '*',
        Action: 'dynamodb:*',
        Resource: TABLE,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'NoUnknown',
        Effect: 'Deny',
        Principal: '*',
        Action: 'dynamodb:*',
        Resource: TABLE,
        Condition: { Null: { 'aws:SecureTransport': 'true' } },
      },
    );
    const [dead] = findDeadAllows(loadPolicy(doc));
    expect(dead?.statement.label).toBe('AdminAllow');
    expect(dead?.blockedBy.map((r) => r.label)).toEqual(['NoSecure', 'NoPlain', 'NoUnknown']);
  });

  it('a Deny that leaves some requests through: no finding', () => {
    const doc = policy(adminAllow({}), { ...endpointDeny, Action: 'dynamodb:DeleteItem', Condition: undefined });
    expect(findDeadAllows(loadPolicy(doc))).toEqual([]);
  });

  it('a condition key the action never carries: Scan never carries dynamodb:LeadingKeys', () => {
    const doc = policy({
      Sid: 'ScanMine',
      Effect: 'Allow',
      Principal: { AWS: ADMIN },
      Action: 'dynamodb:Scan',
      Resource: TABLE,
      Condition: { 'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': 'tenant-1' } },
    });
    const [dead] = findDeadAllows(loadPolicy(doc));
    expect(dead?.blockedBy).toEqual([]);
    expect(describeDeadAllow(dead!)).toBe(
      'statement ScanMine never allows anything: no request it applies to can be made: dynamodb:Scan ' +
        'requests never carry dynamodb:LeadingKeys',
    );
  });

  it('a class of actions is possible when one of them carries the key (NotAction: Query carries LeadingKeys)', () => {
    const doc = policy({
      Sid: 'NotGets',
      Effect: 'Allow',
      Principal: { AWS: ADMIN },
      NotAction: 'dynamodb:Get*',
      Resource: TABLE,
      Condition: { 'ForAnyValue:StringNotEquals': { 'dynamodb:LeadingKeys': 'ProductCatalog-' } },
    });
    expect(findDeadAllows(loadPolicy(doc))).toEqual([]);
  });

  it('actions the statements treat alike but that carry different keys are tried apart (Get*: GetItem carries LeadingKeys)', () => {
    // Found by the per-Allow property: for the admin's account, GetItem and GetRecords meet the
    // same statements (the Deny is Bob's), and GetRecords, which never carries LeadingKeys, stood
    // for both, so the Allow was called dead although GetItem with the key uses it.
    const doc = policy(
      {
        Sid: 'NotBobsItems',
        Effect: 'Deny',
        Principal: { AWS: 'arn:aws:iam::777788889999:user/bob' },
        NotAction: 'dynamodb:*Item',
        Resource: TABLE,
      },
      {
        Sid: 'KeyedGets',
        Effect: 'Allow',
        Principal: { AWS: ADMIN },
        Action: 'dynamodb:Get*',
        Resource: TABLE,
        Condition: { Null: { 'dynamodb:LeadingKeys': 'false' } },
      },
    );
    expect(findDeadAllows(loadPolicy(doc))).toEqual([]);
  });

  it('with ForAllValues the same condition holds on the absent key: usable, no finding', () => {
    const doc = policy({
      Sid: 'ScanAll',
      Effect: 'Allow',
      Principal: { AWS: ADMIN },
      Action: 'dynamodb:Scan',
      Resource: TABLE,
      Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': 'tenant-1' } },
    });
    expect(findDeadAllows(loadPolicy(doc))).toEqual([]);
  });

  it("where the request classes are not exhaustive (another service's actions), the finding says so", () => {
    const doc = policy(
      { Sid: 'Reads', Effect: 'Allow', Principal: { AWS: ADMIN }, Action: ['dynamodb:GetItem', 's3:Get*'], Resource: '*' },
      { Sid: 'NoAdmin', Effect: 'Deny', Principal: { AWS: ADMIN }, Action: '*', Resource: '*' },
    );
    const [dead] = findDeadAllows(loadPolicy(doc));
    expect(dead?.exact).toBe(false);
    expect(describeDeadAllow(dead!)).toMatch(
      new RegExp(
        /denied by statement NoAdmin; shown over the request classes iamspec can /.source +
          /enumerate here, which are not exhaustive \(actions of services other than /.source +
          /DynamoDB/.source,
      ),
    );
  });

  it('an identity-based policy is checked the same way', () => {
    const doc = policy(
      {
        Sid: 'Reads',
        Effect: 'Allow',
        Action: 'dynamodb:GetItem',
        Resource: '*',
        Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } },
      },
      {
        Sid: 'EndpointOnly',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { StringNotEqualsIfExists: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
      },
    );
    const found = deadAllows(validate(doc, { kind: 'identity' }));
    expect(found.map((f) => f.statement?.label)).toEqual(['Reads']);
  });
});
