/**
 * Where a command's report goes: the file named by `--output` (relative to the working directory),
 * or standard output. Every command writes its report through here, so that a file that cannot be
 * written is reported the same way (exit 2) by all of them.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliIO } from './command';

/** Writes `text` to `file`; false, with the reason on stderr, when it cannot. */
export function writeFileFor(io: CliIO, command: string, file: string, text: string): boolean {
  try {
    writeFileSync(resolve(io.cwd, file), text);
    return true;
  } catch (error) {
    io.stderr(`iamspec ${command}: cannot write ${file}: ${(error as Error).message}\n`);
    return false;
  }
}

/** Writes the report to `output`, or to stdout when there is none; false when the file cannot be written. */
export function writeReport(io: CliIO, command: string, output: string | undefined, document: string): boolean {
  if (output !== undefined) return writeFileFor(io, command, output, document);
  io.stdout(document);
  return true;
}
