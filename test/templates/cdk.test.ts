/**
 * A real CDK app (test/fixtures/templates/cdk-app/app.mjs, aws-cdk-lib) deploying the announcement's
 * four example policies, synthesized as `cdk synth` would, and read from its cdk.out: the policies
 * deployed decide every request as the standalone files do.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadScenarioFile } from '../../src/scenarios/load';
import { cli, lastLine } from '../cli/cli-io';
import { runScenario } from '../../src/scenarios/run';
import { findPrincipal, findTable, readCloudAssembly, readDeployed, TemplateError, type CloudAssembly } from '../../src/templates/index';
import { standalone, STREAM_444, TABLE_222, TABLE_444, verdicts, type Example } from '../support/announcement-requests';

export function synthesize(outdir: string, variant: 'base' | 'pr' = 'base'): void {
  execFileSync(process.execPath, ['test/fixtures/templates/cdk-app/app.mjs', outdir, variant], { stdio: 'pipe' });
}

let dir: string;
let assembly: CloudAssembly;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamspec-cdk-'));
  synthesize(dir);
  assembly = readCloudAssembly(dir);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stack = (id: string) => assembly.stacks.find((s) => s.id === id)!.deployed;

describe("the announcement's examples deployed through CDK", () => {
  test('manifest.json names the stacks, each in its environment, stages included', () => {
    expect(assembly.stacks.map((s) => [s.id, s.displayName, s.stackName])).toEqual([
      [expect.stringMatching(/^ProdOrders[0-9A-F]{8}$/), 'Prod/Orders', 'Prod-Orders'],
      ['Example1Stack', 'Example1Stack', 'Example1Stack'],
      ['Example2Stack', 'Example2Stack', 'Example2Stack'],
      ['Example3Stack', 'Example3Stack', 'Example3Stack'],
      ['Example4Stack', 'Example4Stack', 'Example4Stack'],
      ['ConsumerStack', 'ConsumerStack', 'ConsumerStack'],
    ]);
    expect(findTable(stack('Example1Stack'), 'CentralTable').arn).toBe(TABLE_444);
    expect(findTable(stack('Example3Stack'), 'CentralTable').arn).toBe(TABLE_222);
  });

  test("a cross-stack reference resolves to the exporting stack's table", () => {
    const reader = findPrincipal(stack('ConsumerStack'), 'ReaderRole');
    expect(reader.arn).toBe('arn:aws:iam::444455556666:role/reader');
    expect(reader.identityPolicies[0]!.statements[0]!.resource!.patterns.map((p) => p.text)).toContain(TABLE_444);
  });

  test("a nested stack's role, given the parent's table through a parameter, in the stage's region", () => {
    const prod = assembly.stacks[0]!.deployed;
    expect(findTable(prod, 'OrdersTable').arn).toBe('arn:aws:dynamodb:eu-west-1:444455556666:table/orders');
    const writer = findPrincipal(prod, 'WriterRole');
    expect(writer.site.template).toMatch(/assembly-Prod\/.*\.nested\.template\.json$/);
    expect(writer.identityPolicies[0]!.statements[0]!.resource!.patterns.map((p) => p.text)).toContain(
      'arn:aws:dynamodb:eu-west-1:444455556666:table/orders',
    );
  });

  test.each([
    [1, 'Example1Stack', 'table'],
    [2, 'Example2Stack', 'stream'],
    [3, 'Example3Stack', 'table'],
    [4, 'Example4Stack', 'table'],
  ] as const)('example %i: the same verdicts as the standalone file', (example: Example, id, side) => {
    const table = findTable(stack(id), 'CentralTable');
    const deployed = side === 'table' ? table.policy! : table.stream!.policy!;
    expect(deployed.file).toBe(join(dir, `${id}.template.json`));
    const expected = verdicts(standalone(example), example);
    expect(verdicts(deployed, example)).toEqual(expected);
    // The comparison is not vacuous: each example allows some requests and refuses others.
    expect(expected.some((v) => v.startsWith('Allow'))).toBe(true);
    expect(expected.some((v) => !v.startsWith('Allow'))).toBe(true);
  });

  test("the stream of example 2 is the table's, with the label given by the logical id CDK chose", () => {
    const logicalId = stack('Example2Stack').tables[0]!.name.split('.')[0]!;
    expect(logicalId).toMatch(/^CentralTable[0-9A-F]{8}$/);
    const labelled = readCloudAssembly(dir, { resourceValues: { [`${logicalId}.StreamLabel`]: '2024-01-11T16:35:51.514' } });
    expect(findTable(labelled.stacks.find((s) => s.id === 'Example2Stack')!.deployed, 'CentralTable').stream!.arn).toBe(STREAM_444);
    expect(stack('Example2Stack').standIns.map((s) => s.attribute)).toEqual(['StreamLabel']);
  });

  test("the role CDK grants read access to: its default policy, tied to the table's ARN", () => {
    const role = findPrincipal(stack('Example1Stack'), 'AppFunctionRole');
    expect(role.arn).toBe('arn:aws:iam::444455556666:role/app-function');
    expect(role.identityPolicies).toHaveLength(1);
    const resources = role.identityPolicies[0]!.statements.flatMap((s) => s.resource!.patterns.map((p) => p.text));
    expect(resources).toContain(TABLE_444);
  });

  test('the whole assembly: stacks reuse logical ids, so names carry the stack', () => {
    const all = readDeployed(dir);
    expect(() => findTable(all, 'CentralTable')).toThrow(
      /CentralTable names 4 tables \(Example1Stack\/CentralTable[0-9A-F]{8}\.us-east-1, Example2Stack\/CentralTable/,
    );
    expect(findTable(all, 'Example2Stack/CentralTable').stream!.policy!.statements[0]!.ref.label).toBe('Statement2');
    expect(findPrincipal(all, 'Example1Stack/AppFunctionRole').arn).toBe('arn:aws:iam::444455556666:role/app-function');
  });

  test('a name that is not in the stack is an error that lists what is', () => {
    expect(() => findTable(stack('Example1Stack'), 'CentralTabel')).toThrow(TemplateError);
    expect(() => findTable(stack('Example1Stack'), 'CentralTabel')).toThrow(
      /no table CentralTabel in the template \(did you mean CentralTable\?\)/,
    );
  });
});

describe('scenario files that name the policies and roles of the CDK app', () => {
  const STACK_OF = {
    1: ['Example1Stack', 'resource'],
    2: ['Example2Stack', 'stream'],
    3: ['Example3Stack', 'resource'],
    4: ['Example4Stack', 'resource'],
  } as const;
  const SCENARIOS = {
    1: 'announcement-1-specific-users.iam.yaml',
    2: 'announcement-2-stream-read.iam.yaml',
    3: 'announcement-3-fine-grained-query.iam.yaml',
    4: 'announcement-4-source-ip-and-vpce.iam.yaml',
  } as const;

  /** The announcement's scenario file, its example policy taken from the synthesized template instead of the JSON file. */
  function fromTemplate(example: 1 | 2 | 3 | 4): string {
    const original = readFileSync(join('scenarios', SCENARIOS[example]), 'utf8');
    const [stackId, side] = STACK_OF[example];
    const rewritten = original
      .replace(
        new RegExp(`example-${example}: \\{ file: [^}]+\\}`),
        `example-${example}: { template: ${stackId}.template.json, ${side}: CentralTable }`,
      )
      .replace(/file: policies\//g, `file: ${resolve('scenarios/policies')}/`);
    expect(rewritten).not.toBe(original);
    const file = join(dir, SCENARIOS[example]);
    writeFileSync(file, rewritten);
    return file;
  }

  test.each([1, 2, 3, 4] as const)('example %i: every case has the outcome it has with the standalone file', (example) => {
    const original = runScenario(loadScenarioFile(join('scenarios', SCENARIOS[example])));
    const deployed = runScenario(loadScenarioFile(fromTemplate(example)));
    expect(deployed.map((r) => [r.name, r.status, r.decision])).toEqual(original.map((r) => [r.name, r.status, r.decision]));
    expect(original.filter((r) => r.status === 'passed').length).toBeGreaterThan(0);
  });

  test("a principal that is a role of the app: its sessions call with the role's identity policies", () => {
    const file = join(dir, 'app-role.iam.yaml');
    writeFileSync(
      file,
      `policies:
  central: { template: Example1Stack.template.json, resource: CentralTable }
principals:
  app: { template: Example1Stack.template.json, role: AppFunctionRole }
resources:
  central-table: { arn: "${TABLE_444}", policy: central }
cases:
  - name: the app reads the table in its own account, by its identity policy
    principal: app
    action: dynamodb:Query
    resource: central-table
    expect: allow
  - name: the app may not write
    principal: app
    action: dynamodb:PutItem
    resource: central-table
    expect: implicit-deny
`,
    );
    const results = runScenario(loadScenarioFile(file));
    expect(results.map((r) => r.status)).toEqual(['passed', 'passed']);
    expect(results[0]!.decidedBy.map((s) => s.policy)).toEqual([expect.stringMatching(/^AppFunctionRoleDefaultPolicy[0-9A-F]{8}$/)]);
  });

  test('a role or table the template does not have is an error at the scenario line', () => {
    const file = join(dir, 'wrong.iam.yaml');
    writeFileSync(
      file,
      `principals:\n  app: { template: Example1Stack.template.json, role: AppRole }\ncases:\n  - { ` +
        `name: x, principal: app, action: dynamodb:GetItem, resource: "${TABLE_444}", expect: deny }\n`,
    );
    expect(() => loadScenarioFile(file)).toThrow(
      /wrong\.iam\.yaml:2:\d+: no role or user AppRole in the template; it has AppFunctionRole[0-9A-F]{8}/,
    );
  });
});

describe('a pull request to the CDK app, gated by iamspec diff --base', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=iamspec-test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
      cwd,
      encoding: 'utf8',
    });
  let repo: string;

  beforeAll(() => {
    // The base branch has the app's synthesized assembly committed; the pull request re-synthesizes it.
    repo = mkdtempSync(join(tmpdir(), 'iamspec-cdk-pr-'));
    cpSync(dir, join(repo, 'cdk.out'), { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'base');
    git(repo, 'checkout', '-q', '-b', 'pr');
    synthesize(join(repo, 'cdk.out'), 'pr');
  }, 120_000);

  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  test('a principal added to a table policy and a role given dynamodb:* are both widenings, each with a request', async () => {
    const run = await cli(['diff', '--base', 'main', '--format', 'json'], repo);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      failed: boolean;
      files: {
        title: string;
        changes: {
          direction: string;
          request: { principal: string | { arn: string }; action: string; resource: string };
          after: { decidedBy: { policy: string; label: string }[] };
        }[];
      }[];
    };
    expect(report.failed).toBe(true);
    const widened = report.files.flatMap((f) => f.changes.filter((c) => c.direction === 'widened').map((c) => ({ title: f.title, ...c })));
    const principalOf = (c: (typeof widened)[number]) =>
      typeof c.request.principal === 'string' ? c.request.principal : c.request.principal.arn;
    // The table policy now names user/bar.
    const bar = widened.find((c) => principalOf(c) === 'arn:aws:iam::111122223333:user/bar')!;
    expect(bar.title).toMatch(/^cdk\.out: Example1Stack\/CentralTable[0-9A-F]{8}\.us-east-1 \(table policy\)$/);
    expect(bar.request).toMatchObject({ action: 'dynamodb:GetItem', resource: TABLE_444 });
    expect(bar.after.decidedBy.map((s) => s.label)).toEqual(['Statement1']);
    // The app's role may now do everything on the table: an identity change, in the role's own account.
    const role = widened.find((c) => principalOf(c) === 'arn:aws:iam::444455556666:role/app-function')!;
    expect(role.title).toBe('cdk.out: roles and users, with every policy of the deployment in play');
    expect(role.request.resource).toBe(TABLE_444);
    expect(role.request.action).not.toMatch(/^dynamodb:(BatchGetItem|Query|GetItem|Scan|ConditionCheckItem|DescribeTable)$/);
  });

  test('the text report says so, and the gate fails', async () => {
    const run = await cli(['diff', '--base', 'main'], repo);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(
        /WIDENED {2}arn:aws:iam::111122223333:user\/bar → dynamodb:GetItem on /.source +
          /arn:aws:dynamodb:us-east-1:444455556666:table\/rbac-central-table/.source,
      ),
    );
    expect(run.stdout).toMatch(
      new RegExp(
        /WIDENED {2}arn:aws:iam::444455556666:role\/app-function → dynamodb:\S+ on /.source +
          /arn:aws:dynamodb:us-east-1:444455556666:table\/rbac-central-table/.source,
      ),
    );
    expect(lastLine(run.stdout)).toMatch(/^2 widened, 0 narrowed, 0 changed — the gate fails$/);
  });
});
