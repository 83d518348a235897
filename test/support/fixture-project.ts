/**
 * Real projects for real test runners: tests that must see iamspec the way a user's project sees
 * it (the published package, its `exports` map, its type declarations, a runner in a child process)
 * build the package once, then create throw-away projects that install it.
 *
 *   const project = await createFixtureProject('matchers-vitest', {
 *     'vitest.config.mjs': "export default { test: { setupFiles: ['iamspec/vitest'] } };",
 *     'policy.test.ts': "import { expect, test } from 'vitest'; test('…', () => { … });",
 *   });
 *   try {
 *     const result = await project.run('vitest', ['run', '--reporter=json', '--outputFile=out.json']);
 *     const report = JSON.parse(project.readFile('out.json'));
 *   } finally {
 *     await project.cleanup();
 *   }
 *
 * - `ensureBuiltPackage()` runs `npm run build` and `npm pack`, and extracts the tarball, once per
 *   state of the sources: the result is kept in the system temp directory under a hash of every
 *   file the build reads, and a lock directory keeps parallel test files (and parallel runs) from
 *   building at the same time. `createFixtureProject` calls it.
 * - `createFixtureProject(name, files, options)` makes a temp directory holding `files` (paths
 *   relative to it, directories created as needed), with `node_modules/iamspec` a copy of the
 *   packed package and the other modules (`options.modules`, default vitest, jest, yaml, ipaddr.js,
 *   tinyglobby) symlinked from this repository's `node_modules`: no network, and nothing else
 *   resolvable, so a dependency missing from package.json shows up as a failure.
 * - `project.run(command, args)` runs an installed package's bin (`vitest`, `jest`, `tsc`) with this Node, or
 *   any other command, in the project directory, without colours, and never rejects: it resolves
 *   to `{ code, stdout, stderr, timedOut }`. The child gets its own process group and is killed
 *   with it at the timeout (default 60 s).
 * - `normaliseOutput(text, project)` strips colours, the project's path, durations and stack
 *   frames, for snapshots.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/support/fixture-project.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const DEFAULT_MODULES: readonly string[] = ['vitest', 'jest', 'yaml', 'ipaddr.js', 'tinyglobby'];

/** What goes into the build: a change to any of these means a new package. */
const BUILD_INPUTS = ['src', 'matchers', 'scripts', 'package.json', 'tsup.config.ts', 'tsconfig.json', 'README.md', 'LICENSE', 'schema'];

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export interface RunOptions {
  /** Milliseconds before the child (and its process group) is killed. Default 60 000. */
  readonly timeoutMs?: number;
  /** Added to the child's environment. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface FixtureProject {
  readonly dir: string;
  run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** Reads a file of the project (path relative to `dir`). */
  readFile(path: string): string;
  cleanup(): Promise<void>;
}

export interface FixtureOptions {
  /** Modules symlinked from this repository's node_modules. Default `DEFAULT_MODULES`. */
  readonly modules?: readonly string[];
  /** Install the built iamspec package in node_modules/iamspec. Default true. */
  readonly installPackage?: boolean;
  /**
   * A node_modules directory (see toolchains.ts) whose every package is linked into the project,
   * besides `modules` (which, with a toolchain, default to iamspec's own dependencies only).
   */
  readonly toolchain?: string;
  /** Install this packed package directory instead of building the sources (e.g. an older release). */
  readonly packageDir?: string;
}

/** iamspec's runtime dependencies: a project that installs the package has them. */
const PACKAGE_DEPENDENCIES: readonly string[] = ['yaml', 'ipaddr.js', 'tinyglobby'];

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(path, entry.name)) : entry.isFile() ? [join(path, entry.name)] : []));
}

/** A hash of every file the build reads, by path and content. */
export function sourceStamp(): string {
  const hash = createHash('sha256');
  for (const input of BUILD_INPUTS) {
    for (const file of filesUnder(join(REPO_ROOT, input))) {
      hash.update(relative(REPO_ROOT, file).split(sep).join('/'));
      hash.update('\0');
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  }
  return hash.digest('hex').slice(0, 20);
}

/** Minimal environment for a child runner: the parent's, without what would make it think it runs inside a test worker. */
function childEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VITEST|JEST_WORKER_ID|TINYPOOL|NODE_OPTIONS|NODE_ENV|FORCE_COLOR|NO_COLOR|npm_)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '1', ...extra };
}

export function runProcess(command: string, args: readonly string[], cwd: string, options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const posix = process.platform !== 'win32';
    const child = spawn(command, args, {
      cwd,
      env: childEnv(options.env),
      detached: posix,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: !posix && /^npm$/.test(command),
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (posix && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    }, options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: `${stderr}${error.message}`, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An exclusive lock across processes: a directory, because creating one is atomic. */
export async function withLock<T>(lockDir: string, body: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 240_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a killed run: older than any build takes.
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > 180_000) rmSync(lockDir, { recursive: true, force: true });
      } catch {
        // Released meanwhile.
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${lockDir}`);
      await sleep(250);
    }
  }
  try {
    return await body();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function npm(): string {
  return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

const REQUIRED_FILES = [
  'package.json',
  'dist/index.js',
  'dist/index.cjs',
  'dist/vitest.js',
  'dist/vitest.d.ts',
  'dist/jest.cjs',
  'dist/jest.d.ts',
];

/** Removes packages of earlier sources, once nobody can still be copying them (an hour old). */
function pruneOldBuilds(cacheRoot: string, keep: string): void {
  for (const entry of readdirSync(cacheRoot)) {
    const path = join(cacheRoot, entry);
    if (entry === keep || entry === 'lock') continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by another run meanwhile.
    }
  }
}

let built: Promise<string> | undefined;

/**
 * The packed package, extracted, for the current sources: built (`npm run build`, `npm pack`) if
 * no earlier run has built these exact sources. Resolves to the package directory.
 */
export function ensureBuiltPackage(): Promise<string> {
  built ??= (async () => {
    const cacheRoot = join(tmpdir(), `iamspec-package-${createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 12)}`);
    mkdirSync(cacheRoot, { recursive: true });
    const stamp = sourceStamp();
    const stampDir = join(cacheRoot, stamp);
    const packageDir = join(stampDir, 'package');
    const complete = join(stampDir, 'complete');
    if (existsSync(complete)) return packageDir;
    return withLock(join(cacheRoot, 'lock'), async () => {
      if (existsSync(complete)) return packageDir;
      rmSync(stampDir, { recursive: true, force: true });
      mkdirSync(stampDir, { recursive: true });
      const build = await runProcess(npm(), ['run', 'build'], REPO_ROOT, { timeoutMs: 180_000 });
      if (build.code !== 0)
        throw new Error(
          `npm run build failed (exit ${build.code}${build.timedOut ? ', timed out' : ''}):\n${build.stdout}\n${build.stderr}`,
        );
      const pack = await runProcess(npm(), ['pack', '--json', '--ignore-scripts', '--pack-destination', stampDir], REPO_ROOT, {
        timeoutMs: 60_000,
      });
      if (pack.code !== 0) throw new Error(`npm pack failed (exit ${pack.code}):\n${pack.stdout}\n${pack.stderr}`);
      const [packed] = JSON.parse(pack.stdout) as { filename: string }[];
      if (!packed) throw new Error(`npm pack printed no file:\n${pack.stdout}`);
      const tarball = join(stampDir, packed.filename);
      const extract = await runProcess('tar', ['-xzf', tarball, '-C', stampDir], stampDir, { timeoutMs: 60_000 });
      if (extract.code !== 0) throw new Error(`extracting ${tarball} failed:\n${extract.stderr}`);
      const missing = REQUIRED_FILES.filter((f) => !existsSync(join(packageDir, f)));
      if (missing.length > 0) throw new Error(`the packed package lacks ${missing.join(', ')}`);
      writeFileSync(complete, new Date().toISOString());
      pruneOldBuilds(cacheRoot, stamp);
      return packageDir;
    });
  })();
  // A failed build is not remembered: the next caller tries again.
  built.catch(() => (built = undefined));
  return built;
}

/** Creates a project in a temp directory; see the module comment. */
export async function createFixtureProject(
  name: string,
  files: Readonly<Record<string, string>>,
  options: FixtureOptions = {},
): Promise<FixtureProject> {
  const packageDir = options.installPackage === false ? undefined : (options.packageDir ?? (await ensureBuiltPackage()));
  const dir = mkdtempSync(join(tmpdir(), `iamspec-${name.replace(/[^A-Za-z0-9-]/g, '-')}-`));
  const modules = join(dir, 'node_modules');
  mkdirSync(modules);
  if (packageDir) cpSync(packageDir, join(modules, 'iamspec'), { recursive: true });
  if (options.toolchain) {
    for (const entry of readdirSync(options.toolchain)) {
      if (entry.startsWith('.') || entry === 'iamspec') continue;
      symlinkSync(join(options.toolchain, entry), join(modules, entry), 'junction');
    }
  }
  const linkModules = options.modules ?? (options.toolchain ? PACKAGE_DEPENDENCIES : DEFAULT_MODULES);
  for (const module of linkModules.filter((m) => !existsSync(join(modules, m)))) {
    const source = join(REPO_ROOT, 'node_modules', module);
    if (!existsSync(source))
      throw new Error(`createFixtureProject: ${module} is not installed in ${relative(process.cwd(), join(REPO_ROOT, 'node_modules'))}`);
    const target = join(modules, module);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(source, target, 'junction');
  }
  if (!Object.keys(files).includes('package.json'))
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `fixture-${name}`, private: true }, null, 2));
  for (const [path, content] of Object.entries(files)) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }

  /** A command's script among the installed packages' bins: the package of that name first, then any other. */
  const binOf = (command: string): string | undefined => {
    const packages = readdirSync(modules).flatMap((name) =>
      name.startsWith('@') ? readdirSync(join(modules, name)).map((sub) => `${name}/${sub}`) : [name],
    );
    for (const name of [command, ...packages.filter((p) => p !== command)]) {
      const manifest = join(modules, name, 'package.json');
      if (!existsSync(manifest)) continue;
      const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: string | Record<string, string> }).bin;
      const script = typeof bin === 'string' ? (name === command || name.endsWith(`/${command}`) ? bin : undefined) : bin?.[command];
      if (script !== undefined) return join(modules, name, script);
    }
    return undefined;
  };

  return {
    dir,
    run(command, args, runOptions) {
      const bin = binOf(command);
      return bin ? runProcess(process.execPath, [bin, ...args], dir, runOptions) : runProcess(command, args, dir, runOptions);
    },
    readFile(path) {
      return readFileSync(join(dir, path), 'utf8');
    },
    async cleanup() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** Output fit for a snapshot: no colours, no absolute paths, no durations, no stack frames. */
export function normaliseOutput(text: string, project?: Pick<FixtureProject, 'dir'>): string {
  let out = text.replace(ANSI, '');
  if (project) {
    // The temp directory may be reached through a symlink (macOS /var -> /private/var).
    for (const dir of [`/private${project.dir}`, project.dir]) out = out.split(dir).join('<project>');
  }
  out = out.split(REPO_ROOT.replace(/[\\/]$/, '')).join('<repo>');
  return out
    .split('\n')
    .filter((line) => !/^\s+at /.test(line))
    .map((line) => line.replace(/\b\d+(\.\d+)?\s?(ms|s)\b/g, '<time>').replace(/\s+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The files of a directory under test/fixtures/, by path relative to it (prefixed with `under`). */
export function fixtureFiles(name: string, under = ''): Record<string, string> {
  const root = join(FIXTURES, name);
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files[`${under}${relative(root, path).split('\\').join('/')}`] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return files;
}

/** The parts of Vitest's and Jest's JSON reports (`--reporter=json`, `--json`) the tests read. */
export interface JsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTotalTests: number;
  testResults: { name: string; assertionResults: { fullName: string; title: string; status: string; failureMessages: string[] }[] }[];
}
