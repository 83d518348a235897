/** How a command refuses its arguments: one line saying what is wrong, a pointer to --help, exit 2. */
import type { CliIO, ExitCode } from '../command';

export function usageError(io: CliIO, command: string, message: string): ExitCode {
  io.stderr(`iamspec ${command}: ${message}\nRun "iamspec ${command} --help" for usage.\n`);
  return 2;
}
