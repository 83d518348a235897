/** Runs the `iamspec` CLI in process, capturing what it writes. */
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/command';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function cli(argv: readonly string[], cwd: string, color = false): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd,
    color,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

export function lastLine(text: string): string {
  return text.trimEnd().split('\n').pop() ?? '';
}
