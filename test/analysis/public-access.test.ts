import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPublicAccess, TRUSTED_KEYS, validate } from '../../src/checks/index';

const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/MusicCollection';

function policy(...statements: object[]): object {
  return { Version: '2012-10-17', Statement: statements };
}

function allow(principal: unknown, condition?: object, extra: object = {}): object {
  return {
    Effect: 'Allow',
    Principal: principal,
    Action: 'dynamodb:GetItem',
    Resource: TABLE,
    ...(condition ? { Condition: condition } : {}),
    ...extra,
  };
}

describe('the examples of the DynamoDB Block Public Access page', () => {
  it('two account principals: not public', () => {
    const doc = policy({ Effect: 'Allow', Principal: { AWS: ['123456789012', '111122223333'] }, Action: 'dynamodb:*', Resource: '*' });
    expect(checkPublicAccess(doc)).toEqual({ isPublic: false, statements: [] });
  });

  it('"*" limited to one user by aws:PrincipalArn: not public', () => {
    const doc = policy({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'dynamodb:*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:user/John' } },
    });
    expect(checkPublicAccess(doc).isPublic).toBe(false);
  });

  it('the same with a wildcard in the value: public, because trusted values may hold no wildcard', () => {
    const doc = policy(allow({ AWS: '*' }, { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:user/*' } }));
    const result = checkPublicAccess(doc);
    expect(result.isPublic).toBe(true);
    expect(result.statements[0]!.reason).toContain('wildcard');
  });

  it('the same with a policy variable in the value: public', () => {
    const doc = policy(allow('*', { StringEquals: { 'aws:PrincipalAccount': '${aws:ResourceAccount}' } }));
    expect(checkPublicAccess(doc).statements[0]!.reason).toContain('policy variable');
  });
});

describe('one test per trusted condition key (each limits "*" with a fixed value)', () => {
  // Operator and value for each key the page lists; multivalued keys need ForAnyValue.
  const limiting: Record<string, [string, string]> = {
    'aws:PrincipalAccount': ['StringEquals', '111122223333'],
    'aws:PrincipalArn': ['ArnEquals', 'arn:aws:iam::111122223333:role/Reader'],
    'aws:PrincipalOrgID': ['StringEquals', 'o-a1b2c3d4e5'],
    'aws:PrincipalOrgPaths': ['ForAnyValue:StringEquals', 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/'],
    'aws:SourceAccount': ['StringEquals', '111122223333'],
    'aws:SourceArn': ['ArnEquals', 'arn:aws:glue:us-east-1:111122223333:integration:abc'],
    'aws:SourceVpc': ['StringEquals', 'vpc-1a2b3c4d'],
    'aws:SourceVpce': ['StringEquals', 'vpce-1a2b3c4d'],
    'aws:UserId': ['StringEquals', 'AIDAJQABLZS4A3QDU576Q'],
    'aws:PrincipalServiceName': ['StringEquals', 'redshift.amazonaws.com'],
    'aws:PrincipalServiceNamesList': ['ForAnyValue:StringEquals', 'redshift.amazonaws.com'],
    'aws:PrincipalIsAWSService': ['Bool', 'true'],
    'aws:Ec2InstanceSourceVpc': ['StringEquals', 'vpc-1a2b3c4d'],
    'aws:SourceOrgID': ['StringEquals', 'o-a1b2c3d4e5'],
    'aws:SourceOrgPaths': ['ForAnyValue:StringEquals', 'o-a1b2c3d4e5/r-ab12/'],
  };

  it('covers exactly the fifteen keys of the page', () => {
    expect(Object.keys(limiting).sort()).toEqual([...TRUSTED_KEYS].sort());
  });

  it.each(Object.entries(limiting))('%s makes "*" non-public', (key, [operator, value]) => {
    const doc = policy(allow('*', { [operator]: { [key]: value } }));
    expect(checkPublicAccess(doc)).toEqual({ isPublic: false, statements: [] });
    // and the same statement without the condition is public: the key is what made the difference
    expect(checkPublicAccess(policy(allow('*'))).isPublic).toBe(true);
  });

  it.each(Object.keys(limiting))('%s in lower case counts the same (key names are case-insensitive)', (key) => {
    const [operator, value] = limiting[key]!;
    expect(checkPublicAccess(policy(allow('*', { [operator]: { [key.toLowerCase()]: value } }))).isPublic).toBe(false);
  });
});

describe('conditions that do not make "*" non-public', () => {
  it.each([
    ['aws:SourceIp is not a trusted key', { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }, 'aws:SourceIp'],
    ['aws:SecureTransport is not a trusted key', { Bool: { 'aws:SecureTransport': 'true' } }, 'aws:SecureTransport'],
    ['aws:PrincipalTag is not a trusted key', { StringEquals: { 'aws:PrincipalTag/team': 'data' } }, 'aws:PrincipalTag/team'],
    ['a negated operator admits every other account', { StringNotEquals: { 'aws:PrincipalAccount': '111122223333' } }, 'negated'],
    ['IfExists admits requests without the key', { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }, 'IfExists'],
    [
      'ForAllValues is true when the key is absent',
      { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      'ForAllValues',
    ],
    ['a multivalued key without ForAnyValue', { StringEquals: { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/' } }, 'ForAnyValue'],
    ['StringLike with a wildcard', { StringLike: { 'aws:PrincipalAccount': '1111*' } }, 'wildcard'],
    ['a * in a StringEquals value', { StringEquals: { 'aws:PrincipalAccount': '1111*' } }, 'wildcard'],
    ['aws:PrincipalIsAWSService false', { Bool: { 'aws:PrincipalIsAWSService': 'false' } }, '"true"'],
    ['Null only tests presence', { Null: { 'aws:PrincipalArn': 'false' } }, 'Null'],
  ])('%s', (_name, condition, reason) => {
    const result = checkPublicAccess(policy({ Sid: 'Open', ...allow('*', condition) }));
    expect(result.isPublic).toBe(true);
    expect(result.statements.map((s) => s.statement.label)).toEqual(['Open']);
    expect(result.statements[0]!.reason).toContain(reason);
  });

  it('IfExists on a key every request carries still limits', () => {
    expect(checkPublicAccess(policy(allow('*', { StringEqualsIfExists: { 'aws:PrincipalAccount': '111122223333' } }))).isPublic).toBe(
      false,
    );
  });

  it('one trusted condition among untrusted ones is enough', () => {
    const condition = { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' }, StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } };
    expect(checkPublicAccess(policy(allow('*', condition))).isPublic).toBe(false);
  });
});

describe('one test per principal form', () => {
  it.each([
    ['"*"', '*', true],
    ['{"AWS": "*"}', { AWS: '*' }, true],
    ['["*"] among accounts', { AWS: ['111122223333', '*'] }, true],
    ['account id', { AWS: '111122223333' }, false],
    ['account root ARN', { AWS: 'arn:aws:iam::111122223333:root' }, false],
    ['IAM user', { AWS: 'arn:aws:iam::111122223333:user/foo' }, false],
    ['IAM role', { AWS: 'arn:aws:iam::111122223333:role/Admin' }, false],
    ['assumed-role session', { AWS: 'arn:aws:sts::111122223333:assumed-role/Admin/alice' }, false],
    ['STS federated user', { AWS: 'arn:aws:sts::111122223333:federated-user/bob' }, false],
    ['service principal', { Service: 'redshift.amazonaws.com' }, false],
  ])('%s', (_name, principal, isPublic) => {
    expect(checkPublicAccess(policy(allow(principal))).isPublic).toBe(isPublic);
  });

  it('Allow with NotPrincipal admits everyone it does not list', () => {
    const doc = policy({ Effect: 'Allow', NotPrincipal: { AWS: '111122223333' }, Action: 'dynamodb:GetItem', Resource: TABLE });
    expect(checkPublicAccess(doc).statements[0]!.reason).toContain('NotPrincipal');
  });
});

describe('Deny statements', () => {
  it('a Deny for everyone, even with no condition, is not public', () => {
    expect(checkPublicAccess(policy({ Effect: 'Deny', Principal: '*', Action: 'dynamodb:*', Resource: TABLE })).isPublic).toBe(false);
  });

  it('an open Allow that an unconditional Deny of everything overrides grants nothing: not public', () => {
    const deny = { Effect: 'Deny', Principal: '*', Action: 'dynamodb:*', Resource: '*' };
    expect(checkPublicAccess(policy(allow('*'), deny)).isPublic).toBe(false);
  });

  it('a Deny of everyone outside the organization confines an open Allow of the same access', () => {
    const deny = {
      Effect: 'Deny',
      Principal: '*',
      Action: 'dynamodb:*',
      Resource: TABLE,
      Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    };
    expect(checkPublicAccess(policy(allow('*'), deny)).isPublic).toBe(false);
  });

  it('a confining Deny that covers fewer actions than the Allow does not confine it', () => {
    const deny = {
      Effect: 'Deny',
      Principal: '*',
      Action: 'dynamodb:PutItem',
      Resource: TABLE,
      Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    };
    expect(checkPublicAccess(policy(allow('*'), deny)).isPublic).toBe(true);
  });

  it('a Deny with a condition on an untrusted key does not confine', () => {
    const deny = {
      Effect: 'Deny',
      Principal: '*',
      Action: 'dynamodb:*',
      Resource: TABLE,
      Condition: { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } },
    };
    expect(checkPublicAccess(policy(allow('*'), deny)).isPublic).toBe(true);
  });

  // Policies built from parts that cover every branch of the decision: each principal form, trusted
  // and untrusted keys, negated operators, IfExists, wildcards, and Deny statements of all shapes.
  const principal = fc.constantFrom<unknown>(
    '*',
    { AWS: '*' },
    { AWS: '111122223333' },
    { AWS: 'arn:aws:iam::111122223333:role/R' },
    { Service: 'redshift.amazonaws.com' },
  );
  const action = fc.constantFrom<unknown>('dynamodb:*', 'dynamodb:GetItem', ['dynamodb:GetItem', 'dynamodb:Query'], '*', 'dynamodb:Get*');
  const resource = fc.constantFrom<unknown>(undefined, '*', TABLE, `${TABLE}/index/*`);
  const conditionPart = fc.constantFrom(
    ['StringEquals', 'aws:PrincipalAccount', '111122223333'],
    ['StringNotEquals', 'aws:PrincipalAccount', '111122223333'],
    ['StringLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:*'],
    ['ArnEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/R'],
    ['IpAddress', 'aws:SourceIp', '192.0.2.0/24'],
    ['NotIpAddress', 'aws:SourceIp', '192.0.2.0/24'],
    ['StringEqualsIfExists', 'aws:SourceVpce', 'vpce-1a2b3c4d'],
    ['StringNotEquals', 'aws:SourceVpce', 'vpce-1a2b3c4d'],
    ['Bool', 'aws:PrincipalIsAWSService', 'true'],
    ['BoolIfExists', 'aws:PrincipalIsAWSService', 'false'],
    ['StringNotEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5'],
    ['ForAnyValue:StringEquals', 'aws:PrincipalOrgPaths', 'o-a1b2c3d4e5/r-ab12/'],
  );
  const conditions = fc.uniqueArray(conditionPart, { maxLength: 3, selector: ([op, key]) => `${op}|${key}` }).map((parts) => {
    const out: Record<string, Record<string, string>> = {};
    for (const [op, key, value] of parts) out[op] = { ...(out[op] ?? {}), [key]: value };
    return out;
  });
  const statement = (effect: 'Allow' | 'Deny') =>
    fc.record({ principal, action, resource, conditions }).map(({ principal: p, action: a, resource: r, conditions: c }) => ({
      Effect: effect,
      Principal: p,
      Action: a,
      ...(r !== undefined ? { Resource: r } : {}),
      ...(Object.keys(c).length > 0 ? { Condition: c } : {}),
    }));
  const anyStatement = fc.oneof(statement('Allow'), statement('Deny'));

  it('adding a Deny statement never makes a non-public policy public (property)', () => {
    fc.assert(
      fc.property(fc.array(anyStatement, { minLength: 1, maxLength: 4 }), statement('Deny'), fc.nat(), (statements, deny, at) => {
        const before = checkPublicAccess(policy(...statements));
        const withDeny = [...statements];
        withDeny.splice(at % (statements.length + 1), 0, deny);
        const after = checkPublicAccess(policy(...withDeny));
        if (!before.isPublic) expect(after.isPublic).toBe(false);
        // More precisely: every statement public afterwards was public before.
        const beforeAllows = new Set(before.statements.map((s) => JSON.stringify(statements[s.statement.index])));
        for (const s of after.statements) expect(beforeAllows.has(JSON.stringify(withDeny[s.statement.index]))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('validate reports exactly the statements checkPublicAccess finds, as errors (property)', () => {
    fc.assert(
      fc.property(fc.array(anyStatement, { minLength: 1, maxLength: 4 }), (statements) => {
        const doc = policy(...statements);
        const publicLabels = checkPublicAccess(doc).statements.map((s) => s.statement.label);
        const errors = validate(doc, { attachTo: TABLE }).filter((f) => f.code === 'public-access');
        expect(errors.map((f) => f.statement?.label)).toEqual(publicLabels);
        expect(errors.every((f) => f.severity === 'error')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
