/**
 * Every problem in a JSON report carries its code, severity and location, as the problem has them:
 * a scenario file's own error, a policy error met while loading a scenario, a case that cannot be
 * evaluated, and a finding of `iamspec check`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli } from './cli-io';

const BASIC = fileURLToPath(new URL('../fixtures/scenarios-basic/', import.meta.url));
const INVALID = fileURLToPath(new URL('../fixtures/scenarios-invalid/', import.meta.url));

interface Issue {
  code: string;
  severity: string;
  message: string;
  location: { file: string | null; line: number | null; column: number | null; path: string | null };
  suggestion: string | null;
  file: string;
  line: number | null;
  column: number | null;
}

async function issuesOf(file: string): Promise<Issue[]> {
  const run = await cli(['test', file, '--reporter', 'json'], BASIC);
  expect(run.code).toBe(2);
  const report = JSON.parse(run.stdout) as { files: { valid: boolean; issues: Issue[] }[] };
  expect(report.files).toHaveLength(1);
  expect(report.files[0]!.valid).toBe(false);
  return report.files[0]!.issues;
}

describe('iamspec test --reporter json: issues and case errors are problems', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'iamspec-json-codes-'));
    writeFileSync(
      join(tmp, 'uses-broken.iam.yaml'),
      [
        'policies:',
        `  reader: { file: ${join(BASIC, 'policies', 'broken.json')} }`,
        'principals:',
        '  alfa: { arn: "arn:aws:iam::111111111111:role/reader", identityPolicies: [reader] }',
        'cases:',
        '  - { name: reads, principal: alfa, action: dynamodb:GetItem, resource: "*", expect: allow }',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(tmp, 'case-errors.iam.yaml'),
      [
        'policies:',
        `  reader: { file: ${join(BASIC, 'policies', 'reader.json')} }`,
        'principals:',
        '  alfa: { arn: "arn:aws:iam::111111111111:role/reader", identityPolicies: [reader], region: us-east-1 }',
        'cases:',
        '  - { name: no region, principal: "arn:aws:iam::111111111111:user/x", action: dynamodb:GetItem, resource: central, expect: deny }',
        '  - name: names nothing',
        '    principal: alfa',
        '    action: dynamodb:GetItem',
        '    resource: "arn:aws:dynamodb:us-east-1:111111111111:table/central"',
        '    expect: allow',
        '    decidedBy: nope#X',
        '',
      ].join('\n'),
    );
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  test("a scenario file's own error: invalid-scenario, at its line and column", async () => {
    const issues = await issuesOf(join(INVALID, 'invalid.iam.yaml'));
    expect(issues[0]).toEqual({
      code: 'invalid-scenario',
      severity: 'error',
      message: expect.stringMatching(/^unknown key "principle" in a case \(did you mean "principal"\?\)/),
      location: { file: '../scenarios-invalid/invalid.iam.yaml', line: 4, column: 5, path: null },
      suggestion: null,
      file: '../scenarios-invalid/invalid.iam.yaml',
      line: 4,
      column: 5,
    });
    expect(issues.map((i) => i.code)).toEqual(issues.map(() => 'invalid-scenario'));
  });

  test("a policy that does not load: the policy's own code, located in the policy file", async () => {
    const issues = await issuesOf(join(tmp, 'uses-broken.iam.yaml'));
    expect(issues.length).toBeGreaterThan(0);
    const effect = issues.find((i) => i.code === 'invalid-effect');
    expect(effect, JSON.stringify(issues)).toBeDefined();
    expect(effect).toMatchObject({ severity: 'error', location: { line: 5, path: 'Statement[0].Effect' } });
    expect(effect!.location.file).toMatch(/broken\.json$/);
    expect(effect!.file).toBe(effect!.location.file);
  });
  test('a case that cannot be evaluated: its problems, with their codes', async () => {
    const run = await cli(['test', join(tmp, 'case-errors.iam.yaml'), '--reporter', 'json'], BASIC);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as { files: { cases: { name: string; status: string; problems: Issue[] }[] }[] };
    const [noRegion, namesNothing] = report.files[0]!.cases;
    expect(noRegion).toMatchObject({ name: 'no region', status: 'error' });
    expect(noRegion!.problems).toEqual([
      {
        code: 'invalid-request',
        severity: 'error',
        message: expect.stringContaining('the bare table name "central" resolves in the caller\'s region'),
        location: { file: null, line: null, column: null, path: 'request.region' },
        suggestion: null,
      },
    ]);
    expect(namesNothing).toMatchObject({ name: 'names nothing', status: 'error' });
    expect(namesNothing!.problems).toEqual([
      {
        code: 'invalid-scenario',
        severity: 'error',
        message: 'decidedBy "nope#X": no policy "nope" is in play for this case; in play: reader',
        location: { file: expect.stringMatching(/case-errors\.iam\.yaml$/), line: 12, column: 16, path: null },
        suggestion: null,
      },
    ]);
  });
});

describe('iamspec check --format json: findings are problems', () => {
  test('a finding carries its code, severity and location', async () => {
    const run = await cli(['check', 'policies/broken.json', '--format', 'json'], BASIC);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      policies: { file: string; findings: { code: string; severity: string; message: string; location?: Record<string, unknown> }[] }[];
      errors: number;
    };
    const findings = report.policies[0]!.findings;
    const effect = findings.find((f) => f.code === 'invalid-effect');
    expect(effect, JSON.stringify(findings)).toBeDefined();
    expect(effect).toMatchObject({ severity: 'error', location: { file: 'policies/broken.json', line: 5, path: 'Statement[0].Effect' } });
    expect(report.errors).toBe(findings.filter((f) => f.severity === 'error').length);
  });
});
