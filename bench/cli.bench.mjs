/**
 * `iamspec test` as a user runs it, process start included, with the limits:
 * - start: a one-case file, under 120 ms of wall time (beside `node -e 0` on the same machine, the
 *   floor no command can go under);
 * - one file of 10,000 cases, under 0.5 s;
 * - 100 files of 1,000 cases each (100,000 cases), under 1.2 s and 250 MB of peak memory.
 *
 * Each figure is the best of several runs (the least disturbed by other work on the machine).
 * Peak memory is the child's own maximum resident set size: the CLI runs in a child that prints
 * `process.resourceUsage().maxRSS` as it exits.
 *
 * Run: `node bench/cli.bench.mjs` after `npm run build` (or through `npm run bench`).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { scenarioText } from './scenarios.bench.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(REPO, 'dist', 'cli.js');
const POLICIES = ['central-table', 'alfa-reader', 'bravo-reader', 'charlie-reader'];
const REPEATS = Number(process.env.BENCH_CLI_REPEATS ?? 5);

const LIMITS = { startMs: 120, tenThousandMs: 500, hundredThousandMs: 1200, hundredThousandMb: 250 };

function project(files) {
  const dir = mkdtempSync(join(tmpdir(), 'iamspec-bench-cli-'));
  mkdirSync(join(dir, 'scenarios', 'policies'), { recursive: true });
  for (const p of POLICIES) copyFileSync(join(REPO, 'scenarios', 'policies', `${p}.json`), join(dir, 'scenarios', 'policies', `${p}.json`));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'scenarios', name), text);
  return dir;
}

/** Runs `iamspec test` in a child that reports its own peak memory; wall time as seen from here. */
function runCli(dir, expected, extraArgs = []) {
  const args = ['test', 'scenarios/', ...extraArgs];
  const wrapper = `process.argv = [process.argv[0], ${JSON.stringify(CLI)}, ...${JSON.stringify(args)}];
process.on('exit', () => process.stderr.write('\\nMAXRSS ' + process.resourceUsage().maxRSS + '\\n'));
await import(${JSON.stringify(pathToFileURL(CLI).href)});`;
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', wrapper], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const ms = performance.now() - start;
  const last = child.stdout.trimEnd().split('\n').pop();
  if (child.status !== 0 || last !== `${expected} passed, 0 failed`)
    throw new Error(`iamspec test did not pass ${expected} cases (exit ${child.status}): ${last}\n${child.stderr.slice(-2000)}`);
  const rss = /MAXRSS (\d+)/.exec(child.stderr);
  return { ms, mb: rss ? Number(rss[1]) / 1024 : NaN };
}

function nodeFloor() {
  const start = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  return performance.now() - start;
}

function best(runs) {
  return { ms: Math.min(...runs.map((r) => r.ms)), mb: Math.max(...runs.map((r) => r.mb)) };
}

export function run({ repeats = REPEATS } = {}) {
  if (!existsSync(CLI)) throw new Error('build first: npm run build (the benchmark runs dist/cli.js)');
  const one = project({ 'one.iam.yaml': scenarioText(1) });
  const ten = project({ 'ten.iam.yaml': scenarioText(10_000) });
  const thousand = scenarioText(1000);
  const hundred = project(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`part-${i}.iam.yaml`, thousand])));
  try {
    const floor = [];
    const start = [];
    for (let r = 0; r < repeats * 2; r++) {
      floor.push(nodeFloor());
      start.push(runCli(one, 1));
    }
    const tenRuns = Array.from({ length: repeats }, () => runCli(ten, 10_000));
    const hundredRuns = Array.from({ length: Math.max(2, Math.ceil(repeats / 2)) }, () => runCli(hundred, 100_000));
    const oneThreadRuns = Array.from({ length: Math.max(2, Math.ceil(repeats / 2)) }, () => runCli(hundred, 100_000, ['--workers', '0']));
    return {
      nodeMs: Math.min(...floor),
      cores: availableParallelism(),
      start: best(start),
      ten: best(tenRuns),
      hundred: best(hundredRuns),
      hundredOneThread: best(oneThreadRuns),
    };
  } finally {
    for (const dir of [one, ten, hundred]) rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = run();
  const ms = (n) => `${Math.round(n)} ms`;
  console.log(`iamspec test, best of ${REPEATS}+ runs each, process start included:`);
  console.log(`  one case (start):       ${ms(r.start.ms)} (limit ${LIMITS.startMs} ms; node -e 0 takes ${ms(r.nodeMs)} here)`);
  console.log(`  10,000 cases, 1 file:   ${ms(r.ten.ms)} (limit ${LIMITS.tenThousandMs} ms), peak ${r.ten.mb.toFixed(0)} MB`);
  console.log(
    `  100,000 cases, 100 files: ${ms(r.hundred.ms)} (limit ${LIMITS.hundredThousandMs} ms), peak ` +
      `${r.hundred.mb.toFixed(0)} MB (limit ${LIMITS.hundredThousandMb} MB); default threads on ${r.cores} cores`,
  );
  console.log(
    `  the same, --workers 0:    ${ms(r.hundredOneThread.ms)}, peak ${r.hundredOneThread.mb.toFixed(0)} MB (one thread, for comparison)`,
  );
}
