/**
 * Speed of scenario files, end to end, as a user runs them (the issue's limits):
 * - `iamspec test` on a generated file of 10,000 cases: under 1 second of wall time, process
 *   start included;
 * - the same file as 10,000 Vitest tests through `iamspec/vite-plugin`: under 15 seconds, Vitest's
 *   start included.
 *
 * The file is the announcement's tenants situation (the central table's policy, three tenants'
 * Lambda roles) with cases cycling through allowed reads, other tenants' keys, writes the table
 * denies, a Query a role lacks and bare table names: every case passes, so the run checks all of
 * them. Needs `npm run build` first (it runs dist/cli.js and the built plugin).
 *
 * Run: `node bench/scenarios.bench.mjs` (or through `npm run bench`).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));
/** The package to time: this repository's build, or (IAMSPEC_BENCH_PACKAGE) another extracted package, to compare. */
const PACKAGE = process.env.IAMSPEC_BENCH_PACKAGE ?? REPO;
const CASES = 10_000;
const CLI_LIMIT_MS = 1000;
const VITEST_LIMIT_MS = 15_000;
const POLICIES = ['central-table', 'alfa-reader', 'bravo-reader', 'charlie-reader'];

const TENANTS = [
  { name: 'alfa', account: '111111111111' },
  { name: 'bravo', account: '333333333333' },
  { name: 'charlie', account: '444444444444' },
];

/** Case i of the generated file, with the outcome the policies give it. */
function generatedCase(i) {
  const tenant = TENANTS[i % TENANTS.length];
  const other = TENANTS[(i + 1) % TENANTS.length];
  switch (Math.floor(i / TENANTS.length) % 5) {
    case 0:
      return {
        action: 'dynamodb:GetItem',
        resource: 'central-table',
        keys: [`${tenant.name}#${i}`],
        expect: 'allow',
        decidedBy: `central-table#${tenant.name[0].toUpperCase()}${tenant.name.slice(1)}ReadsItsItems`,
      };
    case 1:
      return { action: 'dynamodb:GetItem', resource: 'central-table', keys: [`${other.name}#${i}`], expect: 'implicit-deny' };
    case 2:
      return {
        action: 'dynamodb:PutItem',
        resource: 'central-table',
        keys: [`${tenant.name}#${i}`],
        expect: 'explicit-deny',
        decidedBy: 'central-table#OnlyTheCentralAccountWrites',
      };
    case 3:
      return {
        action: 'dynamodb:Query',
        resource: 'central-table',
        keys: [`${tenant.name}#${i}`],
        expect: tenant.name === 'charlie' ? 'implicit-deny' : 'allow',
      };
    default:
      return { action: 'dynamodb:GetItem', resource: 'rbac-central-table', keys: [`${tenant.name}#${i}`], expect: 'implicit-deny' };
  }
}

export function scenarioText(cases = CASES) {
  const lines = [
    'description: Generated for the benchmark, 10,000 cases of the tenants situation',
    'policies:',
    ...POLICIES.map((p) => `  ${p}: { file: policies/${p}.json }`),
    'principals:',
    ...TENANTS.flatMap((t) => [
      `  ${t.name}:`,
      `    arn: arn:aws:sts::${t.account}:assumed-role/${t.name}-reader/${t.name}-fn`,
      `    identityPolicies: [${t.name}-reader]`,
      '    region: us-east-1',
    ]),
    'resources:',
    '  central-table:',
    '    arn: arn:aws:dynamodb:us-east-1:222222222222:table/rbac-central-table',
    '    policy: central-table',
    'cases:',
  ];
  for (let i = 0; i < cases; i++) {
    const c = generatedCase(i);
    const tenant = TENANTS[i % TENANTS.length];
    lines.push(`  - name: case ${i} ${tenant.name} ${c.action} ${c.expect}`);
    lines.push(`    principal: ${tenant.name}`);
    lines.push(`    action: ${c.action}`);
    lines.push(`    resource: ${c.resource}`);
    lines.push(`    context: { dynamodb:LeadingKeys: [${c.keys.map((k) => `"${k}"`).join(', ')}] }`);
    lines.push(`    expect: ${c.expect}`);
    if (c.decidedBy) lines.push(`    decidedBy: ${c.decidedBy}`);
  }
  return `${lines.join('\n')}\n`;
}

function makeProject() {
  const dir = mkdtempSync(join(tmpdir(), 'iamspec-bench-scenarios-'));
  mkdirSync(join(dir, 'scenarios', 'policies'), { recursive: true });
  for (const p of POLICIES) copyFileSync(join(REPO, 'scenarios', 'policies', `${p}.json`), join(dir, 'scenarios', 'policies', `${p}.json`));
  writeFileSync(join(dir, 'scenarios', 'generated.iam.yaml'), scenarioText());
  // The project sees iamspec as a user's install has it: a copy of the built package inside
  // node_modules (so Vitest treats it as a dependency and does not transform it), with its
  // dependencies and vitest linked from this repository.
  mkdirSync(join(dir, 'node_modules', 'iamspec'), { recursive: true });
  for (const part of ['package.json', 'dist', 'schema'])
    cpSync(join(PACKAGE, part), join(dir, 'node_modules', 'iamspec', part), { recursive: true });
  for (const module of ['vitest', 'yaml', 'ipaddr.js', 'tinyglobby'])
    symlinkSync(join(REPO, 'node_modules', module), join(dir, 'node_modules', module), 'junction');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-scenarios', private: true, type: 'module' }));
  writeFileSync(join(dir, 'vitest.config.mjs'), "import iamspec from 'iamspec/vite-plugin';\nexport default { plugins: [iamspec()] };\n");
  return dir;
}

function timed(command, args, cwd) {
  const start = performance.now();
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', CI: '1' },
  });
  return { ms: performance.now() - start, code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export async function run({ repeats = 3 } = {}) {
  if (!existsSync(join(REPO, 'dist', 'cli.js')) || !existsSync(join(REPO, 'dist', 'vite-plugin.js'))) {
    throw new Error('build first: npm run build (the benchmark runs dist/cli.js and dist/vite-plugin.js)');
  }
  const dir = makeProject();
  try {
    const cliTimes = [];
    for (let r = 0; r < repeats; r++) {
      const result = timed(
        process.execPath,
        [join(dir, 'node_modules', 'iamspec', 'dist', 'cli.js'), 'test', 'scenarios/generated.iam.yaml'],
        dir,
      );
      const last = result.stdout.trimEnd().split('\n').pop();
      if (result.code !== 0 || last !== `${CASES} passed, 0 failed`)
        throw new Error(`iamspec test did not pass all cases (exit ${result.code}): ${last}\n${result.stderr}`);
      cliTimes.push(result.ms);
    }
    const vitest = timed(process.execPath, [join(REPO, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=dot'], dir);
    const passed = /Tests\s+(\d+) passed/.exec(vitest.stdout.replace(/\u001b\[[0-9;]*m/g, ''));
    if (vitest.code !== 0 || !passed || Number(passed[1]) !== CASES)
      throw new Error(
        `vitest did not pass ${CASES} tests (exit ${vitest.code}):\n${vitest.stdout.slice(-2000)}\n${vitest.stderr.slice(-2000)}`,
      );
    const cliWorst = Math.max(...cliTimes);
    return {
      name: `scenarios: ${CASES} cases`,
      cli: { bestMs: Math.round(Math.min(...cliTimes)), worstMs: Math.round(cliWorst), limitMs: CLI_LIMIT_MS, ok: cliWorst < CLI_LIMIT_MS },
      vitest: { ms: Math.round(vitest.ms), tests: Number(passed[1]), limitMs: VITEST_LIMIT_MS, ok: vitest.ms < VITEST_LIMIT_MS },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = await run();
  console.log(
    `${report.name}: iamspec test best ${report.cli.bestMs} ms, worst ${report.cli.worstMs} ms of 3 (limit ${report.cli.limitMs} ms)`,
  );
  console.log(
    `${report.name}: vitest with iamspec/vite-plugin ${report.vitest.ms} ms for ` +
      `${report.vitest.tests} tests (limit ${report.vitest.limitMs} ms)`,
  );
  if (!report.cli.ok) {
    console.error(`iamspec test took ${report.cli.worstMs} ms, over the ${report.cli.limitMs} ms limit`);
    process.exitCode = 1;
  }
  if (!report.vitest.ok) {
    console.error(`vitest took ${report.vitest.ms} ms, over the ${report.vitest.limitMs} ms limit`);
    process.exitCode = 1;
  }
}
