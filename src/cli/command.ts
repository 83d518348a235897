/**
 * The shape every `iamspec` sub-command has, so that `main.ts` dispatches without knowing them and
 * each command is testable without a process: arguments and streams in, an exit code out.
 *
 * Exit codes, for every command: 0 success, 1 the gate failed (a case failed, access widened, an
 * error finding), 2 invalid input (bad arguments, a policy or scenario file that does not load).
 */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /**
   * Resolves when stdout has room for more: a long report awaits it between pieces, so that when
   * stdout is a pipe read more slowly than the report is made, the report is not all held in memory
   * waiting to be written. Absent, writing never waits (output kept in memory, as tests do).
   */
  readonly stdoutRoom?: () => Promise<void>;
  /** The working directory relative paths resolve against. */
  readonly cwd: string;
  /** Whether to colour output (a TTY without NO_COLOR). */
  readonly color: boolean;
}

export type ExitCode = 0 | 1 | 2;

export interface CliCommand {
  readonly name: string;
  /** One line for `iamspec --help`. */
  readonly summary: string;
  /** Full usage text for `iamspec <name> --help`. */
  readonly usage: string;
  run(argv: readonly string[], io: CliIO): Promise<ExitCode>;
}
