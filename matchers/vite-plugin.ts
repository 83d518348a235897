/**
 * `iamspec/vite-plugin`: every scenario file (`*.iam.yaml`) becomes a Vitest test module of its
 * own, a test per case, named by the case.
 *
 *   // vitest.config.ts
 *   import { defineConfig } from 'vitest/config';
 *   import iamspec from 'iamspec/vite-plugin';
 *   export default defineConfig({ plugins: [iamspec()] });
 *
 * So `vitest scenarios/tenants.iam.yaml` runs one file, `--shard` splits by scenario file, watch
 * mode re-runs a file when it (or a policy file it names) changes, and a failing case is reported
 * at its line in the YAML file. The generated module is a few lines that load the scenario file
 * when the test worker runs it (see vite-plugin-runtime.ts).
 *
 * The plugin adds the scenario files to `test.include` (keeping Vitest's default or your list).
 * Known-defect cases are skipped tests unless `includeKnownDefects` is set (or the environment
 * variable IAMSPEC_INCLUDE_KNOWN_DEFECTS=1).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import '../src/dynamodb/register';
import { ScenarioError } from '../src/scenarios/errors';
import { SCENARIO_FILE_PATTERN } from '../src/scenarios/discover';
import { loadScenarioText } from '../src/scenarios/load';
import type { ScenarioModuleOptions } from './vite-plugin-runtime';

export interface IamspecPluginOptions {
  /** Globs of scenario files added to Vitest's `test.include`. Default `**\/*.iam.{yaml,yml}`. */
  readonly include?: string | readonly string[];
  /** Run the cases marked `knownDefect` instead of skipping them. */
  readonly includeKnownDefects?: boolean;
  /** Evaluate every case in strict mode. */
  readonly strict?: boolean;
}

/** Vitest's own default, kept when the configuration does not set `test.include`. */
const VITEST_DEFAULT_INCLUDE = ['**/*.{test,spec}.?(c|m)[jt]s?(x)'];
const DEFAULT_SCENARIO_INCLUDE = ['**/*.iam.{yaml,yml}'];

type ModuleOptions = ScenarioModuleOptions;

// --- the generated module ---------------------------------------------------------------------------------

/**
 * The runtime the generated modules import. It is an entry of its own beside this module: in the
 * sources, `vite-plugin-runtime.ts`; in the package, `dist/vite-plugin-runtime.js`, which is also
 * where this code runs from when it is bundled into a shared chunk (as the CommonJS build does:
 * there `import.meta.url` names the chunk, not `vite-plugin.cjs`). The ESM file is the one to
 * import, whichever format loaded the plugin: Vitest imports test modules as ES modules.
 */
function runtimePath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const built = join(here, 'vite-plugin-runtime.js');
  return existsSync(built) ? built : join(here, 'vite-plugin-runtime.ts');
}

const RUNTIME = runtimePath();

/**
 * The test module for a scenario file: it imports the runtime, which reads the file and registers
 * its cases when the module runs in the test worker. Three lines whatever the size of the file.
 */
export function generateScenarioModule(path: string, options: ModuleOptions): string {
  const json = JSON.stringify;
  return [
    `import { test } from 'vitest';`,
    `import { scenarioFileTests } from ${json(RUNTIME)};`,
    `scenarioFileTests(test, ${json(path)}, ${json(options)});`,
    '',
  ].join('\n');
}

/** The policy files a scenario file names (watch mode re-runs it when one changes), or none if it does not load. */
function policyFilesOf(path: string, cwd = process.cwd()): readonly string[] {
  try {
    return loadScenarioText(readFileSync(path, 'utf8'), { path, cwd }).policyFiles;
  } catch (error) {
    if (error instanceof ScenarioError) return [];
    throw error;
  }
}

// --- the plugin ----------------------------------------------------------------------------------------------

interface TestConfig {
  test?: { include?: string[] };
}

/** The Vite/Vitest plugin. Typed structurally so that the package needs no `vite` types. */
export interface IamspecVitePlugin {
  readonly name: 'iamspec';
  readonly enforce: 'pre';
  config(config: TestConfig): void;
  configureVitest(context: { readonly vitest: { readonly config: { readonly watch: boolean } } }): void;
  load(this: { addWatchFile?(file: string): void }, id: string): { code: string; map: { mappings: '' }; moduleType: 'js' } | undefined;
}

function cleanId(id: string): string {
  const query = id.indexOf('?');
  return query < 0 ? id : id.slice(0, query);
}

export function iamspec(pluginOptions: IamspecPluginOptions = {}): IamspecVitePlugin {
  const include =
    pluginOptions.include === undefined
      ? DEFAULT_SCENARIO_INCLUDE
      : typeof pluginOptions.include === 'string'
        ? [pluginOptions.include]
        : [...pluginOptions.include];
  const options: ModuleOptions = {
    includeKnownDefects: pluginOptions.includeKnownDefects ?? process.env.IAMSPEC_INCLUDE_KNOWN_DEFECTS === '1',
    strict: pluginOptions.strict ?? false,
  };
  // Whether Vitest watches files (known from Vitest 3.1 on; until known, assume it does).
  let watching = true;
  return {
    name: 'iamspec',
    enforce: 'pre',
    config(config) {
      config.test ??= {};
      const current = config.test.include ?? VITEST_DEFAULT_INCLUDE;
      config.test.include = [...current, ...include.filter((glob) => !current.includes(glob))];
    },
    configureVitest({ vitest }) {
      watching = vitest.config.watch;
    },
    load(id) {
      const path = cleanId(id);
      if (!SCENARIO_FILE_PATTERN.test(path) || path !== id) return undefined;
      // In watch mode, re-run the scenario when a policy file it names changes, not only the YAML
      // itself. Finding them means loading the file, so a single run leaves it to the worker.
      if (watching) for (const file of policyFilesOf(path)) this.addWatchFile?.(file);
      // No source map: the module's lines are not the YAML file's, and the errors of failing
      // cases name the YAML lines themselves (an empty map keeps Vitest from remapping them).
      return { code: generateScenarioModule(path, options), map: { mappings: '' }, moduleType: 'js' };
    },
  };
}

export default iamspec;
