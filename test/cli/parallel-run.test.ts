/**
 * `iamspec test` on worker threads: the report is the same, byte for byte and with the same exit
 * code, whatever the number of workers, and a worker decides every file as the main thread does
 * (it registers DynamoDB with its own engine; bare table names resolve). Workers run from the built
 * package, so these tests need `npm run build` first (CI builds before it tests).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printedInOrder, printFile, workerExecArgv, type FileJob, type PrintedFile, type WorkerInput } from '../../src/cli/parallel-files';
import { discoverScenarioFiles } from '../../src/scenarios/discover';
import '../../src/dynamodb/register';
// @ts-expect-error -- a plain ES module of the benchmark, without types
import { scenarioText } from '../../bench/scenarios.bench.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(REPO, 'dist');

let project: string;

beforeAll(() => {
  expect(existsSync(join(DIST, 'test-worker.js')), 'dist/test-worker.js is missing: run `npm run build` first').toBe(true);
  project = mkdtempSync(join(tmpdir(), 'iamspec-parallel-'));
  // The repository's scenarios, a failing file, a file that does not load, and generated files
  // whose cases name the table by bare name (resolved through the registered DynamoDB model).
  cpSync(join(REPO, 'scenarios'), join(project, 'scenarios'), { recursive: true });
  cpSync(join(REPO, 'test/fixtures/scenarios-basic'), join(project, 'scenarios/basic'), { recursive: true });
  cpSync(join(REPO, 'test/fixtures/scenarios-invalid'), join(project, 'scenarios/invalid'), { recursive: true });
  mkdirSync(join(project, 'scenarios/generated'));
  for (let i = 0; i < 6; i++) {
    writeFileSync(
      join(project, 'scenarios/generated', `part-${i}.iam.yaml`),
      (scenarioText(300) as string).replace(/policies\//g, '../policies/'),
    );
  }
});

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

function job(): FileJob {
  const { files } = discoverScenarioFiles(['scenarios'], project);
  return { files, options: { cwd: project }, color: false };
}

describe('a test worker', () => {
  it('prints every file exactly as the main thread does, when it takes them all', async () => {
    const work = job();
    expect(work.files.length).toBeGreaterThan(10);
    const next = new Int32Array(new SharedArrayBuffer(4));
    const sent = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const input: WorkerInput = { ...work, next, sent, port: port2 };
    const worker = new Worker(join(DIST, 'test-worker.js'), { workerData: input, transferList: [port2] });
    const exitCode = await new Promise<number>((resolve, reject) => {
      worker.on('exit', resolve);
      worker.on('error', reject);
    });
    expect(exitCode).toBe(0);
    const received: PrintedFile[] = [];
    for (let message = receiveMessageOnPort(port1); message; message = receiveMessageOnPort(port1))
      received.push(message.message as PrintedFile);
    expect(Atomics.load(sent, 0)).toBe(work.files.length);
    const expected = work.files.map((_file, index) => printFile(work, index));
    expect(received).toEqual(expected);
    // The generated files resolve the bare table name and pass; the failing file fails.
    expect(received.some((p) => p.text.includes('could not be evaluated'))).toBe(false);
    expect(received.reduce((n, p) => n + p.totals.failed, 0)).toBeGreaterThan(0);
  });
});

describe('workerExecArgv', () => {
  it('drops the options that give the main thread its code, with their values, and keeps the rest', () => {
    expect(workerExecArgv(['--input-type=module', '-e', 'await import("x")', '--enable-source-maps'])).toEqual(['--enable-source-maps']);
    expect(workerExecArgv(['--eval=1', '--input-type', 'module', '--conditions=dev', '-p', '2', '--print', '3'])).toEqual([
      '--conditions=dev',
    ]);
    expect(workerExecArgv(['--max-old-space-size=500', '--import', 'tsx'])).toEqual(['--max-old-space-size=500', '--import', 'tsx']);
  });
});

describe('printedInOrder', () => {
  it('gives the files in their order with the same text and counts, on 0, 1 or 3 workers', async () => {
    const work = job();
    const run = async (workers: number) => {
      const out: PrintedFile[] = [];
      for await (const printed of printedInOrder(work, workers, join(DIST, 'test-worker.js'))) out.push(printed);
      return out;
    };
    const alone = await run(0);
    expect(alone.map((p) => p.index)).toEqual(work.files.map((_f, i) => i));
    expect(await run(1)).toEqual(alone);
    expect(await run(3)).toEqual(alone);
  });
});

describe('iamspec test --workers', () => {
  function iamspec(bin: string, ...args: string[]) {
    const result = spawnSync(process.execPath, [join(DIST, bin), 'test', 'scenarios', ...args], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('prints the same report with the same exit code whatever the number of workers, from either build', () => {
    const alone = iamspec('cli.js', '--workers', '0');
    expect(alone.status).toBe(2); // the invalid file
    expect(alone.stdout).toMatch(/\n\d+ passed, [1-9]\d* failed\n$/);
    for (const [bin, workers] of [
      ['cli.js', '1'],
      ['cli.js', '3'],
      ['cli.cjs', '2'],
    ] as const) {
      expect(iamspec(bin, '--workers', workers)).toEqual(alone);
    }
  });

  it('runs under Node options a worker cannot be given, and under node -e', () => {
    const alone = iamspec('cli.js', '--workers', '0');
    // A V8 option of the whole process: a worker inherits it, and may not be given it.
    const flagged = spawnSync(process.execPath, ['--no-concurrent-marking', join(DIST, 'cli.js'), 'test', 'scenarios', '--workers', '2'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect({ status: flagged.status, stdout: flagged.stdout, stderr: flagged.stderr }).toEqual(alone);
    // node -e: the main thread's code is the -e text, which a worker must not run instead of its file.
    const cli = JSON.stringify(join(DIST, 'cli.js'));
    const code = `process.argv = [process.argv[0], ${cli}, 'test', 'scenarios', '--workers', '2']; await import(${JSON.stringify(
      new URL(`file://${join(DIST, 'cli.js')}`).href,
    )});`;
    const evaluated = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect({ status: evaluated.status, stdout: evaluated.stdout, stderr: evaluated.stderr }).toEqual(alone);
  });

  it('says on stderr that other reports run on one thread, and the JSON on stdout is the same as without --workers', () => {
    const plain = iamspec('cli.js', '--reporter', 'json');
    const asked = iamspec('cli.js', '--reporter', 'json', '--workers', '2');
    expect(asked.stderr).toBe(`iamspec test: --workers applies to the text report on stdout; this run uses one thread\n${plain.stderr}`);
    expect([asked.status, asked.stdout]).toEqual([plain.status, plain.stdout]);
  });

  it.each(['-1', '1.5', 'two', '65', ''])('refuses --workers %j with exit 2', (value) => {
    const result = iamspec('cli.js', `--workers=${value}`);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--workers takes a whole number from 0 to 64');
  });
});
