/**
 * Test-runner installs for the consumer matrix: one `npm install` per Vitest or Jest major (with the
 * TypeScript, ts-jest and Babel a project of that kind uses), kept under the system temp directory
 * in a folder named by a hash of the dependency list, so a second run (or a second test file)
 * reuses it. In CI everything comes from the npm registry; nothing here is network-free on a first
 * run. A lock directory keeps parallel test files from installing the same toolchain twice.
 *
 * Vitest 4 is this repository's own development dependency: that toolchain links the repository's
 * node_modules instead of installing anything.
 *
 *   const modules = await ensureToolchain('jest29');   // a node_modules directory
 *   const project = await createFixtureProject('x', files, { toolchain: modules });
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runProcess, withLock } from './fixture-project';

const TYPESCRIPT = { typescript: '~5.9.3', '@types/node': '^20.9.5' };
const BABEL = { '@babel/core': '^7.26.0', '@babel/preset-env': '^7.26.0', '@babel/preset-typescript': '^7.26.0' };

/** The dependencies of each toolchain: the cache key is a hash of this list. */
export const TOOLCHAINS = {
  vitest3: { vitest: '~3.2.4', ...TYPESCRIPT },
  vitest4: undefined,
  jest29: { jest: '^29.7.0', '@jest/globals': '^29.7.0', 'babel-jest': '^29.7.0', 'ts-jest': '^29.4.0', ...BABEL, ...TYPESCRIPT },
  jest30: { jest: '^30.0.0', '@jest/globals': '^30.0.0', 'babel-jest': '^30.0.0', 'ts-jest': '^29.4.0', ...BABEL, ...TYPESCRIPT },
} as const satisfies Record<string, Readonly<Record<string, string>> | undefined>;

export type ToolchainName = keyof typeof TOOLCHAINS;

const installs = new Map<ToolchainName, Promise<string>>();

/** The node_modules directory of a toolchain, installed on first use. */
export function ensureToolchain(name: ToolchainName): Promise<string> {
  let install = installs.get(name);
  if (!install) {
    install = installToolchain(name);
    installs.set(name, install);
    install.catch(() => installs.delete(name));
  }
  return install;
}

async function installToolchain(name: ToolchainName): Promise<string> {
  const dependencies = TOOLCHAINS[name];
  if (dependencies === undefined) return join(REPO_ROOT, 'node_modules');
  const key = createHash('sha256').update(JSON.stringify(dependencies)).digest('hex').slice(0, 12);
  const root = join(tmpdir(), 'iamspec-toolchains');
  const dir = join(root, `${name}-${key}`);
  const complete = join(dir, 'complete');
  if (existsSync(complete)) return join(dir, 'node_modules');
  mkdirSync(root, { recursive: true });
  return withLock(join(root, `${name}.lock`), async () => {
    if (existsSync(complete)) return join(dir, 'node_modules');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `iamspec-toolchain-${name}`, private: true, dependencies }, null, 2));
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = await runProcess(npm, ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], dir, {
      timeoutMs: 600_000,
    });
    if (result.code !== 0)
      throw new Error(
        `installing the ${name} toolchain failed (exit ` +
          `${result.code}${result.timedOut ? ', timed out' : ''}):\n${result.stdout}\n${result.stderr}`,
      );
    writeFileSync(complete, new Date().toISOString());
    return join(dir, 'node_modules');
  });
}
