/**
 * Reading a command's arguments the same way in every command: `node:util` `parseArgs`, strict,
 * with `--help`/`-h`; an unknown or malformed option is a usage error (exit 2), and `--help` prints
 * the command's usage (exit 0).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliIO, ExitCode } from './command';
import { usageError } from './commands/usage-error';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h' } } as const;

type Parsed<O extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O & typeof HELP; allowPositionals: true; strict: true }>
>;

/** The parsed options and positionals, or the exit code when the command should stop here. */
export function parseCommandArgs<const O extends OptionsConfig>(
  io: CliIO,
  command: string,
  usage: string,
  argv: readonly string[],
  options: O,
): Parsed<O> | ExitCode {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args: [...argv], options: { ...options, ...HELP }, allowPositionals: true, strict: true });
  } catch (error) {
    return usageError(io, command, (error as Error).message);
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout(`${usage}\n`);
    return 0;
  }
  return parsed;
}

/** An option that takes one of a few words (a format, a reporter): the value or the default, or a usage error. */
export function oneOf<const T extends string>(
  io: CliIO,
  command: string,
  what: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T | ExitCode {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  return usageError(io, command, `unknown ${what} "${value}"; choose one of ${allowed.join(', ')}`);
}
