/**
 * The gate commands through the built package's bin (`dist/cli.js`), as CI runs them: real
 * processes, real exit codes. Needs `npm run build` first (CI builds before it tests).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

function iamspec(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  expect(existsSync(cli), 'dist/cli.js is missing: run `npm run build` before these tests').toBe(true);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the built iamspec bin', () => {
  it('runs from either build: dist/cli.js (the bin) and dist/cli.cjs print the version', () => {
    const version = (JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version: string })
      .version;
    for (const file of ['cli.js', 'cli.cjs']) {
      const result = spawnSync(process.execPath, [fileURLToPath(new URL(`../../dist/${file}`, import.meta.url)), '--version'], {
        cwd: repo,
        encoding: 'utf8',
      });
      expect([file, result.status, result.stdout.trim()]).toEqual([file, 0, version]);
    }
  });

  it('runs as the entry module where the host defines a global require and module (node -e), and stays quiet when only imported', () => {
    const url = new URL('../../dist/cli.js', import.meta.url).href;
    const asEntry = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `process.argv = [process.argv[0], ${JSON.stringify(cli)}, '--version']; await import(${JSON.stringify(url)});`,
      ],
      { cwd: repo, encoding: 'utf8' },
    );
    expect([asEntry.status, asEntry.stdout.trim()]).toEqual([0, expect.stringMatching(/^\d+\.\d+\.\d+/)]);
    const imported = spawnSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(url)});`], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect([imported.status, imported.stdout]).toEqual([0, '']);
  });

  it('diff: widened access exits 1 and names ProductCatalog-1', () => {
    const result = iamspec(
      'diff',
      'test/fixtures/gate/3-prefix-only.json',
      'test/fixtures/announcement/corrected/3-fine-grained-query.json',
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('dynamodb:LeadingKeys = ["ProductCatalog-1"]');
  });

  it('diff: the as-published policy is invalid input (exit 2)', () => {
    const result = iamspec(
      'diff',
      'test/fixtures/announcement/as-published/3-fine-grained-query.json',
      'test/fixtures/announcement/corrected/3-fine-grained-query.json',
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('3-fine-grained-query.json:7:29');
  });

  it('check: SARIF for the as-published examples, exit 1', () => {
    const result = iamspec(
      'check',
      '--format',
      'sarif',
      'test/fixtures/announcement/as-published/2-admin-stream-read.json',
      'test/fixtures/announcement/as-published/3-fine-grained-query.json',
      'test/fixtures/announcement/as-published/4-admin-source-ip-and-vpce.json',
    );
    expect(result.status).toBe(1);
    const lines = JSON.parse(result.stdout)
      .runs[0].results.filter((r: { level: string }) => r.level === 'error')
      .map(
        (r: { locations: { physicalLocation: { region: { startLine: number } } }[] }) => r.locations[0]!.physicalLocation.region.startLine,
      );
    expect(lines).toEqual([13, 7, 11]);
  });

  it('mutate: gates on --min-score', () => {
    expect(iamspec('mutate', 'test/fixtures/gate/mutate', '--min-score', '90').status).toBe(1);
    expect(iamspec('mutate', 'test/fixtures/gate/mutate', '--min-score', '10').status).toBe(0);
  });
});

/** The files a built module imports statically (`import ... from "./x.js"`, `import "./x.js"`), transitively. */
function staticClosure(entry: string, into = new Set<string>()): Set<string> {
  if (into.has(entry)) return into;
  into.add(entry);
  const text = readFileSync(new URL(`../../dist/${entry}`, import.meta.url), 'utf8');
  for (const match of text.matchAll(/^import\s+(?:[^;]*?\sfrom\s+)?"\.\/([^"]+)";?$/gm)) staticClosure(match[1]!, into);
  return into;
}

function sourceOf(files: Iterable<string>): string {
  return [...files].map((f) => readFileSync(new URL(`../../dist/${f}`, import.meta.url), 'utf8')).join('\n');
}

describe('the built bin loads a command only when it runs', () => {
  it('starting iamspec loads no command; iamspec test loads neither diff, mutate nor the analyses', () => {
    expect(existsSync(cli), 'dist/cli.js is missing: run `npm run build` before these tests').toBe(true);
    const atStart = staticClosure('cli.js');
    const startCode = sourceOf(atStart);
    const commandFiles = [
      ...startCode.matchAll(/name: "(\w+)", summary: [^,]+, load: async \(\) => \(await import\("\.\/([^"]+)"\)\)\.command/g),
    ].map((m) => ({ name: m[1]!, file: m[2]! }));
    expect(commandFiles.map((c) => c.name)).toEqual(['test', 'explain', 'check', 'diff', 'mutate']);
    for (const { file } of commandFiles) expect(atStart.has(file)).toBe(false);

    const testFile = commandFiles.find((c) => c.name === 'test')!.file;
    const forTest = staticClosure(testFile, new Set(atStart));
    for (const { name, file } of commandFiles)
      if (name !== 'test') expect(forTest.has(file), `${name} is loaded by iamspec test`).toBe(false);
    const testCode = sourceOf(forTest);
    for (const analysis of ['function diffPolicies(', 'function findExternalAccess(', 'function validate(', 'function runMutation(']) {
      expect(testCode.includes(analysis), `${analysis} is loaded by iamspec test`).toBe(false);
    }
    // ...while the code they would load is in the build.
    expect(sourceOf(staticClosure(commandFiles.find((c) => c.name === 'diff')!.file)).includes('function diffPolicies(')).toBe(true);
  });

  it('iamspec test --help and iamspec --help still work', () => {
    expect(iamspec('--help').stdout).toContain('mutate');
    expect(iamspec('test', '--help').stdout).toContain('Usage: iamspec test');
  });
});
