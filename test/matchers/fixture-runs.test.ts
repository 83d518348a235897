/**
 * Real runs: Vitest and Jest in child processes, on small projects that install the built package
 * (test/fixtures/matchers-vitest, test/fixtures/matchers-jest) the way a user's project would. Each
 * project has tests that pass and tests that fail on purpose; these tests check the counts, snapshot
 * the failure messages (paths and timings normalised), and type-check a consumer file against the
 * package's own declarations.
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

/** Failure messages by test name, sorted, normalised for a snapshot. */
function failures(report: JsonReport, project: FixtureProject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of report.testResults) {
    for (const result of file.assertionResults) {
      if (result.status !== 'failed') continue;
      out[result.fullName] = result.failureMessages.map((m) => normaliseOutput(m, project)).join('\n---\n');
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

const TYPES_TSCONFIG = JSON.stringify({
  compilerOptions: {
    strict: true,
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    noEmit: true,
    skipLibCheck: true,
    types: [],
  },
  files: ['types-check.ts'],
});

// Built once for the whole run (and reused across runs while the sources do not change).
beforeAll(async () => {
  await ensureBuiltPackage();
}, 240_000);

describe('Vitest', () => {
  let project: FixtureProject;
  beforeAll(async () => {
    project = await createFixtureProject(
      'matchers-vitest',
      {
        ...fixtureFiles('matchers-vitest'),
        'tsconfig.json': TYPES_TSCONFIG,
        'types-check.ts': [
          "import { expect } from 'vitest';",
          "import { policySet } from 'iamspec/vitest';",
          'const set = policySet({ resource: {} });',
          "expect(set).toAllow('111122223333', 'dynamodb:GetItem', { leadingKeys: 'a', decidedBy: 'S1' });",
          "expect(set).not.toGrantExternalAccess({ outside: { orgId: 'o-a1b2c3d4e5' } });",
          '// @ts-expect-error the action is required',
          "expect(set).toDeny('111122223333');",
          '// @ts-expect-error unknown shorthand key',
          "expect(set).toAllow('111122223333', 'dynamodb:GetItem', { leadingKey: 'a' });",
          '',
        ].join('\n'),
      },
      { modules: ['vitest', 'yaml', 'ipaddr.js', 'tinyglobby', 'typescript'] },
    );
  }, 120_000);
  afterAll(() => project?.cleanup());

  test('runs the fixture: passing tests pass, failing ones fail with iamspec messages', async () => {
    const run = await project.run('vitest', ['run', '--reporter=json', '--outputFile=report.json']);
    expect(run.timedOut).toBe(false);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(project.readFile('report.json')) as JsonReport;
    expect({ passed: report.numPassedTests, failed: report.numFailedTests, total: report.numTotalTests }).toEqual({
      passed: 7,
      failed: 5,
      total: 12,
    });
    expect(failures(report, project)).toMatchSnapshot();
  }, 60_000);

  test('the package’s types augment Vitest’s expect for a consumer', async () => {
    const run = await project.run('tsc', ['-p', 'tsconfig.json']);
    expect(run.stdout + run.stderr).toBe('');
    expect(run.code).toBe(0);
  }, 60_000);
});

describe('Jest', () => {
  let project: FixtureProject;
  beforeAll(async () => {
    project = await createFixtureProject(
      'matchers-jest',
      {
        ...fixtureFiles('matchers-jest'),
        'tsconfig.json': TYPES_TSCONFIG,
        'types-check.ts': [
          "import { expect } from '@jest/globals';",
          "import { policySet } from 'iamspec/jest';",
          'const set = policySet({ resource: {} });',
          "expect(set).toExplicitlyDeny('111122223333', 'dynamodb:DeleteItem', { decidedBy: 'NoDeletes' });",
          "expect(set).not.toOnlyGrantAccessTo(['111122223333']);",
          '// @ts-expect-error dynamodb:Select has four values',
          "expect(set).toAllow('111122223333', 'dynamodb:Query', { select: 'ALL' });",
          '',
        ].join('\n'),
      },
      { modules: ['jest', '@jest/globals', 'expect', 'yaml', 'ipaddr.js', 'tinyglobby', 'typescript'] },
    );
  }, 120_000);
  afterAll(() => project?.cleanup());

  test('runs the fixture: passing tests pass, failing ones fail with iamspec messages', async () => {
    const run = await project.run('jest', ['--ci', '--no-watchman', '--json', '--outputFile=report.json']);
    expect(run.timedOut).toBe(false);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(project.readFile('report.json')) as JsonReport;
    expect({ passed: report.numPassedTests, failed: report.numFailedTests, total: report.numTotalTests }).toEqual({
      passed: 6,
      failed: 4,
      total: 10,
    });
    expect(failures(report, project)).toMatchSnapshot();
  }, 60_000);

  test('the package’s types augment the expect of @jest/globals for a consumer', async () => {
    const run = await project.run('tsc', ['-p', 'tsconfig.json']);
    expect(run.stdout + run.stderr).toBe('');
    expect(run.code).toBe(0);
  }, 60_000);
});
