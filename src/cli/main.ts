#!/usr/bin/env node
/**
 * The `iamspec` command: dispatches to sub-commands through `CliCommand`, so that each command is
 * testable without a process (`main(argv, io)` returns the exit code; only the bin entry exits).
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { closestName } from '../util/nearest-name';
import type { CliCommand, CliIO, ExitCode } from './command';
import { COMMAND_LIST, type CommandEntry } from './commands/list';
import { packageVersion } from './version';

/** A command as `main` takes it: loaded already, or listed with a way to load it. */
export type ListedCommand = CliCommand | CommandEntry;

/** The commands, each loaded only when it runs (or its usage is asked for). */
export const COMMANDS: readonly ListedCommand[] = COMMAND_LIST;

async function loaded(command: ListedCommand): Promise<CliCommand> {
  // Every command decides DynamoDB requests: DynamoDB is registered with the engine before any runs
  // (and not at start, so that `iamspec --help` loads no catalog).
  await import('../dynamodb/register');
  return 'run' in command ? command : command.load();
}

function version(): string {
  return packageVersion() ?? 'unknown';
}

export function helpText(commands: readonly ListedCommand[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: iamspec <command> [options]',
    '',
    'Policy-as-code tests for AWS access policies.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "iamspec <command> --help" for the options of a command.',
    'Options: -h, --help  show this help;  -v, --version  show the version',
    '',
  ].join('\n');
}

/** Runs `iamspec` with `argv` (without the node and script paths); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIO, commands: readonly ListedCommand[] = COMMANDS): Promise<ExitCode> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(helpText(commands));
    return 2;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    const named = topic === undefined ? undefined : commands.find((c) => c.name === topic);
    if (topic !== undefined && !named) return unknownCommand(topic, io, commands);
    io.stdout(named ? `${(await loaded(named)).usage}\n` : helpText(commands));
    return 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout(`${version()}\n`);
    return 0;
  }
  if (first.startsWith('-')) {
    io.stderr(`iamspec: unknown option "${first}"; a command comes first\n\n${helpText(commands)}`);
    return 2;
  }
  const listed = commands.find((c) => c.name === first);
  if (!listed) return unknownCommand(first, io, commands);
  const command = await loaded(listed);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  return command.run(rest, io);
}

function unknownCommand(name: string, io: CliIO, commands: readonly ListedCommand[]): ExitCode {
  const near = closestName(
    name,
    commands.map((c) => c.name),
  );
  io.stderr(
    `iamspec: unknown command "${name}"${near ? ` (did you mean "${near}"?)` : ''}; commands: ${commands.map((c) => c.name).join(', ')}\n`,
  );
  return 2;
}

/** How much written output may wait in memory for a slow reader before a long report pauses. */
const STDOUT_PENDING_LIMIT = 1024 * 1024;

function processIO(): CliIO {
  const color = process.stdout.isTTY === true && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb';
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdoutRoom: () =>
      process.stdout.writableLength < STDOUT_PENDING_LIMIT
        ? Promise.resolve()
        : new Promise((resolve) => process.stdout.once('drain', resolve)),
    cwd: process.cwd(),
    color,
  };
}

function isEntryPoint(): boolean {
  // The ES module build (dist/cli.js) knows its own file. Ask that first: a host may define a global
  // `require` and `module` (as `node -e` does), and those say nothing about this file.
  const script = process.argv[1];
  if (script !== undefined && sameFile(script, fileURLToPath(import.meta.url))) return true;
  // The CommonJS build (dist/cli.cjs): its shimmed import.meta.url names the shared chunk the shim
  // lives in, not this file, so ask Node's own module system instead.
  return typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module;
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // A reader that stops early (`| head`) is not an error of ours.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  main(process.argv.slice(2), processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`iamspec: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
