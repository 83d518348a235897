/**
 * Scenario files under real test runners, in child processes, on projects that install the built
 * package: the Vitest plugin (a module per scenario file), `scenarioTests` from `iamspec/vitest`
 * and from `iamspec/jest`, and the `iamspec` bin of the package.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createFixtureProject,
  ensureBuiltPackage,
  fixtureFiles,
  normaliseOutput,
  type FixtureProject,
  type JsonReport,
} from '../support/fixture-project';

/** The scenario files every project runs: one passing file, one with a failure and a known defect. */
const SCENARIOS = fixtureFiles('scenarios-basic', 'scenarios/');

function outcomes(report: JsonReport, project: FixtureProject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of report.testResults) {
    for (const result of file.assertionResults) out[`${normaliseOutput(file.name, project)} > ${result.title}`] = result.status;
  }
  return out;
}

beforeAll(async () => {
  await ensureBuiltPackage();
}, 240_000);

describe('the Vitest plugin (iamspec/vite-plugin)', () => {
  let project: FixtureProject;
  beforeAll(async () => {
    project = await createFixtureProject(
      'scenarios-vitest-plugin',
      { ...fixtureFiles('scenarios-vitest-plugin'), ...SCENARIOS },
      { modules: ['vitest', 'yaml', 'ipaddr.js', 'tinyglobby'] },
    );
  }, 120_000);
  afterAll(() => project?.cleanup());

  test("each scenario file is a test module, a test per case named by the case; the project's own tests still run", async () => {
    const run = await project.run('vitest', ['run', '--reporter=json', '--outputFile=report.json']);
    expect(run.timedOut).toBe(false);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(project.readFile('report.json')) as JsonReport;
    expect(outcomes(report, project)).toEqual({
      "<project>/scenarios/failing.iam.yaml > Alfa reads another tenant's item": 'failed',
      '<project>/scenarios/failing.iam.yaml > Alfa reads its item': 'passed',
      ['<project>/scenarios/failing.iam.yaml > A known defect ' +
      '(known defect, not run: the table policy confines Alfa to alfa# keys, and this case says otherwise)']: 'skipped',
      '<project>/scenarios/passing.iam.yaml > Alfa reads its item': 'passed',
      '<project>/scenarios/passing.iam.yaml > Alfa cannot write': 'passed',
      '<project>/unit/plain.test.mjs > an ordinary test still runs': 'passed',
    });
  }, 90_000);

  test("a failure shows the decision trace and is located at the case's line in the YAML file", async () => {
    const run = await project.run('vitest', ['run', 'scenarios/failing.iam.yaml']);
    const output = normaliseOutput(run.stdout + run.stderr, project);
    expect(run.code).toBe(1);
    expect(output).toContain('ScenarioCaseFailure: expected allow, got ImplicitDeny');
    expect(output).toContain('scenarios/failing.iam.yaml:14:5: case "Alfa reads another tenant\'s item" failed');
    expect(output).toMatch(
      /table#ReaderReads \(scenarios\/policies\/table\.json:4\) \[Allow\] did not apply: ForAllValues:StringLike on dynamodb:LeadingKeys/,
    );
    // The location Vitest gives, with the YAML line under it.
    expect(output).toMatch(/❯ scenario scenarios\/failing\.iam\.yaml:14:5/);
    expect(output).toMatch(/14\|\s+- name: Alfa reads another tenant's item\n\s+\|\s+\^/);
    // Only the file named ran.
    expect(output).toMatch(/Test Files\s+1 failed \(1\)/);
  }, 90_000);

  test('--shard splits the run by scenario file', async () => {
    const first = await project.run('vitest', ['run', '--shard=1/3', '--reporter=json', '--outputFile=shard1.json']);
    const second = await project.run('vitest', ['run', '--shard=2/3', '--reporter=json', '--outputFile=shard2.json']);
    const third = await project.run('vitest', ['run', '--shard=3/3', '--reporter=json', '--outputFile=shard3.json']);
    expect([first, second, third].every((r) => !r.timedOut)).toBe(true);
    const files = ['shard1.json', 'shard2.json', 'shard3.json'].map((f) =>
      (JSON.parse(project.readFile(f)) as JsonReport).testResults.map((r) => normaliseOutput(r.name, project)),
    );
    expect(files.map((f) => f.length)).toEqual([1, 1, 1]);
    expect(files.flat().sort()).toEqual([
      '<project>/scenarios/failing.iam.yaml',
      '<project>/scenarios/passing.iam.yaml',
      '<project>/unit/plain.test.mjs',
    ]);
  }, 120_000);

  test('IAMSPEC_INCLUDE_KNOWN_DEFECTS=1 runs the known-defect case (which fails)', async () => {
    const run = await project.run('vitest', ['run', 'scenarios/failing.iam.yaml', '--reporter=json', '--outputFile=defects.json'], {
      env: { IAMSPEC_INCLUDE_KNOWN_DEFECTS: '1' },
    });
    expect(run.code).toBe(1);
    const report = JSON.parse(project.readFile('defects.json')) as JsonReport;
    expect(outcomes(report, project)['<project>/scenarios/failing.iam.yaml > A known defect']).toBe('failed');
  }, 90_000);
});

describe('scenarioTests from iamspec/vitest', () => {
  let project: FixtureProject;
  beforeAll(async () => {
    project = await createFixtureProject(
      'scenarios-vitest-tests',
      { ...fixtureFiles('scenarios-vitest-tests'), ...SCENARIOS },
      { modules: ['vitest', 'yaml', 'ipaddr.js', 'tinyglobby'] },
    );
  }, 120_000);
  afterAll(() => project?.cleanup());

  test('a describe per file and a test per case; a failure shows the trace and the scenario file and line', async () => {
    const run = await project.run('vitest', ['run', '--reporter=json', '--outputFile=report.json']);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(project.readFile('report.json')) as JsonReport;
    const results = report.testResults[0]!.assertionResults;
    expect(results.map((r) => [r.fullName, r.status])).toEqual([
      ["scenarios/failing.iam.yaml Alfa reads another tenant's item", 'failed'],
      ['scenarios/failing.iam.yaml Alfa reads its item', 'passed'],
      [
        'scenarios/failing.iam.yaml A known defect (known defect, not run: the table policy confines ' +
          'Alfa to alfa# keys, and this case says otherwise)',
        'skipped',
      ],
      ['scenarios/passing.iam.yaml Alfa reads its item', 'passed'],
      ['scenarios/passing.iam.yaml Alfa cannot write', 'passed'],
    ]);
    const message = normaliseOutput(results[0]!.failureMessages.join('\n'), project);
    expect(message).toContain('expected allow, got ImplicitDeny');
    expect(message).toContain('scenarios/failing.iam.yaml:14:5: case "Alfa reads another tenant\'s item" failed');
    expect(message).toMatch(/did not apply: ForAllValues:StringLike on dynamodb:LeadingKeys: the request has \["bravo#1"\]/);
  }, 90_000);
});

describe('scenarioTests from iamspec/jest', () => {
  let project: FixtureProject;
  beforeAll(async () => {
    project = await createFixtureProject(
      'scenarios-jest',
      { ...fixtureFiles('scenarios-jest'), ...SCENARIOS },
      { modules: ['jest', '@jest/globals', 'expect', 'yaml', 'ipaddr.js', 'tinyglobby'] },
    );
  }, 120_000);
  afterAll(() => project?.cleanup());

  test('a describe per file and a test per case; a failure shows the trace and the YAML line', async () => {
    const run = await project.run('jest', ['--ci', '--no-watchman', '--json', '--outputFile=report.json']);
    expect(run.timedOut).toBe(false);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(project.readFile('report.json')) as JsonReport;
    expect({ passed: report.numPassedTests, failed: report.numFailedTests, pending: report.numPendingTests }).toEqual({
      passed: 3,
      failed: 1,
      pending: 1,
    });
    const results = report.testResults[0]!.assertionResults;
    expect(results.map((r) => r.fullName)).toEqual([
      "scenarios/failing.iam.yaml Alfa reads another tenant's item",
      'scenarios/failing.iam.yaml Alfa reads its item',
      'scenarios/failing.iam.yaml A known defect (known defect, not run: the table policy confines ' +
        'Alfa to alfa# keys, and this case says otherwise)',
      'scenarios/passing.iam.yaml Alfa reads its item',
      'scenarios/passing.iam.yaml Alfa cannot write',
    ]);
    const message = normaliseOutput(results[0]!.failureMessages.join('\n'), project);
    expect(message).toContain('scenarios/failing.iam.yaml:14:5: case "Alfa reads another tenant\'s item" failed');
    expect(message).toMatch(/did not apply: ForAllValues:StringLike on dynamodb:LeadingKeys/);
    // Jest's own output points at the YAML line, with the line itself.
    const output = normaliseOutput(run.stderr, project);
    expect(output).toMatch(/> 14 \|\s+- name: Alfa reads another tenant's item/);
  }, 90_000);
});

describe('the iamspec bin of the built package', () => {
  let project: FixtureProject;
  beforeAll(async () => {
    project = await createFixtureProject('scenarios-cli', SCENARIOS, { modules: ['yaml', 'ipaddr.js', 'tinyglobby'] });
  }, 120_000);
  afterAll(() => project?.cleanup());

  test('iamspec test: default scenarios/, exit code and the "N passed, N failed" last line', async () => {
    const run = await project.run('iamspec', ['test']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout.trimEnd().split('\n').pop()).toBe('3 passed, 1 failed');
    const passing = await project.run('iamspec', ['test', 'scenarios/passing.iam.yaml']);
    expect(passing.code).toBe(0);
    const invalid = await project.run('iamspec', ['test', 'nowhere/']);
    expect(invalid.code).toBe(2);
  }, 60_000);
});
