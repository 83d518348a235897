/**
 * Issue 9 §2 and §3, issue 10's did-you-mean gaps: what was silently accepted or crashed is now a
 * documented error naming the field, and what was read leniently is read as AWS reads it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { parseCaller } from '../../src/engine/principal';
import {
  CallError,
  evaluate,
  evaluateAll,
  explain,
  fromCommand,
  loadPolicy,
  loadPolicyFile,
  loadScenarioText,
  parsePolicy,
  PolicyError,
  RequestError,
  runScenario,
  ScenarioError,
  validate,
} from '../../src/index';
import { cli } from '../cli/cli-io';

const ACCOUNT = '123456789012';
const USER = `arn:aws:iam::${ACCOUNT}:user/test-user`;
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/ProductCatalog`;
const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const s3Only = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
const request = { principal: USER, action: 'dynamodb:GetItem', resource: TABLE };

const tmp = mkdtempSync(join(tmpdir(), 'iamspec-strict-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('unknown keys in policy sets, requests and options are a RequestError with a did-you-mean (§3)', () => {
  test('the correct key decides ImplicitDeny; the misspelt one used to be ignored and decide Allow', () => {
    expect(evaluate(request, { identityPolicies: [allowAll], permissionBoundary: s3Only }).decision).toBe('ImplicitDeny');
    const error = thrown(() => evaluate(request, { identityPolicies: [allowAll], permissionsBoundary: s3Only } as never));
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).field).toBe('permissionsBoundary');
    expect(error.message).toMatch(
      /^policies\.permissionsBoundary: unknown key "permissionsBoundary" \(did you mean "permissionBoundary"\?\)/,
    );
  });

  test.each([
    [
      'scp in the policy set',
      () => evaluate(request, { identityPolicies: [allowAll], scp: [s3Only] } as never),
      /^policies\.scp: .*did you mean "scps"/,
    ],
    [
      'identityPolicy in the policy set',
      () => evaluate(request, { identityPolicy: allowAll } as never),
      /^policies\.identityPolicy: .*did you mean "identityPolicies"/,
    ],
    [
      'contxt in the request',
      () => evaluate({ ...request, contxt: { 'aws:SourceVpce': 'vpce-1' } } as never, { identityPolicies: [allowAll] }),
      /^request\.contxt: .*did you mean "context"/,
    ],
    [
      'tag in the principal',
      () => evaluate({ ...request, principal: { arn: USER, tag: { team: 'a' } } } as never, { identityPolicies: [allowAll] }),
      /^request\.principal\.tag: .*did you mean "tags"/,
    ],
    [
      'strcit in evaluate options',
      () => evaluate(request, { identityPolicies: [allowAll] }, { strcit: true } as never),
      /^options\.strcit: .*did you mean "strict"/,
    ],
    [
      'verbos in explain options',
      () => explain(evaluate(request, { identityPolicies: [allowAll] }), { verbos: true } as never),
      /^options\.verbos: .*did you mean "verbose"/,
    ],
    ['nmae in loadPolicy options', () => loadPolicy(allowAll, { nmae: 'x' } as never), /^options\.nmae: .*did you mean "name"/],
    [
      'regoin in fromCommand options',
      () => fromCommand('GetItem', { TableName: 'T', Key: { pk: { S: 'a' } } }, { regoin: 'us-east-1' } as never),
      /^options\.regoin: .*did you mean "region"/,
    ],
    ['atachTo in validate options', () => validate(allowAll, { atachTo: TABLE } as never), /^options\.atachTo: .*did you mean "attachTo"/],
  ])('%s', (_, run, message) => {
    const error = thrown(run);
    expect(error).toBeInstanceOf(RequestError);
    expect(error.message).toMatch(message);
  });
});

describe('request values of the wrong type are refused, naming the key (§3)', () => {
  const policies = { identityPolicies: [allowAll] };
  test.each([
    ['a nested array', { context: { 'dynamodb:LeadingKeys': [['ProductCatalog-1', 'Other-2']] } }, 'context["dynamodb:LeadingKeys"][0]'],
    ['null', { context: { 'aws:SourceVpce': null } }, 'context["aws:SourceVpce"]'],
    ['an object', { context: { 'aws:SourceVpce': {} } }, 'context["aws:SourceVpce"]'],
    ['an object without a prototype', { context: { 'aws:SourceVpce': Object.create(null) as object } }, 'context["aws:SourceVpce"]'],
    ['a context given as a string', { context: 'ab' }, 'context'],
    ['a context given as a list', { context: ['a'] }, 'context'],
    ['a number for a String key', { context: { 'aws:SourceVpce': 5 } }, 'context["aws:SourceVpce"]'],
    ['a boolean for a String key', { context: { 'dynamodb:LeadingKeys': [true] } }, 'context["dynamodb:LeadingKeys"][0]'],
    ['NaN', { context: { 'aws:MultiFactorAuthAge': NaN } }, 'context["aws:MultiFactorAuthAge"]'],
    ['principal tags given as text', { principal: { arn: USER, tags: 'abc' } }, 'principal.tags'],
    ['a principal tag that is a number', { principal: { arn: USER, tags: { team: 5 } } }, 'principal.tags["team"]'],
    ['mfa given as text', { principal: { arn: USER, mfa: 'yes' } }, 'principal.mfa'],
    ['orgId given as an object', { principal: { arn: USER, orgId: {} } }, 'principal.orgId'],
    ['rolePath given as a number', { principal: { arn: 'arn:aws:sts::123456789012:assumed-role/R/s', rolePath: 5 } }, 'principal.rolePath'],
    ['resourceAccount given as a number', { resourceAccount: 5 }, 'resourceAccount'],
    ['no principal', { principal: undefined }, 'principal'],
    ['an action that is not text', { action: { name: 'GetItem' } }, 'action'],
  ])('%s', (_, change, field) => {
    const error = thrown(() => evaluate({ ...request, ...change } as never, policies));
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).field).toBe(field);
  });

  test('the nested array used to turn an implicit deny into Allow: the flat list still decides as before', () => {
    const leading = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'dynamodb:GetItem',
          Resource: '*',
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['ProductCatalog-*'] } },
        },
      ],
    };
    expect(
      evaluate({ ...request, context: { 'dynamodb:LeadingKeys': ['ProductCatalog-1', 'Other-2'] } }, { identityPolicies: [leading] })
        .decision,
    ).toBe('ImplicitDeny');
  });

  test('numbers for keys AWS types as numbers or dates, booleans for Bool keys, are accepted', () => {
    const decision = evaluate(
      { ...request, context: { 'aws:MultiFactorAuthAge': 300, 'aws:EpochTime': 1700000000, 'aws:SecureTransport': true } },
      { identityPolicies: [allowAll] },
    );
    expect(decision.decision).toBe('Allow');
  });
});

describe('inputs that used to throw untyped errors name their field (§2)', () => {
  test.each([
    ['evaluate with no principal', () => evaluate({ action: 'dynamodb:GetItem', resource: TABLE } as never, {}), RequestError, 'principal'],
    [
      'rolePath: 5',
      () => parseCaller({ arn: 'arn:aws:sts::123456789012:assumed-role/R/s', rolePath: 5 } as never),
      RequestError,
      'principal.rolePath',
    ],
    [
      'a context value Object.create(null)',
      () => evaluate({ ...request, context: { a: Object.create(null) as object } } as never, {}),
      RequestError,
      'context["a"]',
    ],
    ['resourcePolicy: null', () => evaluate(request, { resourcePolicy: null } as never), RequestError, 'resourcePolicy'],
    ['identityPolicies: [5]', () => evaluate(request, { identityPolicies: [5] } as never), RequestError, 'identityPolicies[0]'],
    ['scps: [[null]]', () => evaluate(request, { scps: [[null]] } as never), RequestError, 'scps[0][0]'],
    ['evaluate(req, null)', () => evaluate(request, null as never), RequestError, ''],
    [
      'identityPolicies that is not a list',
      () => evaluate(request, { identityPolicies: allowAll } as never),
      RequestError,
      'identityPolicies',
    ],
    [
      'fromCommand options { region: 5 }',
      () => fromCommand('GetItem', { TableName: 'T', Key: { pk: { S: 'a' } } }, { region: 5 } as never),
      RequestError,
      'region',
    ],
    [
      'fromCommand options { keySchema: null }',
      () => fromCommand('GetItem', { TableName: 'T', Key: { pk: { S: 'a' } } }, { keySchema: null } as never),
      RequestError,
      'keySchema',
    ],
    // eslint-disable-next-line no-sparse-arrays -- a list with a hole is the input under test
    ['evaluateAll with a hole', () => evaluateAll([, request] as never, {}), RequestError, ''],
    ['explain of something else', () => explain({} as never), RequestError, ''],
  ])('%s', (_, run, type, field) => {
    const error = thrown(run);
    expect(error).toBeInstanceOf(type);
    expect((error as RequestError).field).toBe(field);
  });

  test('a BigInt, a cycle or a sparse Statement array in a policy object is a PolicyError at its path', () => {
    const statement = { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' };
    const bigint = thrown(() =>
      loadPolicy({ Version: '2012-10-17', Statement: [{ ...statement, Condition: { NumericEquals: { 'aws:MultiFactorAuthAge': 10n } } }] }),
    );
    expect(bigint).toBeInstanceOf(PolicyError);
    expect((bigint as PolicyError).code).toBe('unsupported-value');
    expect((bigint as PolicyError).location.path).toBe('Statement[0].Condition.NumericEquals["aws:MultiFactorAuthAge"]');
    const doc: Record<string, unknown> = { Version: '2012-10-17', Statement: [{ ...statement }] };
    (doc.Statement as Record<string, unknown>[])[0]!.Condition = { StringEquals: { 'aws:PrincipalTag/t': doc } };
    expect(thrown(() => loadPolicy(doc)).message).toMatch(/contains itself \(a cycle\)/);
    // eslint-disable-next-line no-sparse-arrays
    const sparse = thrown(() => loadPolicy({ Version: '2012-10-17', Statement: [statement, , statement] }));
    expect((sparse as PolicyError).code).toBe('unsupported-value');
    expect((sparse as PolicyError).location.path).toBe('Statement[1]');
  });

  test('a huge string is refused with a short message that does not embed it', () => {
    const huge = 'a'.repeat(2 * 1024 * 1024);
    const error = thrown(() => loadPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: huge, Resource: '*' }] }));
    expect((error as PolicyError).code).toBe('too-large');
    expect(error.message.length).toBeLessThan(300);
    const text = thrown(() =>
      parsePolicy(`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "${'b'.repeat(70_000)}", "Resource": "*"}}`),
    );
    expect(text.message.length).toBeLessThan(600);
    const request = thrown(() => evaluate({ principal: USER, action: 'dynamodb:GetItem', resource: 'x'.repeat(100_000) }, {}));
    expect(request.message.length).toBeLessThan(2200);
  });

  test('an unknown key of 200,000 characters is a short RequestError (the did-you-mean search skips it)', () => {
    const error = thrown(() => evaluate({ ...request, ['k'.repeat(200_000)]: 1 } as never, {}));
    expect(error).toBeInstanceOf(RequestError);
    expect(error.message.length).toBeLessThan(2200);
  });

  test('validate on DateLessThan "8640000000001" reports a finding instead of a RangeError', () => {
    const findings = validate({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: ACCOUNT },
          Action: 'dynamodb:GetItem',
          Resource: TABLE,
          Condition: { DateLessThan: { 'aws:CurrentTime': '8640000000001' } },
        },
      ],
    });
    expect(findings.find((f) => f.code === 'epoch-date')?.message).toMatch(/after the year 275760/);
  });
});

describe('strict JSON for .json files and JSON text (§3)', () => {
  const lax = [
    [
      'a trailing comma',
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*"},]}',
      1,
      107,
      /a trailing comma/,
    ],
    ['a comment', '{\n  // reads\n  "Version": "2012-10-17", "Statement": []\n}', 2, 3, /a comment/],
    ['single quotes', "{'Version': '2012-10-17', 'Statement': []}", 1, 2, /single quote/],
    ['a bare word', '{"Version": 2012-10-17}', 1, 17, /expected "," or "}"/],
    ['text after the document', '{"Statement": []} x', 1, 19, /after the document/],
  ] as const;

  test.each(lax)('%s in JSON text is a syntax error with line and column', (_, text, line, column, message) => {
    const error = thrown(() => parsePolicy(text, { file: 'p.json' })) as PolicyError;
    expect(error).toBeInstanceOf(PolicyError);
    expect(error.code).toBe('syntax');
    expect(error.message).toMatch(/not valid JSON \(RFC 8259\)/);
    expect(error.message).toMatch(message);
    expect([error.location.line, error.location.column]).toEqual([line, column]);
    // Text that starts with { or [ is JSON even without a file name.
    expect(() => parsePolicy(text)).toThrow(/not valid JSON/);
  });

  test('a .json file with YAML in it is not read as YAML; a .yaml file is', () => {
    const yaml = 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: dynamodb:GetItem\n    Resource: "*"\n';
    writeFileSync(join(tmp, 'p.json'), yaml);
    writeFileSync(join(tmp, 'p.yaml'), yaml);
    expect(() => loadPolicyFile(join(tmp, 'p.json'))).toThrow(/not valid JSON/);
    expect(loadPolicyFile(join(tmp, 'p.yaml')).statements).toHaveLength(1);
    // YAML flow in a .yaml file stays YAML.
    writeFileSync(
      join(tmp, 'flow.yaml'),
      "{Version: '2012-10-17', Statement: [{Effect: Allow, Action: dynamodb:GetItem, Resource: '*'}]}\n",
    );
    expect(loadPolicyFile(join(tmp, 'flow.yaml')).statements).toHaveLength(1);
  });

  test('duplicate keys and lone control characters are refused; escapes and a byte order mark are read', () => {
    expect(() => parsePolicy('{"Version": "2012-10-17", "Version": "2012-10-17", "Statement": []}')).toThrow(/appears twice/);
    expect(() => parsePolicy('{"Statement": [], "Id": "a\tb"}')).toThrow(/control character/);
    const policy = parsePolicy(
      '\uFEFF{"Version": "2012-10-17", "Id": "\\u0041\\/", "Statement": {"Effect": "Allow", "Action": ' +
        '"dynamodb:GetItem", "Resource": "*"}}',
    );
    expect(policy.id).toBe('A/');
  });

  test('positions of statements come from the JSON text', () => {
    const policy = parsePolicy(
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Sid": "A", "Effect": "Allow", "Action": ' +
        '"dynamodb:GetItem", "Resource": "*"},\n    {"Sid": "B", "Effect": "Deny", "Action": ' +
        '"dynamodb:GetItem", "Resource": "*"}\n  ]\n}',
      { file: 'p.json' },
    );
    expect(policy.statements.map((s) => [s.ref.line, s.ref.column])).toEqual([
      [4, 5],
      [5, 5],
    ]);
  });

  test('a scenario file naming a lax .json policy with file: fails to load', () => {
    writeFileSync(
      join(tmp, 'lax.json'),
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*",}]}',
    );
    const text =
      `policies:\n  p: { file: lax.json }\nprincipals:\n  u: { arn: "${USER}", identityPolicies: [p] ` +
      `}\ncases:\n  - { name: c, principal: u, action: dynamodb:GetItem, resource: "*", expect: allow ` +
      `}\n`;
    expect(() => loadScenarioText(text, { path: join(tmp, 's.iam.yaml'), cwd: tmp })).toThrow(
      /lax\.json:1:\d+: the policy is not valid JSON \(RFC 8259\): a trailing comma/,
    );
  });

  test('every .json policy of the repository (examples, fixtures) is strict JSON', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir)) {
        if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (entry.endsWith('.json') && /"Statement"/.test(readFileSync(path, 'utf8'))) files.push(path);
      }
    };
    for (const dir of ['scenarios', 'test/fixtures', 'test/examples']) walk(join(root, dir));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      try {
        loadPolicyFile(file);
      } catch (error) {
        // Fixtures of broken policies are broken on purpose, but never for their JSON syntax.
        expect((error as PolicyError).code, relative(root, file)).not.toBe('syntax');
      }
    }
  });
});

describe('the same scenario file decides the same with LF and CRLF line ends (§3, fast-check)', () => {
  const odd = ['', '\u00a0', '\u2028', '\u3000', '\ufeff', ' '];
  test('property', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            vpce: fc.constantFrom('vpce-1', 'vpce-2'),
            suffix: fc.constantFrom(...odd),
            quoted: fc.boolean(),
            expect: fc.constantFrom('allow', 'deny'),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        (cases) => {
          const lines = [
            'policies:',
            '  p:',
            '    document:',
            '      Version: "2012-10-17"',
            '      Statement:',
            '        - { Effect: Allow, Action: dynamodb:GetItem, Resource: "*", Condition: { StringEquals: { aws:SourceVpce: vpce-1 } } }',
            'principals:',
            `  u: { arn: "${USER}", identityPolicies: [p] }`,
            'cases:',
            ...cases.flatMap((c, i) => {
              const value = `${c.vpce}${c.suffix}`;
              // Block style, where the fast reader used to trim what the yaml package keeps.
              return [
                `  - name: c${i}`,
                '    principal: u',
                '    action: dynamodb:GetItem',
                '    resource: "*"',
                '    context:',
                `      aws:SourceVpce: ${c.quoted ? JSON.stringify(value) : value}`,
                `    expect: ${c.expect}`,
              ];
            }),
            '',
          ];
          const decide = (text: string) => {
            try {
              return runScenario(loadScenarioText(text, { path: join(tmp, 'eol.iam.yaml'), cwd: tmp })).map(
                (r) => `${r.status}:${r.decision}`,
              );
            } catch (error) {
              if (error instanceof ScenarioError) return error.issues.map((i) => `${i.line}:${i.column}:${i.message}`);
              throw error;
            }
          };
          const lf = lines.join('\n');
          expect(decide(lf.replace(/\n/g, '\r\n'))).toEqual(decide(lf));
        },
      ),
      { numRuns: 200 },
    );
  }, 30_000);

  test('the issue example: "vpce-1<NBSP>" is not vpce-1, with either line end', () => {
    const text =
      `policies:\n  p:\n    document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: ` +
      `dynamodb:GetItem, Resource: "*", Condition: { StringEquals: { aws:SourceVpce: vpce-1 } } }] ` +
      `}\nprincipals:\n  u: { arn: "${USER}", identityPolicies: [p] }\ncases:\n  - name: nbsp\n    ` +
      `principal: u\n    action: dynamodb:GetItem\n    resource: "*"\n    context:\n      ` +
      `aws:SourceVpce: vpce-1\u00a0\n    expect: deny\n`;
    for (const eol of ['\n', '\r\n']) {
      const [result] = runScenario(loadScenarioText(text.replace(/\n/g, eol), { path: join(tmp, 'nbsp.iam.yaml'), cwd: tmp }));
      expect(result?.decision).toBe('ImplicitDeny');
    }
  });
});

describe('did-you-mean gaps (issue 10)', () => {
  test('a policy element "Condtion" is suggested "Condition"', () => {
    const error = thrown(() =>
      loadPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*', Condtion: {} }] }),
    );
    expect(error.message).toMatch(/"Condtion" is not a statement element \(did you mean "Condition"\?/);
    expect(thrown(() => loadPolicy({ Versoin: '2012-10-17', Statement: [] })).message).toMatch(/did you mean "Version"\?/);
  });

  test('the condition key dynamodb:LeadingKey in a scenario context is suggested dynamodb:LeadingKeys', () => {
    const text =
      `principals:\n  u: { arn: "${USER}" }\ncases:\n  - { name: c, principal: u, action: ` +
      `dynamodb:GetItem, resource: "*", context: { dynamodb:LeadingKey: [a] }, expect: deny }\n`;
    expect(() => loadScenarioText(text, { path: join(tmp, 'k.iam.yaml'), cwd: tmp })).toThrow(
      /"dynamodb:LeadingKey" is not a DynamoDB condition key \(did you mean "dynamodb:LeadingKeys"\?\)/,
    );
    const aws = text.replace('dynamodb:LeadingKey: [a]', 'aws:SoruceVpce: x');
    expect(() => loadScenarioText(aws, { path: join(tmp, 'k.iam.yaml'), cwd: tmp })).toThrow(/did you mean "aws:SourceVpce"\?/);
  });

  test('the condition key dynamodb:LeadingKey in a policy is suggested by validate', () => {
    const findings = validate({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: ACCOUNT },
          Action: 'dynamodb:GetItem',
          Resource: TABLE,
          Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKey': ['a'] } },
        },
      ],
    });
    expect(findings.find((f) => f.code === 'unknown-condition-key')?.message).toMatch(/did you mean dynamodb:LeadingKeys\?/);
  });

  test('fromCommand on an unknown command stays a CallError', () => {
    expect(() => fromCommand('GetItm', {})).toThrow(CallError);
  });
});

describe('iamspec check reads .json policies strictly', () => {
  test('a trailing comma is an error, not "no findings"', async () => {
    writeFileSync(
      join(tmp, 'table.json'),
      `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "${ACCOUNT}"}, ` +
        `"Action": "dynamodb:GetItem", "Resource": "${TABLE}"},]}`,
    );
    const run = await cli(['check', 'table.json'], tmp);
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/table\.json\n\s+error\s+1:\d+\s+\[syntax\] .*a trailing comma/);
  });
});
