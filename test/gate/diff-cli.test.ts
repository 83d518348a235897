/**
 * `iamspec diff` as a command: exit codes, the three formats, `--base` against a real git
 * repository, and `--write-scenarios` files that the scenario loader reads and that pass.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/command';
import { command as diffCommand } from '../../src/cli/commands/diff';
import { COMMANDS, main } from '../../src/cli/main';
import { loadScenarioFile } from '../../src/scenarios/load';
import { runScenario } from '../../src/scenarios/run';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const AS_PUBLISHED = 'test/fixtures/announcement/as-published/3-fine-grained-query.json';
const PREFIX_ONLY = 'test/fixtures/gate/3-prefix-only.json';
const CORRECTED = 'test/fixtures/announcement/corrected/3-fine-grained-query.json';

const temporary: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iamspec-gate-'));
  temporary.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

async function runDiff(args: readonly string[], cwd = repo): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, color: false };
  const code = await diffCommand.run(args, io);
  return { code, stdout, stderr };
}

describe('iamspec diff: exit codes and formats', () => {
  it('exits 2 on the as-published policy, naming the file, line and column of the bad principal', async () => {
    const result = await runDiff([AS_PUBLISHED, CORRECTED]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${AS_PUBLISHED}:7:29`);
    expect(result.stderr).toContain('an ARN contains no spaces');
    expect(result.stdout).toBe('');
  });

  it('exits 1 on widened access and shows the concrete request', async () => {
    const result = await runDiff([PREFIX_ONLY, CORRECTED]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'WIDENED  arn:aws:iam::111111111111:user/foo → dynamodb:Query on arn:aws:dynamodb:us-east-1:222222222222:table/rbac-central-table',
    );
    expect(result.stdout).toContain('dynamodb:LeadingKeys = ["ProductCatalog-1"]');
    expect(result.stdout).toContain(`after:  Allow by 3-fine-grained-query#Statement3 (${CORRECTED}:4)`);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('1 widened, 0 narrowed, 0 changed — the gate fails');
  });

  it('reports narrowed access but fails on it only with --fail-on narrowed', async () => {
    const plain = await runDiff([CORRECTED, PREFIX_ONLY]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('NARROWED');
    const strict = await runDiff([CORRECTED, PREFIX_ONLY, '--fail-on', 'narrowed']);
    expect(strict.code).toBe(1);
  });

  it('exits 0 for the same policy', async () => {
    const result = await runDiff([CORRECTED, CORRECTED]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('0 widened, 0 narrowed, 0 changed');
  });

  it('--format json gives the whole diff as data', async () => {
    const result = await runDiff([PREFIX_ONLY, CORRECTED, '--format', 'json']);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.failed).toBe(true);
    expect(parsed.files).toHaveLength(1);
    expect(parsed.files[0].changes[0]).toMatchObject({
      direction: 'widened',
      request: { context: { 'dynamodb:LeadingKeys': ['ProductCatalog-1'] } },
      after: { decision: 'Allow' },
    });
    expect(parsed.files[0].exact).toBe(true);
  });

  it('--format markdown gives a pull-request comment with a table row per change', async () => {
    const result = await runDiff([PREFIX_ONLY, CORRECTED, '--format', 'markdown']);
    expect(result.stdout).toContain('## iamspec diff');
    expect(result.stdout).toMatch(/\| ⚠️ widened<br>\(\+7 similar\) \| `arn:aws:iam::111111111111:user\/foo` \| `dynamodb:Query` \|/);
    expect(result.stdout).toContain('`dynamodb:LeadingKeys=["ProductCatalog-1"]`');
    expect(result.stdout).toContain('❌ the gate fails');
  });

  it('--output writes the report to a file', async () => {
    const dir = tempDir();
    const result = await runDiff([PREFIX_ONLY, CORRECTED, '--format', 'json', '--output', join(dir, 'diff.json')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'diff.json'), 'utf8')).failed).toBe(true);
  });

  it.each([
    [['only-one.json'], /give two policy files/],
    [[PREFIX_ONLY, CORRECTED, '--format', 'xml'], /unknown format "xml"/],
    [[PREFIX_ONLY, CORRECTED, '--fail-on', 'sometimes'], /--fail-on takes widened, narrowed, any/],
    [[PREFIX_ONLY, 'no/such/file.json'], /no such file/],
  ])('refuses %j with exit 2', async (args, message) => {
    const result = await runDiff(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('is dispatched by the iamspec entry point', async () => {
    let stdout = '';
    const io: CliIO = { stdout: (t) => void (stdout += t), stderr: () => undefined, cwd: repo, color: false };
    const code = await main(['diff', PREFIX_ONLY, CORRECTED], io, [...COMMANDS.filter((c) => c.name !== 'diff'), diffCommand]);
    expect(code).toBe(1);
    expect(stdout).toContain('ProductCatalog-1');
  });
});

describe('iamspec diff --write-scenarios', () => {
  it('writes each change as a scenario file that loads and passes against the new version', async () => {
    const dir = tempDir();
    const result = await runDiff([PREFIX_ONLY, CORRECTED, '--write-scenarios', dir]);
    expect(result.code).toBe(1);
    const files = readdirSync(dir);
    expect(files).toEqual(['001-widened-dynamodb-query-table-rbac-central-table.iam.yaml']);
    const text = readFileSync(join(dir, files[0]!), 'utf8');
    expect(text).toContain('ProductCatalog-1');
    expect(text).toContain('expect: allow');
    const scenario = loadScenarioFile(join(dir, files[0]!), { cwd: dir });
    const results = runScenario(scenario);
    expect(results.map((r) => r.status)).toEqual(['passed']);
    expect(results[0]!.decidedBy.map((r) => `${r.policy}#${r.label}`)).toContain('3-fine-grained-query#Statement3');
  });

  it('writes scenarios that fail against the old version: they pin the change down', async () => {
    const dir = tempDir();
    await runDiff([PREFIX_ONLY, CORRECTED, '--write-scenarios', dir]);
    const file = join(dir, readdirSync(dir)[0]!);
    // Point the scenario at the old version: the case must fail there.
    const oldCopy = join(dir, 'old.json');
    copyFileSync(join(repo, PREFIX_ONLY), oldCopy);
    const text = readFileSync(file, 'utf8').replace(/file: .*3-fine-grained-query\.json/, 'file: old.json');
    writeFileSync(file, text);
    const results = runScenario(loadScenarioFile(file, { cwd: dir }));
    expect(results.map((r) => r.status)).not.toEqual(['passed']);
  });
});

describe('iamspec diff --base', () => {
  function git(cwd: string, ...args: string[]): string {
    return execFileSync(
      'git',
      ['-c', 'user.name=iamspec-test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
      { cwd, encoding: 'utf8' },
    );
  }

  function repository(): string {
    const dir = tempDir();
    git(dir, 'init', '-q', '-b', 'main');
    mkdirSync(join(dir, 'policies'));
    copyFileSync(join(repo, PREFIX_ONLY), join(dir, 'policies', 'table.json'));
    writeFileSync(join(dir, 'policies', 'unchanged.json'), readFileSync(join(repo, CORRECTED)));
    writeFileSync(join(dir, 'settings.json'), '{"name": "not a policy"}\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'base');
    return dir;
  }

  it('diffs every policy file changed since the ref, skipping files that are not policies', async () => {
    const dir = repository();
    git(dir, 'checkout', '-q', '-b', 'change');
    copyFileSync(join(repo, CORRECTED), join(dir, 'policies', 'table.json'));
    writeFileSync(join(dir, 'settings.json'), '{"name": "still not a policy"}\n');
    // A new policy file, not yet committed: all it grants is new.
    writeFileSync(
      join(dir, 'policies', 'added.json'),
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }] }),
    );
    const result = await runDiff(['--base', 'main', '--format', 'json'], dir);
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.stdout);
    const titles = parsed.files.map((f: { title: string }) => f.title).sort();
    expect(titles).toEqual(['policies/added.json (added)', 'policies/table.json']);
    const table = parsed.files.find((f: { title: string }) => f.title === 'policies/table.json');
    expect(table.changes.map((c: { direction: string }) => c.direction)).toEqual(['widened']);
    expect(table.old.file).toBe('policies/table.json (at base)');
    expect(parsed.skipped).toEqual([{ path: 'settings.json', why: 'not a policy (no Statement)' }]);
  });

  it('compares with the merge base: commits that landed on the base branch later are not reverted', async () => {
    const dir = repository();
    git(dir, 'checkout', '-q', '-b', 'change');
    git(dir, 'checkout', '-q', 'main');
    copyFileSync(join(repo, CORRECTED), join(dir, 'policies', 'table.json'));
    git(dir, 'commit', '-q', '-am', 'main moves on');
    git(dir, 'checkout', '-q', 'change');
    const result = await runDiff(['--base', 'main'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('no policy file changed');
  });

  it('reports a policy that does not load at the base or now as invalid input', async () => {
    const dir = repository();
    copyFileSync(join(repo, AS_PUBLISHED), join(dir, 'policies', 'table.json'));
    const result = await runDiff(['--base', 'main'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('policies/table.json:7:29');
  });

  it('exits 2 for a ref git does not know', async () => {
    const dir = repository();
    const result = await runDiff(['--base', 'no-such-branch'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/git .*failed/);
  });
});
