/**
 * The consumer matrix: the packed package installed into throw-away projects set up the ways people
 * set up Vitest, Jest and TypeScript. Each project holds the same policy, one matcher test that
 * passes, one that fails on purpose (its message must name the deciding statement), scenario files
 * run through the Vite plugin or `scenarioTests`, and a tsconfig for `tsc --noEmit`.
 *
 * Not every cross-product: the combinations below cover every value of every axis (runner major,
 * Jest transform, package "type", config file extension, moduleResolution, how the matchers are
 * registered and typed) and every breakage seen in a new user's project (see each `why`).
 */
import type { ToolchainName } from '../support/toolchains';

export type Resolution = 'node10' | 'node16' | 'nodenext' | 'bundler';
export type PackageType = 'module' | 'commonjs' | undefined;

interface Common {
  readonly name: string;
  /** What this combination proves. */
  readonly why: string;
  readonly toolchain: ToolchainName;
  readonly type: PackageType;
  readonly resolution: Resolution;
}

export interface VitestCombination extends Common {
  readonly runner: 'vitest';
  readonly config: 'ts' | 'mts' | 'js' | 'cjs';
  /** Scenario files through the plugin, or through `scenarioTests` in a test file. */
  readonly scenarios: 'plugin' | 'scenarioTests';
  /** The matchers registered by `setupFiles` (typed through tsconfig `types`), or by importing `iamspec/vitest`. */
  readonly matchers: 'setupFiles' | 'import';
  /** Four scenario files, run as `--shard=1/2` and `--shard=2/2`. */
  readonly shards?: boolean;
}

export interface JestCombination extends Common {
  readonly runner: 'jest';
  readonly config: 'js' | 'cjs';
  readonly transform: 'ts-jest' | 'babel-jest';
  /** Matcher types from importing `iamspec/jest`, or from tsconfig `types` alone (registered by setupFilesAfterEnv). */
  readonly types: 'import' | 'tsconfig';
}

export type Combination = VitestCombination | JestCombination;

export const VITEST_COMBINATIONS: readonly VitestCombination[] = [
  {
    name: 'vitest4-no-type-config-ts-node10',
    why:
      'the plugin loaded from the CommonJS build (no "type", vitest.config.ts); types via setupFiles ' +
      'and tsconfig types only; subpath types under node10',
    runner: 'vitest',
    toolchain: 'vitest4',
    type: undefined,
    config: 'ts',
    resolution: 'node10',
    scenarios: 'plugin',
    matchers: 'setupFiles',
  },
  {
    name: 'vitest4-commonjs-config-js-node16',
    why:
      'the plugin from the CommonJS build ("type": "commonjs" as npm init writes it, ' +
      "vitest.config.js); import 'iamspec/vitest' under node16",
    runner: 'vitest',
    toolchain: 'vitest4',
    type: 'commonjs',
    config: 'js',
    resolution: 'node16',
    scenarios: 'plugin',
    matchers: 'import',
  },
  {
    name: 'vitest3-module-config-mts-bundler-shards',
    why: 'Vitest 3.2, ESM project, setupFiles with tsconfig types under bundler; --shard=1/2 and 2/2 run each scenario file exactly once',
    runner: 'vitest',
    toolchain: 'vitest3',
    type: 'module',
    config: 'mts',
    resolution: 'bundler',
    scenarios: 'plugin',
    matchers: 'setupFiles',
    shards: true,
  },
  {
    name: 'vitest3-no-type-config-cjs-nodenext',
    why: "Vitest 3.2 with a CommonJS config file, scenarioTests and import 'iamspec/vitest' under nodenext",
    runner: 'vitest',
    toolchain: 'vitest3',
    type: undefined,
    config: 'cjs',
    resolution: 'nodenext',
    scenarios: 'scenarioTests',
    matchers: 'import',
  },
];

export const JEST_COMBINATIONS: readonly JestCombination[] = [
  {
    name: 'jest30-ts-jest-no-type-node10',
    why: 'ts-jest type-checks import \'iamspec/jest\' under node10 (what "module": "commonjs" implies)',
    runner: 'jest',
    toolchain: 'jest30',
    transform: 'ts-jest',
    type: undefined,
    config: 'js',
    resolution: 'node10',
    types: 'import',
  },
  {
    name: 'jest29-ts-jest-commonjs-node16',
    why: 'Jest 29 and ts-jest in a "type": "commonjs" project under node16, jest.config.cjs',
    runner: 'jest',
    toolchain: 'jest29',
    transform: 'ts-jest',
    type: 'commonjs',
    config: 'cjs',
    resolution: 'node16',
    types: 'import',
  },
  {
    name: 'jest29-babel-module-nodenext',
    why: 'Jest 29 and babel-jest in an ESM project (jest.config.js as an ES module) under nodenext',
    runner: 'jest',
    toolchain: 'jest29',
    transform: 'babel-jest',
    type: 'module',
    config: 'js',
    resolution: 'nodenext',
    types: 'import',
  },
  {
    name: 'jest30-babel-no-type-bundler',
    why: 'Jest 30 and babel-jest, matchers registered by setupFilesAfterEnv and typed by tsconfig types alone, under bundler',
    runner: 'jest',
    toolchain: 'jest30',
    transform: 'babel-jest',
    type: undefined,
    config: 'cjs',
    resolution: 'bundler',
    types: 'tsconfig',
  },
];

const TABLE = 'arn:aws:dynamodb:us-east-1:222222222222:table/orders';
export const READER = 'arn:aws:iam::111111111111:role/orders-reader';

/** The policy every project tests: the reader may read, nobody may delete. */
const POLICY = `${JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReaderReadsOrders',
        Effect: 'Allow',
        Principal: { AWS: READER },
        Action: ['dynamodb:GetItem', 'dynamodb:Query'],
        Resource: TABLE,
      },
      { Sid: 'NoDeletes', Effect: 'Deny', Principal: '*', Action: 'dynamodb:DeleteItem', Resource: TABLE },
    ],
  },
  null,
  2,
)}\n`;

/** The names of the tests every project's matcher test file holds. */
export const PASSING_TEST = 'passes: the reader reads an order';
export const FAILING_TEST = 'fails on purpose: the reader deletes an order';
/** The statement the failing test's message must name. */
export const DECIDING_STATEMENT = 'orders-table#NoDeletes';

/** A scenario file of `count` passing cases, named so that each file's cases can be told apart. */
function scenarioFile(label: string): string {
  return [
    `description: ${label}`,
    'policies:',
    '  orders-table: { file: ../policies/orders-table.json }',
    '  reader-role: { document: { Version: "2012-10-17", Statement: [ { Effect: Allow, Action: "dynamodb:*", Resource: "*" } ] } }',
    'principals:',
    `  reader: { arn: "${READER}", identityPolicies: [reader-role] }`,
    'resources:',
    `  orders: { arn: "${TABLE}", policy: orders-table }`,
    'cases:',
    `  - name: ${label} reads`,
    '    principal: reader',
    '    action: dynamodb:GetItem',
    '    resource: orders',
    '    expect: allow',
    '    decidedBy: orders-table#ReaderReadsOrders',
    `  - name: ${label} cannot delete`,
    '    principal: reader',
    '    action: dynamodb:DeleteItem',
    '    resource: orders',
    '    expect: explicit-deny',
    '    decidedBy: orders-table#NoDeletes',
    '',
  ].join('\n');
}

/** The scenario files of a combination, by path, and the test names they make. */
export function scenarioFiles(shards: boolean): Record<string, string> {
  const labels = shards ? ['alpha', 'bravo', 'charlie', 'delta'] : ['alpha'];
  return Object.fromEntries(labels.map((label) => [`scenarios/${label}.iam.yaml`, scenarioFile(label)]));
}

function tsconfig(resolution: Resolution, types: readonly string[]): string {
  const module = { node10: 'commonjs', node16: 'node16', nodenext: 'nodenext', bundler: 'esnext' }[resolution];
  return `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module,
        moduleResolution: resolution,
        strict: true,
        esModuleInterop: true,
        skipLibCheck: true,
        noEmit: true,
        types: ['node', ...types],
      },
      include: ['**/*.ts', '**/*.mts', '**/*.cts'],
      exclude: ['node_modules'],
    },
    null,
    2,
  )}\n`;
}

function packageJson(name: string, type: PackageType): string {
  return `${JSON.stringify({ name, version: '1.0.0', private: true, ...(type ? { type } : {}) }, null, 2)}\n`;
}

/** The matcher test file: no import of iamspec when setupFiles registers the matchers and tsconfig types them. */
function matcherTest(runner: 'vitest' | 'jest', importIamspec: boolean): string {
  const from = runner === 'vitest' ? 'vitest' : '@jest/globals';
  const lines = [`import { expect, test } from '${from}';`];
  if (importIamspec)
    lines.push(`import { loadPolicy } from 'iamspec/${runner}';`, '', "const table = loadPolicy('policies/orders-table.json');");
  else
    lines.push(
      '',
      "// A policy file path is a policy too; the matchers are registered by the runner's set-up files.",
      "const table = 'policies/orders-table.json';",
    );
  lines.push(
    `const reader = '${READER}';`,
    '',
    `test('${PASSING_TEST}', () => {`,
    "  expect(table).toAllow(reader, 'dynamodb:GetItem', { decidedBy: 'ReaderReadsOrders' });",
    '  expect(table).not.toBePublic();',
    '});',
    '',
    `test('${FAILING_TEST}', () => {`,
    "  expect(table).toAllow(reader, 'dynamodb:DeleteItem');",
    '});',
    '',
  );
  return lines.join('\n');
}

function vitestConfig(c: VitestCombination): string {
  const test = c.matchers === 'setupFiles' ? "test: { setupFiles: ['iamspec/vitest'] }" : '';
  const plugins = c.scenarios === 'plugin' ? 'plugins: [iamspec()]' : '';
  const body = [plugins, test].filter(Boolean).join(', ');
  if (c.config === 'cjs') {
    return [
      "const { defineConfig } = require('vitest/config');",
      ...(c.scenarios === 'plugin' ? ["const { iamspec } = require('iamspec/vite-plugin');"] : []),
      '',
      `module.exports = defineConfig({ ${body} });`,
      '',
    ].join('\n');
  }
  return [
    "import { defineConfig } from 'vitest/config';",
    ...(c.scenarios === 'plugin' ? ["import iamspec from 'iamspec/vite-plugin';"] : []),
    '',
    `export default defineConfig({ ${body} });`,
    '',
  ].join('\n');
}

function jestConfig(c: JestCombination): string {
  const transform =
    c.transform === 'ts-jest' ? "{ '^.+\\\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] }" : "{ '^.+\\\\.ts$': 'babel-jest' }";
  const body =
    `{\n  testEnvironment: 'node',\n  setupFilesAfterEnv: ['iamspec/jest'],\n  testMatch: ` +
    `['<rootDir>/test/**/*.test.ts'],\n  transform: ${transform},\n  cacheDirectory: ` +
    `'<rootDir>/.jest-cache',\n}`;
  const esm = c.config === 'js' && c.type === 'module';
  return esm ? `export default ${body};\n` : `module.exports = ${body};\n`;
}

/** Every file of the project for a combination. */
export function projectFiles(c: Combination): Record<string, string> {
  const files: Record<string, string> = {
    'package.json': packageJson(c.name, c.type),
    'policies/orders-table.json': POLICY,
    ...scenarioFiles(c.runner === 'vitest' && c.shards === true),
  };
  if (c.runner === 'vitest') {
    files[`vitest.config.${c.config}`] = vitestConfig(c);
    files['test/orders-table.test.ts'] = matcherTest('vitest', c.matchers === 'import');
    if (c.scenarios === 'scenarioTests')
      files['test/scenarios.test.ts'] = "import { scenarioTests } from 'iamspec/vitest';\n\nscenarioTests('scenarios/*.iam.yaml');\n";
    files['tsconfig.json'] = tsconfig(c.resolution, c.matchers === 'setupFiles' ? ['iamspec/vitest'] : []);
  } else {
    files[`jest.config.${c.config}`] = jestConfig(c);
    files['test/orders-table.test.ts'] = matcherTest('jest', c.types === 'import');
    files['test/scenarios.test.ts'] = "import { scenarioTests } from 'iamspec/jest';\n\nscenarioTests('scenarios/*.iam.yaml');\n";
    files['tsconfig.json'] = tsconfig(c.resolution, c.types === 'tsconfig' ? ['iamspec/jest'] : []);
    if (c.transform === 'babel-jest') {
      files['babel.config.cjs'] =
        "module.exports = { presets: [['@babel/preset-env', { targets: { node: 'current' } }], '@babel/preset-typescript'] };\n";
    }
  }
  return files;
}
