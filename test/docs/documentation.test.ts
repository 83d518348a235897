/**
 * Every code block of README.md and docs/ is run (see code-blocks.ts for the rules and the
 * directives): each document gets a throw-away project that installs the packed package; its file
 * blocks are written there, TypeScript is type-checked with tsc against the package's types,
 * snippets run with tsx, test files and scenario files run with Vitest (and the documented Vite
 * plugin or set-up file), shell commands run with the package's `iamspec` bin, and what cannot run
 * here is checked some other way and says why in its directive.
 *
 * README's project starts empty (a user's first hour); the projects of docs/ hold this
 * repository's example scenarios under `scenarios/`, their policies under `policies/`, and its
 * example templates under `test/fixtures/templates/`.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { COMMANDS } from '../../src/cli/main';
import {
  createFixtureProject,
  normaliseOutput,
  REPO_ROOT,
  type FixtureProject,
  type JsonReport,
  type RunResult,
} from '../support/fixture-project';
import { schemaErrors } from '../support/json-schema';
import { ensureToolchain } from '../support/toolchains';
import { blocksOf, documents, keysNamed, keysOf, shellCommands, type CodeBlock } from './code-blocks';

const BASE_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'esnext',
    moduleResolution: 'bundler',
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  },
  include: ['**/*.ts'],
  exclude: ['node_modules'],
};
const SCRIPTS = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const SCENARIO_SCHEMA = JSON.parse(readFileSync(join(REPO_ROOT, 'schema', 'scenario.schema.json'), 'utf8')) as Record<string, unknown>;
const COMMAND_NAMES = new Set(COMMANDS.map((c) => c.name));

const snippetPath = (block: CodeBlock) => `doc-snippets/${block.doc.replace(/[/.]/g, '-')}-${block.line}.ts`;
const isTestFile = (path: string | undefined) => path !== undefined && /\.test\.ts$/.test(path);

/** The files of the document's project: example scenarios (for docs/), file blocks, snippets, tsconfig. */
function projectFiles(blocks: readonly CodeBlock[]): Record<string, string> {
  const files: Record<string, string> = { 'package.json': `${JSON.stringify({ name: 'doc-test', private: true }, null, 2)}\n` };
  const tsconfig = structuredClone(BASE_TSCONFIG) as { compilerOptions: Record<string, unknown> };
  for (const block of blocks) {
    if (block.directive?.kind === 'tsconfig')
      Object.assign(tsconfig.compilerOptions, (JSON.parse(block.text) as { compilerOptions: object }).compilerOptions);
    else if (block.directive?.kind === 'not-run' || block.directive?.kind === 'keys-of') continue;
    else if (block.path !== undefined) files[block.path] = block.text;
    else if (block.lang === 'ts')
      files[snippetPath(block)] = block.directive?.kind === 'types-only' ? `${block.directive.given}\n${block.text}` : block.text;
  }
  files['tsconfig.json'] = `${JSON.stringify(tsconfig, null, 2)}\n`;
  return files;
}

/** tsc's errors, by file. */
function errorsByFile(result: RunResult, project: FixtureProject): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of normaliseOutput(result.stdout, project).split('\n')) {
    const m = /^([^(]+)\(\d+,\d+\): error/.exec(line);
    if (!m) continue;
    out.set(m[1]!, [...(out.get(m[1]!) ?? []), line]);
  }
  return out;
}

async function runShell(project: FixtureProject, command: string): Promise<RunResult> {
  return project.run('bash', ['-c', command], {
    env: { PATH: `${join(project.dir, 'node_modules', '.bin')}:${process.env.PATH ?? ''}` },
    timeoutMs: 120_000,
  });
}

/** What a block that is not run is checked against instead, by its language. */
function checkNotRun(block: CodeBlock): void {
  if (block.lang === 'sh') {
    execFileSync('bash', ['-n'], { input: block.text });
    for (const command of shellCommands(block.text)) checkNamedCommands(command);
  } else if (block.lang === 'yaml') {
    const value = parseYaml(block.text) as Record<string, unknown>;
    if ('cases' in value) expect(schemaErrors(value, SCENARIO_SCHEMA)).toEqual([]);
    if ('jobs' in value) {
      const runs = Object.values(value.jobs as Record<string, { steps: { run?: string }[] }>).flatMap((job) =>
        job.steps.flatMap((s) => (s.run ? [s.run] : [])),
      );
      expect(runs.length).toBeGreaterThan(0);
      for (const run of runs) {
        execFileSync('bash', ['-n'], { input: run });
        checkNamedCommands(run);
      }
    }
  } else {
    // Output as printed, a diagram: there is nothing to run; it must at least say something.
    expect(block.text.trim().length).toBeGreaterThan(0);
  }
}

/** The npm scripts and iamspec commands a command line names exist. */
function checkNamedCommands(command: string): void {
  for (const m of command.matchAll(/npm run (\S+)/g)) expect(SCRIPTS, `npm run ${m[1]}`).toHaveProperty([m[1]!]);
  for (const m of command.matchAll(/(?:^|&&|;|\|)\s*(?:npx\s+|npm run\s+)?iamspec\s+(?:--\s+)?([a-z]+)/g))
    expect(COMMAND_NAMES.has(m[1]!), `iamspec ${m[1]}`).toBe(true);
}

test('the documentation has code blocks to run', () => {
  expect(documents(REPO_ROOT).flatMap((doc) => blocksOf(REPO_ROOT, doc)).length).toBeGreaterThan(20);
});

for (const doc of documents(REPO_ROOT)) {
  const blocks = blocksOf(REPO_ROOT, doc);
  describe(doc, () => {
    let project: FixtureProject;
    let tscErrors: Map<string, string[]>;
    let vitestRun: Promise<{ run: RunResult; report: JsonReport | undefined }> | undefined;
    const runVitest = () =>
      (vitestRun ??= (async () => {
        const run = await project.run('vitest', ['run', '--reporter=json', '--outputFile=doc-report.json'], { timeoutMs: 180_000 });
        let report: JsonReport | undefined;
        try {
          report = JSON.parse(project.readFile('doc-report.json')) as JsonReport;
        } catch {
          // No report: the assertions show the run's output.
        }
        return { run, report };
      })());

    beforeAll(async () => {
      if (blocks.length === 0) return;
      project = await createFixtureProject(`doc-${doc}`, projectFiles(blocks), { toolchain: await ensureToolchain('vitest4') });
      if (doc !== 'README.md') {
        cpSync(join(REPO_ROOT, 'scenarios'), join(project.dir, 'scenarios'), { recursive: true });
        cpSync(join(REPO_ROOT, 'scenarios', 'policies'), join(project.dir, 'policies'), { recursive: true });
        // The templates the reference names by this repository's paths.
        cpSync(join(REPO_ROOT, 'test', 'fixtures', 'templates'), join(project.dir, 'test', 'fixtures', 'templates'), { recursive: true });
      }
      // The package's bin, as npm links it in a project that installs the package.
      mkdirSync(join(project.dir, 'node_modules', '.bin'), { recursive: true });
      symlinkSync('../iamspec/dist/cli.js', join(project.dir, 'node_modules', '.bin', 'iamspec'));
      // A repository whose origin/main is this state, so `iamspec diff --base origin/main` runs.
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.email=doc-test@example.invalid', '-c', 'user.name=doc-test', ...args], {
          cwd: project.dir,
          stdio: 'pipe',
        });
      writeFileSync(join(project.dir, '.gitignore'), 'node_modules/\n');
      git('init', '-q');
      git('add', '-A');
      git('commit', '-q', '-m', 'documentation example');
      git('update-ref', 'refs/remotes/origin/main', 'HEAD');
      tscErrors = errorsByFile(await project.run('tsc', ['--noEmit', '-p', '.'], { timeoutMs: 180_000 }), project);
    }, 600_000);
    afterAll(() => project?.cleanup());

    test('each code block is in a language the tests know, or marked', () => {
      for (const block of blocks) {
        const known = ['ts', 'sh', 'yaml', 'json', 'js'].includes(block.lang) || block.directive !== undefined;
        expect(known, `${doc}:${block.line} (\`\`\`${block.lang}) needs a doc-test directive`).toBe(true);
      }
    });

    for (const block of blocks) {
      const where = `${doc}:${block.line}`;
      const kind = block.directive?.kind;
      test(
        `${where} ` +
          (`${block.lang || 'text'}` +
            (`${block.path ? ` ${block.path}` : ''}` +
              `${kind ? ` (${kind}${block.directive?.kind === 'not-run' ? `: ${block.directive.reason}` : ''})` : ''}`)),
        async () => {
          if (kind === 'not-run') return checkNotRun(block);
          if (kind === 'keys-of') {
            const result = await runShell(project, (block.directive as { command: string }).command);
            const printed = keysOf(JSON.parse(result.stdout));
            expect(new Set(keysNamed(block.text))).toEqual(printed);
            return;
          }
          if (kind === 'tsconfig') return; // merged into the project's tsconfig.json, which tsc read
          if (block.lang === 'ts') {
            const file = block.path ?? snippetPath(block);
            expect(tscErrors.get(file) ?? [], `tsc on ${where}`).toEqual([]);
            if (kind === 'types-only' || /(^|\/)(vitest|jest)\.config\.\w+$/.test(file)) return;
            if (isTestFile(file)) {
              const { run, report } = await runVitest();
              const results = report?.testResults.find((r) => r.name.endsWith(`/${file}`))?.assertionResults ?? [];
              expect(results.length, normaliseOutput(run.stdout + run.stderr, project).slice(-3000)).toBeGreaterThan(0);
              // Known-defect cases are skipped tests by design; anything else must pass.
              expect(
                results
                  .filter((r) => !['passed', 'skipped', 'pending'].includes(r.status))
                  .map((r) => `${r.title}: ${r.failureMessages.join('\n')}`),
              ).toEqual([]);
              return;
            }
            const run = await project.run('node', ['--import', 'tsx', file], { timeoutMs: 120_000 });
            expect(run.code, normaliseOutput(run.stdout + run.stderr, project)).toBe(0);
            return;
          }
          if (block.lang === 'sh') {
            for (const command of shellCommands(block.text)) {
              const run = await runShell(project, command);
              expect(run.code, `${command}\n${normaliseOutput(run.stdout + run.stderr, project)}`).toBe(
                kind === 'exit' ? (block.directive as { code: number }).code : 0,
              );
            }
            return;
          }
          if (block.lang === 'yaml' && block.path?.endsWith('.iam.yaml')) {
            const run = await runShell(project, `iamspec test ${block.path}`);
            expect(run.code, normaliseOutput(run.stdout + run.stderr, project)).toBe(0);
            // With the Vite plugin in the project, Vitest runs it too.
            if (blocks.some((b) => b.path === 'vitest.config.ts' && b.text.includes('vite-plugin'))) {
              const { report } = await runVitest();
              const results = report?.testResults.find((r) => r.name.endsWith(`/${block.path}`))?.assertionResults ?? [];
              expect(results.length).toBeGreaterThan(0);
              expect(results.filter((r) => r.status !== 'passed').map((r) => r.title)).toEqual([]);
            }
            return;
          }
          if (block.lang === 'json') {
            expect(() => JSON.parse(block.text)).not.toThrow();
            return;
          }
          if (block.lang === 'js' && block.path) {
            const run = await project.run('node', ['-e', `require(${JSON.stringify(`./${block.path}`)})`]);
            expect(run.code, run.stderr).toBe(0);
            return;
          }
          throw new Error(`${where}: no rule runs this block (\`\`\`${block.lang}); mark it with a doc-test directive`);
        },
        300_000,
      );
    }
  });
}
