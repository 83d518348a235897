/**
 * Running the files of `iamspec test` on more than one thread. Files are independent (each loads
 * its own policies), so the main thread and a few worker threads take files from one shared
 * counter, each as it is free, and every file's text report is printed in the order of the
 * files, exactly as a run on one thread prints it. Workers send back the file's printed text and
 * its counts, never its results, so the main thread holds strings, not objects.
 *
 * Workers exist only in the built package (`dist/test-worker.js` or `.cjs`, beside this module's
 * chunk); run from source, as the tests run it, everything runs on the main thread.
 */
import { existsSync, statSync } from 'node:fs';
import * as os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { textOfFile } from '../reporters/text';
import { runScenarioFile, totalsOf, type SuiteOptions, type Totals } from '../scenarios/suite';

/** One file of the run as the text report prints it, with its counts. */
export interface PrintedFile {
  readonly index: number;
  readonly text: string;
  readonly totals: Totals;
}

/** What every thread of a run needs to print any of its files. */
export interface FileJob {
  readonly files: readonly string[];
  readonly options: SuiteOptions;
  readonly color: boolean;
}

/** What a worker is started with. */
export interface WorkerInput extends FileJob {
  /** The index of the next file nobody has taken yet, shared by every thread of the run. */
  readonly next: Int32Array;
  /** How many files the workers have sent, counted up (and waited on) after each message. */
  readonly sent: Int32Array;
  /** Where the worker sends each `PrintedFile`. */
  readonly port: MessagePort;
}

/**
 * Scenario text per thread below which a thread costs more than it saves: a worker spends about
 * 50 ms loading before it takes a file, and the main thread runs 2 MB of cases in about 150 ms.
 */
export const BYTES_PER_THREAD = 2 * 1024 * 1024;

/** Threads, the main one included: each holds its own heap, and more rarely pay for their memory. */
const MAX_THREADS = 4;

export function printFile(job: FileJob, index: number): PrintedFile {
  const file = runScenarioFile(job.files[index]!, job.options);
  return { index, text: textOfFile(file, { color: job.color }), totals: totalsOf([file]) };
}

/** Takes the next file nobody has taken: its index, or undefined when none is left. */
export function takeFile(next: Int32Array, count: number): number | undefined {
  const index = Atomics.add(next, 0, 1);
  return index < count ? index : undefined;
}

/** The built worker beside this module, or undefined when running from source. */
function workerScript(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  const script = join(dirname(here), here.endsWith('.cjs') ? 'test-worker.cjs' : 'test-worker.js');
  return existsSync(script) ? script : undefined;
}

/**
 * A worker, or undefined when this process cannot start one: Node refuses a worker some options the
 * main thread was started with (`node --no-concurrent-marking`, say), and then the files simply stay
 * on the main thread. A worker that fails later, having taken a file, fails the run.
 */
function startWorker(script: string, input: WorkerInput, port: MessagePort): Worker | undefined {
  // Left to itself a worker inherits the main thread's options; those that give the main thread's
  // own code (`node -e`) must go, which means listing the rest.
  const execArgv = process.execArgv.some((option) => SCRIPT_OPTIONS.has(optionName(option))) ? workerExecArgv(process.execArgv) : undefined;
  try {
    return new Worker(script, { workerData: input, transferList: [port], ...(execArgv ? { execArgv } : {}) });
  } catch {
    return undefined;
  }
}

function optionName(option: string): string {
  return option.startsWith('--') ? option.split('=', 1)[0]! : option;
}

/** Node's options that say what the main thread runs: `node -e "…"` would make a worker refuse its file. */
const SCRIPT_OPTIONS = new Set(['-e', '--eval', '-p', '--print', '--input-type']);

/**
 * The Node options a worker starts with: the main thread's (memory limits, source maps, conditions),
 * less those that give the main thread's own code, which a worker that runs a file cannot take.
 */
export function workerExecArgv(parent: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < parent.length; i++) {
    const option = parent[i]!;
    const name = optionName(option);
    if (!SCRIPT_OPTIONS.has(name)) out.push(option);
    // `-e CODE`, `--print CODE`, `--input-type module`: without `=`, the value is the next argument.
    else if (name === option) i++;
  }
  return out;
}

function availableCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * How many workers a run of these files gets when the user did not say: a thread per core (the
 * main thread is one), but no more threads than files, than `BYTES_PER_THREAD` allows, or than
 * `MAX_THREADS`. A small run, or a machine with one core, gets none.
 */
export function defaultWorkerCount(files: readonly string[]): number {
  if (files.length < 2 || availableCores() < 2) return 0;
  let bytes = 0;
  for (const file of files) {
    try {
      bytes += statSync(file).size;
    } catch {
      // A file that cannot be read is reported when it is run.
    }
  }
  const threads = Math.min(availableCores(), files.length, Math.floor(bytes / BYTES_PER_THREAD) + 1, MAX_THREADS);
  return threads - 1;
}

interface RunningWorker {
  readonly worker: Worker;
  readonly port: MessagePort;
}

/**
 * The files of a run, printed, in their order. With `workers` 0 (or no built worker to start),
 * they are run one after the other on this thread. `script` is the worker's module (tests give the
 * built one while running this module from source).
 */
export async function* printedInOrder(job: FileJob, workers: number, script = workerScript()): AsyncGenerator<PrintedFile> {
  // The main thread takes files too: more workers than the files it leaves would have nothing to do.
  const count = Math.min(workers, job.files.length - 1);
  if (count <= 0 || script === undefined) {
    for (let index = 0; index < job.files.length; index++) yield printFile(job, index);
    return;
  }
  const next = new Int32Array(new SharedArrayBuffer(4));
  // How many files the workers have sent: a worker adds one after each message and wakes this
  // thread, which then reads the messages from the ports without giving them to event listeners.
  const sent = new Int32Array(new SharedArrayBuffer(4));
  const ready = new Map<number, PrintedFile>();
  let failure: Error | undefined;
  const fail = (error: Error): void => {
    failure ??= error;
    Atomics.notify(sent, 0);
  };
  const started: RunningWorker[] = [];
  for (let n = 0; n < count; n++) {
    const { port1, port2 } = new MessageChannel();
    const input: WorkerInput = { ...job, next, sent, port: port2 };
    const worker = startWorker(script, input, port2);
    if (!worker) break;
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`a test worker stopped with exit code ${code}`));
    });
    started.push({ worker, port: port1 });
  }
  const collect = (): void => {
    for (const { port } of started) {
      for (let received = receiveMessageOnPort(port); received; received = receiveMessageOnPort(port)) {
        const printed = received.message as PrintedFile;
        ready.set(printed.index, printed);
      }
    }
  };
  let written = 0;
  try {
    // This thread takes files too, checking between them for what the workers have sent.
    for (let index = takeFile(next, job.files.length); index !== undefined; index = takeFile(next, job.files.length)) {
      ready.set(index, printFile(job, index));
      collect();
      for (let printed = ready.get(written); printed; printed = ready.get(written)) {
        ready.delete(written++);
        yield printed;
      }
    }
    // Then waits for the files the workers still have.
    while (written < job.files.length) {
      const seen = Atomics.load(sent, 0);
      collect();
      const printed = ready.get(written);
      if (printed) {
        ready.delete(written++);
        yield printed;
        continue;
      }
      if (failure) throw failure;
      const waiting = Atomics.waitAsync(sent, 0, seen);
      if (waiting.async) await waiting.value;
    }
  } finally {
    for (const { worker, port } of started) {
      port.close();
      void worker.terminate();
    }
  }
}
