import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPolicy, loadPolicyFile, parsePolicy, PolicyError, type PolicyErrorCode } from '../../src/index';

function issueOf(text: string): { code: PolicyErrorCode; line: number | undefined; path: string; message: string } {
  try {
    parsePolicy(text, { file: 'policy.json' });
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    const e = error as PolicyError;
    return { code: e.code, line: e.location.line, path: e.location.path, message: e.message };
  }
  throw new Error('expected the policy to be rejected');
}

const wrap = (statement: string) => `{\n  "Version": "2012-10-17",\n  "Statement": [\n    ${statement}\n  ]\n}`;

describe('loading accepts what AWS accepts (IAM JSON policy grammar)', () => {
  it('a single statement object, strings or arrays, "*" principal, account shorthand', () => {
    const policy = loadPolicy({
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Principal: { AWS: ['111122223333', '*'] }, Action: 'dynamodb:GetItem', Resource: ['*'] },
    });
    expect(policy.statements).toHaveLength(1);
    expect(policy.kind).toBe('resource');
    expect(policy.statements[0]!.principal?.anyone).toBe(true);
    expect(policy.statements[0]!.principal?.entries[0]).toMatchObject({ kind: 'account', account: '111122223333' });
  });

  it('Version 2008-10-17 and a missing Version', () => {
    expect(loadPolicy({ Version: '2008-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }).version).toBe('2008-10-17');
    expect(loadPolicy({ Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }).version).toBeUndefined();
  });

  it('YAML as well as JSON, with the line of each statement', () => {
    const policy = parsePolicy(
      'Version: "2012-10-17"\nStatement:\n  - Sid: A\n    Effect: Allow\n    Action: dynamodb:Query\n    Resource: "*"\n',
      { file: 'p.yaml' },
    );
    expect(policy.statements[0]!.ref).toMatchObject({ sid: 'A', label: 'A', line: 3, file: 'p.yaml', policy: 'p' });
  });

  it('statements without Sid are named by index', () => {
    const policy = loadPolicy(
      {
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Sid: 'Two', Effect: 'Allow', Action: '*', Resource: '*' },
        ],
      },
      { name: 'p' },
    );
    expect(policy.statements.map((s) => s.ref.label)).toEqual(['0', 'Two']);
  });
});

describe('loading rejects what AWS rejects, with file, line and JSON path', () => {
  it.each<[string, string, PolicyErrorCode, number, string]>([
    [
      'unknown statement key',
      '{ "Effect": "Allow", "Action": "*", "Resource": "*", "Conditon": {} }',
      'unknown-key',
      4,
      'Statement[0].Conditon',
    ],
    [
      'Action with NotAction',
      '{ "Effect": "Allow", "Action": "*", "NotAction": "s3:*", "Resource": "*" }',
      'conflicting-elements',
      4,
      'Statement[0].NotAction',
    ],
    [
      'unknown operator',
      '{ "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": { "StringContains": { "aws:username": "a" } } }',
      'unknown-operator',
      4,
      'Statement[0].Condition.StringContains',
    ],
    [
      'invalid CIDR',
      '{ "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": { "IpAddress": { "aws:SourceIp": "10.0.0.0/33" } } }',
      'invalid-cidr',
      4,
      'Statement[0].Condition.IpAddress["aws:SourceIp"]',
    ],
    [
      'empty CIDR (announcement example 4)',
      '{ "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": { "IpAddress": { "aws:SourceIp": ["", "2001:DB8::/32"] } } }',
      'invalid-cidr',
      4,
      'Statement[0].Condition.IpAddress["aws:SourceIp"][0]',
    ],
    [
      'invalid date',
      '{ "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": { "DateLessThan": { "aws:CurrentTime": "2024-13-01" } } }',
      'invalid-date',
      4,
      'Statement[0].Condition.DateLessThan["aws:CurrentTime"]',
    ],
    [
      'malformed ARN with a space (announcement example 2)',
      '{ "Effect": "Allow", "Action": "*", "Resource": "arn:aws:dynamodb:us-east-1:444455556666:table/t /stream/x" }',
      'invalid-resource',
      4,
      'Statement[0].Resource',
    ],
    [
      'ARN with too few components',
      '{ "Effect": "Allow", "Action": "*", "Resource": "arn:aws:dynamodb:us-east-1:table/t" }',
      'invalid-resource',
      4,
      'Statement[0].Resource',
    ],
    [
      'wildcard inside a principal ARN',
      '{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/*" }, "Action": "*", "Resource": "*" }',
      'wildcard-in-principal',
      4,
      'Statement[0].Principal.AWS',
    ],
    [
      'space in a principal ARN (announcement example 3)',
      '{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam:: 111111111111:user/foo" }, "Action": "*", "Resource": "*" }',
      'invalid-arn',
      4,
      'Statement[0].Principal.AWS',
    ],
    [
      'Null with IfExists',
      '{ "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": { "NullIfExists": { "aws:username": "true" } } }',
      'invalid-operator-combination',
      4,
      'Statement[0].Condition.NullIfExists',
    ],
    ['Effect in the wrong case', '{ "Effect": "allow", "Action": "*", "Resource": "*" }', 'invalid-effect', 4, 'Statement[0].Effect'],
    [
      'action without a service prefix',
      '{ "Effect": "Allow", "Action": "GetItem", "Resource": "*" }',
      'invalid-action',
      4,
      'Statement[0].Action',
    ],
    [
      'duplicate condition keys differing in case',
      '{ "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": { "StringEquals": { ' +
        '"aws:username": "a", "AWS:USERNAME": "b" } } }',
      'duplicate-condition-key',
      4,
      'Statement[0].Condition.StringEquals["AWS:USERNAME"]',
    ],
    [
      'a variable in a Numeric value',
      '{ "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": { "NumericLessThan": { ' +
        '"aws:MultiFactorAuthAge": "${aws:username}" } } }',
      'variable-not-allowed',
      4,
      'Statement[0].Condition.NumericLessThan["aws:MultiFactorAuthAge"]',
    ],
    [
      'a variable without its closing brace',
      '{ "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": { "StringEquals": { "aws:username": "${aws:username" } } }',
      'invalid-variable',
      4,
      'Statement[0].Condition.StringEquals["aws:username"]',
    ],
    [
      'a non-numeric Numeric value',
      '{ "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": { "NumericEquals": { "aws:MultiFactorAuthAge": "ten" } } }',
      'invalid-number',
      4,
      'Statement[0].Condition.NumericEquals["aws:MultiFactorAuthAge"]',
    ],
    ['a missing Action', '{ "Effect": "Allow", "Resource": "*" }', 'missing-element', 4, 'Statement[0]'],
  ])('%s', (_what, statement, code, line, path) => {
    const issue = issueOf(wrap(statement));
    expect(issue.code).toBe(code);
    expect(issue.line).toBe(line);
    expect(issue.path).toBe(path);
    expect(issue.message).toContain('policy.json:4:');
  });

  it('rejects an unknown top-level key and an invalid Version', () => {
    expect(issueOf('{ "Version": "2012-10-18", "Statement": [] }').code).toBe('invalid-version');
    expect(issueOf('{ "Statements": [] }').code).toBe('unknown-key');
  });

  it('rejects duplicate keys and invalid JSON with the line', () => {
    const dup = issueOf('{\n "Statement": [],\n "Statement": []\n}');
    expect(dup.code).toBe('syntax');
    expect(dup.line).toBe(3);
    expect(issueOf('{ "Statement": [ }').code).toBe('syntax');
  });

  it('collects every problem of a policy, not only the first', () => {
    try {
      parsePolicy(wrap('{ "Effect": "Allow", "Action": "GetItem", "Resource": "arn:bad" }'));
      expect.unreachable();
    } catch (error) {
      expect((error as PolicyError).issues.map((i) => i.code)).toEqual(['invalid-action', 'invalid-resource']);
    }
  });

  it('rejects a Principal in an identity-based policy and a statement without Principal in a resource-based one', () => {
    const withPrincipal = { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };
    expect(() => loadPolicy(withPrincipal, { kind: 'identity' })).toThrowError(/not allowed in an identity-based policy/);
    const mixed = {
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
        { Effect: 'Allow', Action: '*', Resource: '*' },
      ],
    };
    expect(() => loadPolicy(mixed)).toThrowError(/needs a Principal/);
  });
});

describe('loading never throws anything but PolicyError', () => {
  const check = (input: unknown) => {
    try {
      loadPolicy(input as object);
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
    }
  };
  it('on random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => check(value === null || typeof value !== 'object' ? JSON.stringify(value) + '\n' : value)),
      { numRuns: 1000 },
    );
  });
  it('on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => check(`{${text}\n`)),
      { numRuns: 1000 },
    );
  });
  it('on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => check(`${Buffer.from(bytes).toString('latin1')}\n`)),
      { numRuns: 1000 },
    );
  });
  it('on random policy-shaped documents', () => {
    const scalar = fc.oneof(
      fc.constantFrom(
        '*',
        'Allow',
        'Deny',
        'dynamodb:GetItem',
        'arn:aws:dynamodb:us-east-1:111122223333:table/T',
        '111122223333',
        '${aws:username}',
        '10.0.0.0/8',
      ),
      fc.string(),
      fc.integer(),
      fc.boolean(),
    );
    const value = fc.oneof(
      scalar,
      fc.array(scalar, { maxLength: 3 }),
      fc.dictionary(
        fc.constantFrom('AWS', 'Service', 'StringEquals', 'IpAddress', 'ForAllValues:StringLike', 'aws:SourceIp'),
        fc.oneof(scalar, fc.dictionary(fc.string(), scalar)),
      ),
    );
    const statement = fc.dictionary(
      fc.constantFrom('Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'),
      value,
    );
    fc.assert(
      fc.property(
        fc.record({
          Version: fc.constantFrom('2012-10-17', '2008-10-17', 'x'),
          Statement: fc.oneof(statement, fc.array(statement, { maxLength: 3 })),
        }),
        check,
      ),
      { numRuns: 2000 },
    );
  });
});

describe('messages say where, also for text that came from no file', () => {
  it('names the policy in place of the file, with line and column', () => {
    const text =
      '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*",\n' +
      '    "Condition": { "Nope": { "aws:SourceIp": "10.0.0.0/8" } } }]\n}';
    expect(() => parsePolicy(text, { name: 'central' })).toThrow(/^central:4:20 \(statement 0\) at Statement\[0\]\.Condition\.Nope: /);
    expect(() => parsePolicy(text, { file: 'policies/central.json' })).toThrow(/^policies\/central\.json:4:20 \(statement 0\)/);
    // A document given as an object has no lines: the name and the path say where.
    expect(() => loadPolicy(JSON.parse(text) as object)).toThrow(/^policy \(statement 0\) at Statement\[0\]\.Condition\.Nope: /);
  });
});

describe('loadPolicyFile remembers what it compiled', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iamspec-load-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'table.json');
  const allow = (action: string) =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: action, Resource: '*' }] });

  it('gives the same policy for the same file, text and options, and compiles text that changed', () => {
    writeFileSync(file, allow('dynamodb:GetItem'));
    const first = loadPolicyFile(file);
    expect(loadPolicyFile(file)).toBe(first);
    // Other options are another policy (its name and role are part of it).
    const named = loadPolicyFile(file, { name: 'other' });
    expect(named).not.toBe(first);
    expect(named.name).toBe('other');
    writeFileSync(file, allow('dynamodb:PutItem'));
    const changed = loadPolicyFile(file);
    expect(changed).not.toBe(first);
    expect(changed.statements[0]!.action.patterns.map((p) => p.text)).toEqual(['dynamodb:PutItem']);
  });

  it('remembers no failure: a file fixed after an error loads', () => {
    writeFileSync(file, '{ "Version": "2012-10-17", "Statement": [ }');
    expect(() => loadPolicyFile(file)).toThrow(PolicyError);
    writeFileSync(file, allow('dynamodb:Query'));
    expect(loadPolicyFile(file).statements[0]!.action.patterns.map((p) => p.text)).toEqual(['dynamodb:Query']);
  });
});
