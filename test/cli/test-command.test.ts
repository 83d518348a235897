import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { cli, lastLine } from './cli-io';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BASIC = fileURLToPath(new URL('../fixtures/scenarios-basic/', import.meta.url));
const INVALID = fileURLToPath(new URL('../fixtures/scenarios-invalid/', import.meta.url));

describe('iamspec (dispatch)', () => {
  test('--help lists the commands', async () => {
    const run = await cli(['--help'], REPO);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: iamspec <command>/);
    expect(run.stdout).toMatch(/^ {2}test {5}run scenario files/m);
    expect(run.stdout).toMatch(/^ {2}explain {2}decide one request/m);
  });

  test('<command> --help prints its usage', async () => {
    for (const command of ['test', 'explain']) {
      const run = await cli([command, '--help'], REPO);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: iamspec ${command}`));
    }
    expect((await cli(['help', 'test'], REPO)).stdout).toMatch(/--include-known-defects/);
  });

  test.each([
    [['tset'], /unknown command "tset" \(did you mean "test"\?\)/],
    [['--frobnicate'], /unknown option "--frobnicate"/],
    [['test', '--reportr', 'json'], /iamspec test: Unknown option '--reportr'/],
    [['test', '--reporter', 'xml'], /unknown reporter "xml"; choose one of text, json, junit, github/],
    [['explain', '--principal'], /iamspec explain: Option '--principal <value>' argument missing/],
    [[], /Usage: iamspec <command>/],
  ])('%j is refused with exit 2', async (argv, message) => {
    const run = await cli(argv, REPO);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  test('--version prints the package version', async () => {
    const run = await cli(['--version'], REPO);
    expect(run.stdout.trim()).toBe((JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version);
  });
});

describe('iamspec test', () => {
  test('the repository\'s scenarios/ pass by default; the last line is "N passed, N failed"', async () => {
    const run = await cli(['test'], REPO);
    expect(run.code).toBe(0);
    expect(lastLine(run.stdout)).toMatch(/^\d+ passed, 0 failed$/);
    expect(run.stdout).toMatch(/1 known-defect case not run \(--include-known-defects runs it\)/);
    // Each case with its outcome and the statement that decided it.
    expect(run.stdout).toMatch(
      new RegExp(
        /✓ alfa reads an item of its own by the table's ARN {2}Allow by /.source +
          /alfa-reader#ReadTheCentralTable \(scenarios\/policies\/alfa-reader\.json:4\), /.source +
          /central#AlfaReadsItsItems \(scenarios\/policies\/central-table\.json:4\)/.source,
      ),
    );
  });

  test('--include-known-defects runs the prefix-mistake case, which fails: exit 1', async () => {
    const run = await cli(['test', '--include-known-defects'], REPO);
    expect(run.code).toBe(1);
    expect(lastLine(run.stdout)).toMatch(/^\d+ passed, 1 failed$/);
    expect(run.stdout).toMatch(
      new RegExp(
        /✗ foo queries ProductCatalog-42 for two attributes, on the policy as /.source +
          /published {2}scenarios\/announcement-3-fine-grained-query\.iam\.yaml:52:5/.source,
      ),
    );
  });

  test('a failing case: exit 1, its location and its trace', async () => {
    const run = await cli(['test', 'failing.iam.yaml'], BASIC);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✗ Alfa reads another tenant's item  failing.iam.yaml:14:5");
    expect(run.stdout).toContain('expected allow, got ImplicitDeny');
    expect(run.stdout).toMatch(
      /table#ReaderReads \(policies\/table\.json:4\) \[Allow\] did not apply: ForAllValues:StringLike on dynamodb:LeadingKeys/,
    );
    expect(run.stdout).toContain('○ A known defect  not run: known defect (failing.iam.yaml:26)');
    expect(lastLine(run.stdout)).toBe('1 passed, 1 failed');
  });

  test('an invalid file: exit 2, with file, line and column; the other files still run', async () => {
    const run = await cli(['test', join(INVALID, 'invalid.iam.yaml'), join(BASIC, 'passing.iam.yaml')], BASIC);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
      '../scenarios-invalid/invalid.iam.yaml:4:5: unknown key "principle" in a case (did you mean "principal"?)',
    );
    expect(run.stdout).toContain('1 file could not be loaded; its cases did not run');
    expect(lastLine(run.stdout)).toBe('2 passed, 0 failed');
  });

  test('paths and globs that find nothing: exit 2', async () => {
    for (const argv of [
      ['test', 'nope/'],
      ['test', 'nope/**/*.iam.yaml'],
      ['test', 'policies'],
    ]) {
      const run = await cli(argv, BASIC);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stdout).toMatch(/no scenario file: /);
    }
  });

  test('the default path is scenarios/ of the working directory: none there is exit 2', async () => {
    const run = await cli(['test'], BASIC);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('no scenario file: scenarios/: no such file or directory');
    expect(lastLine(run.stdout)).toBe('0 passed, 0 failed');
  });

  test('globs and directories select *.iam.yaml files', async () => {
    const byGlob = await cli(['test', '*.iam.yaml'], BASIC);
    expect(byGlob.stdout).toContain('failing.iam.yaml');
    expect(byGlob.stdout).toContain('passing.iam.yaml');
    const byDirectory = await cli(['test', '.'], BASIC);
    expect(byDirectory.stdout).toContain('passing.iam.yaml');
    expect(byDirectory.stdout).not.toContain('table.json —');
  });

  test('--reporter json prints only JSON on stdout, and the summary on stderr', async () => {
    const run = await cli(['test', 'failing.iam.yaml', '--reporter', 'json'], BASIC);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      version: number;
      files: { file: string; cases: Record<string, unknown>[] }[];
      totals: Record<string, number>;
      passed: boolean;
    };
    expect(report.version).toBe(1);
    expect(report.passed).toBe(false);
    expect(report.totals).toEqual({ files: 1, cases: 3, passed: 1, failed: 1, errors: 0, notRun: 1, invalidFiles: 0 });
    expect(report.files[0]!.cases[1]).toMatchObject({
      name: 'Alfa reads its item',
      line: 20,
      expected: 'allow',
      decision: 'Allow',
      passed: true,
      status: 'passed',
      decidedBy: expect.arrayContaining([
        {
          policy: 'table',
          kind: 'resource',
          sid: 'ReaderReads',
          index: 0,
          label: 'ReaderReads',
          file: 'policies/table.json',
          line: 4,
          column: 5,
        },
      ]),
    });
    expect(run.stderr).toBe('1 passed, 1 failed\n');
  });

  test('--output writes the report to a file and prints the summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamspec-cli-'));
    try {
      const run = await cli(['test', join(BASIC, 'passing.iam.yaml'), '--reporter', 'junit', '--output', 'report.xml'], dir);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('2 passed, 0 failed\n');
      expect(readFileSync(join(dir, 'report.xml'), 'utf8')).toMatch(
        /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="iamspec" tests="2" failures="0" errors="0" skipped="0">/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--reporter github annotates failures at their YAML line and ends with the summary', async () => {
    const run = await cli(['test', 'failing.iam.yaml', '--reporter', 'github'], BASIC);
    expect(run.stdout).toMatch(
      new RegExp(
        /^::error file=failing\.iam\.yaml,line=14,col=5,title=iamspec%3A Alfa reads /.source +
          /another tenant's item::expected allow, got ImplicitDeny%0AImplicitDeny: /.source,
        'm',
      ),
    );
    expect(run.stdout).toMatch(
      /^::notice file=failing\.iam\.yaml,line=26,col=5,title=iamspec%3A known defect not run%3A A known defect::the table policy/m,
    );
    expect(lastLine(run.stdout)).toBe('1 passed, 1 failed');
  });

  test('--strict fails an Allow that rests on a key the request did not carry', async () => {
    const run = await cli(['test', 'scenarios/announcement-3-fine-grained-query.iam.yaml', '--strict'], REPO);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/strict mode: the Allow rests on a key the request did not carry/);
  });

  test('colour only when asked', async () => {
    expect((await cli(['test', 'passing.iam.yaml'], BASIC, true)).stdout).toContain('\u001b[32m✓\u001b[0m');
    expect((await cli(['test', 'passing.iam.yaml'], BASIC, false)).stdout).not.toContain('\u001b[');
  });
});
