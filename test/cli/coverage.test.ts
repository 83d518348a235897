import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { cli, lastLine } from './cli-io';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

describe('iamspec test --coverage', () => {
  test('prints the statement table before the closing "N passed, N failed" line', async () => {
    const run = await cli(['test', 'scenarios/tenants.iam.yaml', '--coverage'], REPO);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}OnlyTheCentralAccountWrites +37 +Deny +\d+ +\d+ +\d+ +\d+$/m);
    expect(run.stdout).toMatch(/statements covered: \d+\/\d+/);
    expect(lastLine(run.stdout)).toMatch(/^\d+ passed, 0 failed$/);
  });

  test('--min-coverage fails the run below the threshold and passes it at or above', async () => {
    const below = await cli(['test', 'scenarios/', '--min-coverage', '100'], REPO);
    expect(below.code).toBe(1);
    expect(below.stdout).toMatch(
      /statement coverage [\d.]+% is below the minimum of 100%: \d+ of \d+ statements never applied in any case/,
    );
    expect(lastLine(below.stdout)).toMatch(/^\d+ passed, 0 failed$/);
    const above = await cli(['test', 'scenarios/', '--min-coverage', '50'], REPO);
    expect(above.code).toBe(0);
    expect(above.stdout).toMatch(/statement coverage [\d.]+% meets the minimum of 50%/);
  });

  test('writes lcov keyed to the policy files and refuses a bad threshold', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamspec-coverage-'));
    try {
      const file = join(dir, 'lcov.info');
      const run = await cli(['test', 'scenarios/tenants.iam.yaml', '--coverage-format', 'lcov', '--coverage-output', file], REPO);
      expect(run.code).toBe(0);
      const lcov = readFileSync(file, 'utf8');
      expect(lcov).toMatch(/^SF:.*scenarios\/policies\/central-table\.json$/m);
      expect(lcov).toMatch(/^DA:37,\d+$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect((await cli(['test', '--min-coverage', 'lots'], REPO)).code).toBe(2);
    expect((await cli(['test', '--coverage-format', 'html'], REPO)).code).toBe(2);
  });
});
