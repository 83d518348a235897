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
 * at its line in the YAML file: the generated module has one line per case, mapped to the case by
 * a source map.
 *
 * The plugin adds the scenario files to `test.include` (keeping Vitest's default or your list).
 * Known-defect cases are skipped tests unless `includeKnownDefects` is set (or the environment
 * variable IAMSPEC_INCLUDE_KNOWN_DEFECTS=1).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import '../src/dynamodb/register';
import { ScenarioError } from '../src/scenarios/errors';
import { SCENARIO_FILE_PATTERN } from '../src/scenarios/discover';
import { displayPath, loadScenarioText } from '../src/scenarios/load';
import type { Scenario } from '../src/scenarios/model';
import type { Position } from '../src/source/position';
import { ScenarioRunner } from '../src/scenarios/run';
import { failureMessage, knownDefectName, loadFailure } from './scenario-tests';

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

interface ModuleOptions {
  readonly includeKnownDefects: boolean;
  readonly strict: boolean;
}

// --- the runtime the generated modules call ------------------------------------------------------------

export interface ScenarioModule {
  readonly file: string;
  /** The failure message of case `index`, or undefined when it passes. */
  check(index: number): string | undefined;
}

/**
 * Loads a scenario file in the test worker. `expectedCases` is the number of cases the module was
 * generated for: a file that changed in between is refused rather than run against the wrong lines.
 */
export function scenarioModule(path: string, expectedCases: number, options: ModuleOptions): ScenarioModule {
  const scenario = loadScenarioText(readFileSync(path, 'utf8'), { path, cwd: process.cwd() });
  if (scenario.cases.length !== expectedCases) {
    throw new Error(`${scenario.file} changed while its tests were prepared (${expectedCases} cases then, ${scenario.cases.length} now); run again`);
  }
  const runner = new ScenarioRunner(scenario, { includeKnownDefects: options.includeKnownDefects, strict: options.strict });
  return {
    file: scenario.file,
    check(index) {
      const result = runner.run(scenario.cases[index]!);
      return result.status === 'passed' ? undefined : failureMessage(result, scenario.file);
    },
  };
}

// --- source maps ----------------------------------------------------------------------------------------

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function vlq(value: number): string {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = '';
  do {
    let digit = rest & 31;
    rest >>>= 5;
    if (rest > 0) digit |= 32;
    out += BASE64[digit];
  } while (rest > 0);
  return out;
}

/** A source map whose generated line i (0-based) starts at `targets[i]` (1-based line and column), or maps nowhere. */
export function lineSourceMap(path: string, source: string, targets: readonly (Position | undefined)[]) {
  let previousLine = 0;
  let previousColumn = 0;
  const lines = targets.map((target) => {
    if (!target) return '';
    const segment = vlq(0) + vlq(0) + vlq(target.line - 1 - previousLine) + vlq(target.column - 1 - previousColumn);
    previousLine = target.line - 1;
    previousColumn = target.column - 1;
    return segment;
  });
  return { version: 3 as const, file: path, sources: [path], sourcesContent: [source], names: [] as string[], mappings: lines.join(';') };
}

// --- the generated module ---------------------------------------------------------------------------------

/** The runtime above, as the generated modules import it: this very module. */
const RUNTIME = fileURLToPath(import.meta.url);

/** The test module for a scenario file: one line per case, so that a source map can point at it. */
export function generateScenarioModule(
  path: string,
  source: string,
  options: ModuleOptions,
  cwd = process.cwd(),
): { code: string; map: ReturnType<typeof lineSourceMap>; policyFiles: readonly string[] } {
  const lines: string[] = [`import { test } from 'vitest';`];
  const targets: (Position | undefined)[] = [undefined];
  const json = JSON.stringify;
  let scenario: Scenario;
  try {
    scenario = loadScenarioText(source, { path, cwd });
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    const failure = loadFailure(error, path);
    // Map the test to the first problem in the scenario file itself (a policy file's problem has no line here).
    const own = error.issues.find((i) => i.line !== undefined && i.file === displayPath(path, cwd));
    lines.push(`test('the scenario file loads', () => { throw Object.assign(new Error(${json(failure.message)}), { name: 'ScenarioError' }); });`);
    targets.push(own ? { line: own.line!, column: own.column ?? 1 } : { line: 1, column: 1 });
    return { code: `${lines.join('\n')}\n`, map: lineSourceMap(path, source, targets), policyFiles: [] };
  }
  lines.push(`import { scenarioModule } from ${json(RUNTIME)};`);
  targets.push(undefined);
  lines.push(`const scenario = scenarioModule(${json(path)}, ${scenario.cases.length}, ${json(options)});`);
  targets.push({ line: 1, column: 1 });
  scenario.cases.forEach((c, i) => {
    const at = { line: c.line, column: c.column };
    if (c.knownDefect !== undefined && !options.includeKnownDefects) {
      lines.push(`test.skip(${json(knownDefectName(c))}, () => {});`);
    } else {
      // The Error is made on this line, so its first stack frame maps to the case in the YAML file.
      lines.push(`test(${json(c.name)}, () => { const failed = scenario.check(${i}); if (failed !== undefined) throw Object.assign(new Error(failed), { name: 'ScenarioCaseFailure' }); });`);
    }
    targets.push(at);
  });
  return { code: `${lines.join('\n')}\n`, map: lineSourceMap(path, source, targets), policyFiles: scenario.policyFiles };
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
  load(this: { addWatchFile?(file: string): void }, id: string): { code: string; map: ReturnType<typeof lineSourceMap>; moduleType: 'js' } | undefined;
}

function cleanId(id: string): string {
  const query = id.indexOf('?');
  return query < 0 ? id : id.slice(0, query);
}

export function iamspec(pluginOptions: IamspecPluginOptions = {}): IamspecVitePlugin {
  const include = pluginOptions.include === undefined ? DEFAULT_SCENARIO_INCLUDE : typeof pluginOptions.include === 'string' ? [pluginOptions.include] : [...pluginOptions.include];
  const options: ModuleOptions = {
    includeKnownDefects: pluginOptions.includeKnownDefects ?? process.env.IAMSPEC_INCLUDE_KNOWN_DEFECTS === '1',
    strict: pluginOptions.strict ?? false,
  };
  return {
    name: 'iamspec',
    enforce: 'pre',
    config(config) {
      config.test ??= {};
      const current = config.test.include ?? VITEST_DEFAULT_INCLUDE;
      config.test.include = [...current, ...include.filter((glob) => !current.includes(glob))];
    },
    load(id) {
      const path = cleanId(id);
      if (!SCENARIO_FILE_PATTERN.test(path) || path !== id) return undefined;
      const source = readFileSync(path, 'utf8');
      const { code, map, policyFiles } = generateScenarioModule(path, source, options);
      // Re-run the scenario when a policy file it names changes, not only the YAML itself.
      for (const file of policyFiles) this.addWatchFile?.(file);
      return { code, map, moduleType: 'js' };
    },
  };
}

export default iamspec;
