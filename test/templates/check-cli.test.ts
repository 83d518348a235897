/**
 * `iamspec check TEMPLATE...`: every policy a template, plan or assembly deploys, checked against
 * what it is attached to, with findings at the template's lines in every output format.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli, lastLine } from '../cli/cli-io';

const CWD = process.cwd();
const TEMPLATE = 'test/fixtures/templates/announcement.yaml';
const PLAN = 'test/fixtures/templates/announcement.tfplan.json';
const CENTRAL = ['--account', '444455556666', '--value', 'CentralTable.StreamLabel=2024-01-11T16:35:51.514'];

describe('iamspec check on templates', () => {
  test('each table, stream and identity policy, tied to its ARN; what stood in for a deploy-time value is said', async () => {
    const run = await cli(['check', TEMPLATE], CWD);
    expect(run.stdout).toContain(`${TEMPLATE}: table CentralTable (arn:aws:dynamodb:us-east-1:123456789012:table/rbac-central-table)`);
    expect(run.stdout).toContain(
      `${TEMPLATE}: identity policy AppRole.ReadCentral of role AppRole (arn:aws:iam::123456789012:role/orders-app)`,
    );
    expect(run.stdout).toContain('CentralTable.StreamLabel is chosen at deployment; "1970-01-01T00:00:00.000" stands in for it');
    // With a stand-in label, the stream policy is held to the stream it names, not to the stand-in.
    expect(run.stdout).not.toContain('resource-mismatch');
    expect(run.code).toBe(0);
  });

  test('values given on the command line: the stream is the one the policy names', async () => {
    const run = await cli(['check', TEMPLATE, ...CENTRAL], CWD);
    expect(run.stdout).toContain(
      'stream of CentralTable (arn:aws:dynamodb:us-east-1:444455556666:table/rbac-central-table/stream/2024-01-11T16:35:51.514)',
    );
    expect(run.stdout).not.toContain('stands in');
    // Example 4's Allow is dead (its Deny needs a VPC endpoint, its Allow a public address), as for the standalone file.
    expect(run.stdout).toMatch(/warning +42:\d+ +\[dead-allow\] statement Statement4 never allows anything/);
    expect(lastLine(run.stdout)).toBe('3 policies: 0 errors, 1 warnings, 0 suggestions; 0 public');
  });

  test('a finding points at the template line, in text, JSON and SARIF', async () => {
    const args = ['check', TEMPLATE, '--value', 'CentralTable.StreamLabel=2025-02-02T00:00:00.000'];
    // The stream deployed has another label than the one its policy names.
    const text = await cli(args, CWD);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/error +64:\d+ +\[resource-mismatch\]/);
    const json = JSON.parse((await cli([...args, '--format', 'json'], CWD)).stdout) as {
      policies: { file: string; findings: { code: string; statement?: { line: number; file: string } }[] }[];
    };
    const stream = json.policies.find((p) => p.findings.some((f) => f.code === 'resource-mismatch'))!;
    expect(stream.file).toBe(TEMPLATE);
    expect(stream.findings[0]!.statement).toMatchObject({ file: TEMPLATE, line: 64 });
    const sarif = JSON.parse((await cli([...args, '--format', 'sarif'], CWD)).stdout) as {
      runs: {
        results: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
      }[];
    };
    const result = sarif.runs[0]!.results.find((r) => r.ruleId === 'resource-mismatch')!;
    expect(result.locations[0]!.physicalLocation).toMatchObject({ artifactLocation: { uri: TEMPLATE }, region: { startLine: 64 } });
  });

  test('a Terraform plan is checked on its planned side; unknowns are said', async () => {
    const run = await cli(['check', PLAN], CWD);
    expect(run.stdout).toContain(
      `${PLAN}: table aws_dynamodb_resource_policy.tenant_catalog (arn:aws:dynamodb:us-east-1:222222222222:table/rbac-central-table)`,
    );
    expect(run.stdout).toContain(
      'note: test/fixtures/templates/announcement.tfplan.json: aws_iam_role.worker.arn is known only after apply',
    );
    expect(run.code).toBe(0);
  });

  test('an unresolvable value is exit 2 with template:line; a malformed option is a usage error', async () => {
    const broken = await cli(['check', 'test/fixtures/templates/announcement.yaml', '--parameter', 'Nope=1'], CWD);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(
      /announcement\.yaml:\d+:\d+ at Parameters: a value is given for the parameter Nope, which the template does not declare/,
    );
    const usage = await cli(['check', TEMPLATE, '--value', 'novalue'], CWD);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--value takes name=value; found "novalue"');
  });
});

describe('iamspec diff on templates and plans', () => {
  test('a Terraform plan: its prior against its planned values, per table and for its roles; unknowns noted', async () => {
    const run = await cli(['diff', PLAN, '--format', 'json'], CWD);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { files: { title: string; counts: { widened: number; narrowed: number }; notes: string[] }[] };
    expect(report.files.map((f) => [f.title, f.counts.widened, f.counts.narrowed])).toEqual([
      [`${PLAN}: aws_dynamodb_table.central (table policy)`, 1, 1],
      [`${PLAN}: aws_dynamodb_resource_policy.tenant_catalog (table policy)`, 1, 0],
      [`${PLAN}: roles and users, with every policy of the deployment in play`, 1, 0],
    ]);
    expect(report.files[2]!.notes).toContain(
      `${PLAN}: aws_iam_role.worker.arn is known only after apply: the role is not read: its ARN is known only after apply`,
    );
  });

  test('two versions of a CloudFormation template', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamspec-cfn-'));
    try {
      const before = readFileSync(TEMPLATE, 'utf8');
      const after = before.replace('!Sub "arn:${AWS::Partition}:iam::${TenantAccount}:user/foobar"', '"*"');
      expect(after).not.toBe(before);
      writeFileSync(join(dir, 'before.yaml'), before);
      writeFileSync(join(dir, 'after.yaml'), after);
      const run = await cli(['diff', 'before.yaml', 'after.yaml', ...CENTRAL], dir);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('iamspec diff: before.yaml → after.yaml: CentralTable (table policy)');
      expect(run.stdout).toMatch(/WIDENED .* → dynamodb:GetItem on arn:aws:dynamodb:us-east-1:444455556666:table\/rbac-central-table/);
      expect(run.stdout).toMatch(/after: {2}Allow by CentralTable#Statement1 \(\S*after\.yaml:34\)/);
      const unchanged = await cli(['diff', 'before.yaml', 'before.yaml', ...CENTRAL], dir);
      expect(unchanged.code).toBe(0);
      expect(lastLine(unchanged.stdout)).toBe('0 widened, 0 narrowed, 0 changed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an unresolvable value in either version is exit 2 with template:line', async () => {
    const run = await cli(['diff', TEMPLATE, TEMPLATE, '--import', 'x'], CWD);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--import takes name=value; found "x"');
  });
});

describe('iamspec explain with a template', () => {
  test('a role of the template calls its table: the trace names the template lines', async () => {
    const run = await cli(
      [
        'explain',
        '--template',
        TEMPLATE,
        '--table',
        'CentralTable',
        '--role',
        'AppRole',
        '--account',
        '444455556666',
        '--action',
        'dynamodb:Query',
      ],
      CWD,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Allow: arn:aws:iam::444455556666:role/orders-app → dynamodb:Query on ' +
        'arn:aws:dynamodb:us-east-1:444455556666:table/rbac-central-table',
    );
    expect(run.stdout).toContain(`decided by: AppRole.ReadCentral#ReadTable (${TEMPLATE}:82)`);
  });

  test('the stream policy, for a principal given by ARN', async () => {
    const run = await cli(
      [
        'explain',
        '--template',
        TEMPLATE,
        '--stream',
        'CentralTable',
        '--principal',
        'arn:aws:iam::111122223333:role/Admin',
        '--action',
        'dynamodb:GetRecords',
        ...CENTRAL,
        '--expect',
        'allow',
      ],
      CWD,
    );
    // A lone resource-based policy: the caller's own account is assumed to allow, and explain says so.
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'decided by: assumed-identity#AllowsEverything, CentralTable.Stream#Statement2 (test/fixtures/templates/announcement.yaml:64)',
    );
    expect(run.stdout).toContain('on arn:aws:dynamodb:us-east-1:444455556666:table/rbac-central-table/stream/2024-01-11T16:35:51.514');
  });

  test('--table without --template, or a name the template does not have', async () => {
    expect(
      (await cli(['explain', '--table', 'CentralTable', '--principal', '111122223333', '--action', 'dynamodb:GetItem'], CWD)).stderr,
    ).toContain('--table names something of a template: give --template too');
    const unknown = await cli(
      ['explain', '--template', TEMPLATE, '--table', 'Central', '--principal', '111122223333', '--action', 'dynamodb:GetItem'],
      CWD,
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no table Central in the template');
  });
});
