import { describe, expect, it } from 'vitest';
import { FINDING_RULES, validate, type Finding } from '../../src/checks/index';
import { loadPolicy } from '../../src/policy/load';
import { RequestError } from '../../src/policy/errors';

const OWNER = '444455556666';
const TABLE = `arn:aws:dynamodb:us-east-1:${OWNER}:table/rbac-central-table`;
const STREAM = `${TABLE}/stream/2024-01-11T16:35:51.514`;
const READER = 'arn:aws:iam::111122223333:role/Reader';

/** A policy with nothing to report: every row below changes one thing of it. */
const CLEAN_STATEMENT = {
  Sid: 'ReadItems',
  Effect: 'Allow',
  Principal: { AWS: READER },
  Action: ['dynamodb:GetItem', 'dynamodb:Query'],
  Resource: [TABLE, `${TABLE}/index/*`],
};

function policy(...statements: object[]): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: statements };
}

function withStatement(changes: Record<string, unknown>): Record<string, unknown> {
  return policy({ ...CLEAN_STATEMENT, ...changes });
}

const codes = (findings: readonly Finding[]) => findings.map((f) => f.code);

describe('a clean policy', () => {
  it('gives no finding, attached to its table or not', () => {
    expect(validate(policy(CLEAN_STATEMENT), { attachTo: TABLE })).toEqual([]);
    expect(validate(policy(CLEAN_STATEMENT))).toEqual([]);
  });

  it('as text, compiled, or from a file path: the same (none)', () => {
    const text = JSON.stringify(policy(CLEAN_STATEMENT), null, 2);
    expect(validate(text, { attachTo: TABLE })).toEqual([]);
    expect(validate(loadPolicy(text), { attachTo: TABLE })).toEqual([]);
  });
});

describe('PutResourcePolicy checks (errors)', () => {
  it.each<[string, Record<string, unknown>, string, string?]>([
    ['a federated principal', withStatement({ Principal: { Federated: 'cognito-identity.amazonaws.com' } }), 'federated-principal'],
    [
      'a canonical user',
      withStatement({ Principal: { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' } }),
      'canonical-user-principal',
    ],
    [
      'a service DynamoDB does not accept',
      withStatement({ Principal: { Service: 'lambda.amazonaws.com' } }),
      'unsupported-service-principal',
    ],
    [
      'another table',
      withStatement({ Resource: 'arn:aws:dynamodb:us-east-1:444455556666:table/other-table' }),
      'resource-mismatch',
      'table other-table',
    ],
    [
      'another account',
      withStatement({ Resource: 'arn:aws:dynamodb:us-east-1:999988887777:table/rbac-central-table' }),
      'resource-mismatch',
      'account 999988887777',
    ],
    [
      'another Region',
      withStatement({ Resource: 'arn:aws:dynamodb:eu-west-1:444455556666:table/rbac-central-table' }),
      'resource-mismatch',
      'Region eu-west-1',
    ],
    ['an S3 bucket', withStatement({ Resource: 'arn:aws:s3:::my-bucket' }), 'resource-mismatch', 's3'],
    [
      "the table's stream in the table policy",
      withStatement({ Resource: `${TABLE}/stream/*` }),
      'resource-mismatch',
      'attach a policy to the stream',
    ],
    ['a mistyped action', withStatement({ Action: 'dynamodb:GetItems' }), 'unknown-action', 'did you mean "dynamodb:GetItem"?'],
    ["another service's action", withStatement({ Action: ['dynamodb:GetItem', 's3:GetObject'] }), 'foreign-action'],
    ['a stream action in a table policy', withStatement({ Action: 'dynamodb:GetRecords' }), 'action-not-grantable', 'acts on streams'],
    ['ListStreams', withStatement({ Action: 'dynamodb:ListStreams' }), 'action-not-grantable', 'ListStreams'],
    ['"*" with no condition', withStatement({ Principal: '*' }), 'public-access', 'Block Public Access'],
    [
      '"*" limited by aws:SourceIp only',
      withStatement({ Principal: { AWS: '*' }, Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } }),
      'public-access',
      'aws:SourceIp',
    ],
  ])('%s', (_name, doc, code, text) => {
    const findings = validate(doc, { attachTo: TABLE });
    const hit = findings.find((f) => f.code === code);
    expect(hit, `expected ${code} in ${JSON.stringify(codes(findings))}`).toBeDefined();
    expect(hit!.severity).toBe('error');
    expect(hit!.statement?.label).toBe('ReadItems');
    if (text !== undefined) expect(hit!.message).toContain(text);
  });

  it('an accepted service principal (Redshift zero-ETL, limited to the integration) gives no finding', () => {
    const doc = withStatement({
      Principal: { Service: 'redshift.amazonaws.com' },
      Action: ['dynamodb:ExportTableToPointInTime', 'dynamodb:DescribeTable'],
      Resource: TABLE,
      Condition: { StringEquals: { 'aws:SourceAccount': OWNER } },
    });
    expect(validate(doc, { attachTo: TABLE })).toEqual([]);
  });

  it('AWS Glue\'s documented zero-ETL grant (Resource "*", DescribeExport, aws:SourceArn with a wildcard) gives no finding', () => {
    const doc = policy({
      Sid: 'GlueZeroEtl',
      Effect: 'Allow',
      Principal: { Service: 'glue.amazonaws.com' },
      Resource: '*',
      Action: ['dynamodb:ExportTableToPointInTime', 'dynamodb:DescribeTable', 'dynamodb:DescribeExport'],
      Condition: {
        StringEquals: { 'aws:SourceAccount': OWNER },
        ArnLike: { 'aws:SourceArn': `arn:aws:glue:us-east-1:${OWNER}:integration:*` },
      },
    });
    expect(validate(doc, { attachTo: TABLE })).toEqual([]);
  });

  it('a statement without Principal is an error of the loader, at the statement', () => {
    const { Principal: _dropped, ...noPrincipal } = CLEAN_STATEMENT;
    const [error, ...more] = validate(policy(noPrincipal), { attachTo: TABLE });
    expect(error).toMatchObject({
      severity: 'error',
      code: 'principal-required',
      statement: { label: 'ReadItems' },
      location: { path: 'Statement[0]' },
    });
    expect(more.map((f) => f.code)).toEqual(['analysis-incomplete']);
  });

  describe('a stream policy', () => {
    const streamStatement = {
      ...CLEAN_STATEMENT,
      Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
      Resource: STREAM,
    };

    it('granting stream actions on its stream is clean', () => {
      expect(validate(policy(streamStatement), { attachTo: STREAM })).toEqual([]);
      expect(validate(policy(streamStatement))).toEqual([]); // the stream is inferred from Resource
    });

    it('rejects a table action and the table as a resource', () => {
      const findings = validate(policy({ ...streamStatement, Action: 'dynamodb:GetItem', Resource: TABLE }), { attachTo: STREAM });
      expect(codes(findings)).toEqual(['action-not-grantable', 'resource-mismatch']);
      expect(findings[1]!.message).toContain('stream');
    });
  });

  it('without attachTo, statements naming two tables are ambiguous', () => {
    const doc = policy(CLEAN_STATEMENT, {
      ...CLEAN_STATEMENT,
      Sid: 'Other',
      Resource: 'arn:aws:dynamodb:us-east-1:444455556666:table/other-table',
    });
    expect(codes(validate(doc))).toEqual(['ambiguous-target']);
  });

  it('attachTo must be a table or stream ARN', () => {
    expect(() => validate(policy(CLEAN_STATEMENT), { attachTo: `${TABLE}/index/ByName` })).toThrow(/table or a stream/);
    expect(() => validate(policy(CLEAN_STATEMENT), { attachTo: 'rbac-central-table' })).toThrow(RequestError);
  });

  describe('size: 20 KB, whitespace counted', () => {
    // One statement, padded with spaces inside the JSON text: the document stays the same.
    const padded = (bytes: number) => {
      const text = JSON.stringify(policy(CLEAN_STATEMENT));
      return text.replace('{', `{${' '.repeat(bytes - Buffer.byteLength(text))}`);
    };

    it.each([
      [20_000, []],
      [20_001, ['policy-size-ambiguous']],
      [20_480, ['policy-size-ambiguous']],
      [20_481, ['policy-too-large']],
    ])('%i bytes', (bytes, expected) => {
      const text = padded(bytes);
      expect(Buffer.byteLength(text)).toBe(bytes);
      expect(codes(validate(text, { attachTo: TABLE }))).toEqual(expected);
    });

    it('the same document minified fits', () => {
      expect(validate(JSON.stringify(JSON.parse(padded(25_000))), { attachTo: TABLE })).toEqual([]);
    });
  });
});

describe('grants that do nothing (warnings)', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['an action resource-based policies do not support', withStatement({ Action: 'dynamodb:CreateTable' }), 'action-has-no-effect'],
    ['PartiQL for another account', withStatement({ Action: 'dynamodb:PartiQLSelect' }), 'cross-account-unsupported'],
    ['a wildcard that matches nothing', withStatement({ Action: 'dynamodb:Fetch*' }), 'action-matches-nothing'],
    [
      'Allow with NotPrincipal',
      policy({ Sid: 'ReadItems', Effect: 'Allow', NotPrincipal: { AWS: READER }, Action: 'dynamodb:GetItem', Resource: TABLE }),
      'allow-with-not-principal',
    ],
    [
      'Allow with NotAction',
      policy({ Sid: 'ReadItems', Effect: 'Allow', Principal: { AWS: READER }, NotAction: 'dynamodb:DeleteItem', Resource: TABLE }),
      'allow-with-not-action',
    ],
    [
      'Allow with NotResource',
      policy({
        Sid: 'ReadItems',
        Effect: 'Allow',
        Principal: { AWS: READER },
        Action: 'dynamodb:GetItem',
        NotResource: `${TABLE}/index/*`,
      }),
      'allow-with-not-resource',
    ],
  ])('%s', (_name, doc, code) => {
    const hit = validate(doc, { attachTo: TABLE }).find((f) => f.code === code);
    expect(hit).toBeDefined();
    expect(hit!.severity).toBe('warning');
  });

  it('PartiQL for a principal of the owning account is fine', () => {
    expect(
      validate(withStatement({ Principal: { AWS: `arn:aws:iam::${OWNER}:role/App` }, Action: 'dynamodb:PartiQLSelect' }), {
        attachTo: TABLE,
      }),
    ).toEqual([]);
  });
});

describe('known traps (warnings), each from one change to the clean policy', () => {
  const LEADING_KEYS_BY_USER = { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': '${aws:userid}' } };
  it.each<[string, Record<string, unknown>, string, string]>([
    [
      'ForAllValues on LeadingKeys with Scan allowed',
      withStatement({ Action: ['dynamodb:GetItem', 'dynamodb:Scan'], Condition: LEADING_KEYS_BY_USER }),
      'for-all-values-absent-key',
      'dynamodb:Scan',
    ],
    [
      'ForAllValues on a key only organization members carry',
      withStatement({ Condition: { 'ForAllValues:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/*' } } }),
      'for-all-values-absent-key',
      'Organizations',
    ],
    [
      'LeadingKeys on a Scan-only statement',
      withStatement({ Action: 'dynamodb:Scan', Condition: LEADING_KEYS_BY_USER }),
      'condition-key-not-applicable',
      'dynamodb:LeadingKeys',
    ],
    [
      'a set qualifier on a single-valued key',
      withStatement({ Condition: { 'ForAnyValue:StringEquals': { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }),
      'set-qualifier-on-single-valued-key',
      'StringEquals',
    ],
    [
      'StringEquals with a value ending in -',
      withStatement({ Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': 'tenant-' } } }),
      'string-equals-prefix',
      '"tenant-*"',
    ],
    [
      'StringEquals with a value ending in /',
      withStatement({ Condition: { StringEquals: { 'aws:PrincipalTag/path': 'teams/' } } }),
      'string-equals-prefix',
      'StringLike',
    ],
    [
      'StringEquals with a value ending in _',
      withStatement({ Condition: { StringEquals: { 'aws:PrincipalTag/team': 'data_' } } }),
      'string-equals-prefix',
      'StringLike',
    ],
    [
      'StringEquals with a *',
      withStatement({ Condition: { StringEquals: { 'aws:PrincipalTag/team': 'data*' } } }),
      'string-equals-prefix',
      'literal',
    ],
    [
      'StringLike with no wildcard',
      withStatement({ Condition: { StringLike: { 'aws:PrincipalTag/team': 'data' } } }),
      'string-like-without-wildcard',
      'StringEquals',
    ],
    [
      'a private range on aws:SourceIp',
      withStatement({ Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '10.1.0.0/16'] } } }),
      'private-source-ip',
      '10.0.0.0/8',
    ],
    [
      'an unconditional Deny of the same access',
      policy(CLEAN_STATEMENT, {
        Sid: 'DenyAll',
        Effect: 'Deny',
        Principal: { AWS: READER },
        Action: 'dynamodb:*',
        Resource: [TABLE, `${TABLE}/index/*`],
      }),
      'dead-allow',
      'DenyAll',
    ],
    [
      'a multivalued key without qualifier',
      withStatement({ Condition: { StringEquals: { 'dynamodb:Attributes': ['Id', 'Name'] } } }),
      'missing-qualifier',
      'ForAnyValue:StringEquals',
    ],
    [
      'Null with a qualifier',
      withStatement({ Condition: { 'ForAnyValue:Null': { 'dynamodb:Attributes': 'false' } } }),
      'null-with-qualifier',
      'Null',
    ],
    ['no Version', { Statement: [CLEAN_STATEMENT] }, 'missing-version', '2012-10-17'],
    [
      'a variable under Version 2008-10-17',
      {
        Version: '2008-10-17',
        Statement: [{ ...CLEAN_STATEMENT, Condition: { StringEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } } }],
      },
      'variable-in-old-version',
      'literal',
    ],
    [
      'an epoch date',
      withStatement({ Condition: { DateLessThan: { 'aws:CurrentTime': '1735689600' } } }),
      'epoch-date',
      '2025-01-01T00:00:00Z',
    ],
    [
      'a date without a time',
      withStatement({ Condition: { DateLessThan: { 'aws:CurrentTime': '2025-01' } } }),
      'imprecise-date',
      '2025-01-01T00:00:00Z',
    ],
    [
      'two statements with one Sid',
      policy(CLEAN_STATEMENT, { ...CLEAN_STATEMENT, Action: 'dynamodb:BatchGetItem' }),
      'duplicate-sid',
      'ReadItems',
    ],
    [
      'a condition key AWS does not define',
      withStatement({ Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKey': 'x' } } }),
      'unknown-condition-key',
      'dynamodb:LeadingKey',
    ],
  ])('%s', (_name, doc, code, text) => {
    const findings = validate(doc, { attachTo: TABLE });
    expect(codes(findings)).toContain(code);
    const hit = findings.find((f) => f.code === code)!;
    expect(hit.severity).toBe(FINDING_RULES[code as keyof typeof FINDING_RULES].severity);
    expect(hit.severity).toBe('warning');
    expect(hit.message).toContain(text);
    // a trap is accepted by AWS: none of these may be an error
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('a Deny that leaves part of the Allow (the indexes) is no dead-allow', () => {
    const deny = { Sid: 'DenyTable', Effect: 'Deny', Principal: { AWS: READER }, Action: 'dynamodb:*', Resource: TABLE };
    expect(codes(validate(policy(CLEAN_STATEMENT, deny), { attachTo: TABLE }))).not.toContain('dead-allow');
    const conditional = { ...deny, Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
    expect(codes(validate(policy(CLEAN_STATEMENT, conditional), { attachTo: TABLE }))).not.toContain('dead-allow');
  });

  it('points at the condition: file, line and JSON path', () => {
    const text = JSON.stringify(withStatement({ Condition: { IpAddress: { 'aws:SourceIp': '10.1.0.0/16' } } }), null, 2);
    const [hit] = validate(text, { attachTo: TABLE, file: 'policies/table.json' });
    expect(hit).toMatchObject({
      code: 'private-source-ip',
      statement: { sid: 'ReadItems', index: 0, line: 4 },
      location: {
        file: 'policies/table.json',
        line: text.split('\n').findIndex((l) => l.includes('"aws:SourceIp"')) + 1,
        path: 'Statement[0].Condition.IpAddress["aws:SourceIp"]',
      },
    });
  });

  it('ForAllValues on a key some actions lack is fine with a Null check', () => {
    const doc = withStatement({
      Action: ['dynamodb:GetItem', 'dynamodb:Scan'],
      Condition: { ...LEADING_KEYS_BY_USER, Null: { 'dynamodb:LeadingKeys': 'false' } },
    });
    expect(codes(validate(doc, { attachTo: TABLE }))).not.toContain('for-all-values-absent-key');
  });

  it('organization paths end with "/" by design: no prefix warning', () => {
    const doc = withStatement({
      Condition: { 'ForAnyValue:StringEquals': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/' } },
    });
    expect(validate(doc, { attachTo: TABLE })).toEqual([]);
  });
});

describe('policies that do not load', () => {
  it('each load issue is an error finding with its location; the rest is still checked', () => {
    const text = JSON.stringify(
      policy(
        {
          ...CLEAN_STATEMENT,
          Sid: 'Broken',
          Principal: { AWS: 'arn:aws:iam:: 111122223333:role/Reader' },
          Condition: { StringEquals: { 'aws:PrincipalTag/team': 'data-' } },
        },
        { ...CLEAN_STATEMENT, Sid: 'Open', Principal: '*' },
      ),
      null,
      2,
    );
    const findings = validate(text, { attachTo: TABLE });
    expect(codes(findings)).toEqual(['invalid-arn', 'public-access', 'string-equals-prefix', 'analysis-incomplete']);
    expect(findings[0]).toMatchObject({
      severity: 'error',
      statement: { label: 'Broken' },
      location: { path: 'Statement[0].Principal.AWS', line: text.split('\n').findIndex((l) => l.includes('iam:: 1111')) + 1 },
    });
    expect(findings[1]!.statement?.label).toBe('Open');
  });

  it('text that is not JSON or YAML is one syntax error', () => {
    expect(validate('{"Version": "2012-10-17",', { attachTo: TABLE }).map((f) => [f.severity, f.code])).toEqual([
      ['error', 'syntax'],
      ['warning', 'analysis-incomplete'],
    ]);
  });

  it('a missing file is an error, not an exception', () => {
    expect(codes(validate('no/such/policy.json'))).toEqual(['file', 'analysis-incomplete']);
  });
});
