/**
 * The commands `iamspec` knows, by name and one-line summary, without their code: each command's
 * module (and everything it imports) is loaded only when that command runs, so that starting
 * `iamspec test` does not pay for loading `diff`, `mutate` or the analyses.
 */
import type { CliCommand } from '../command';

/** A command listed for dispatch and help; `load` brings its code in. */
export interface CommandEntry {
  readonly name: string;
  /** One line for `iamspec --help`. */
  readonly summary: string;
  load(): Promise<CliCommand>;
}

export const SUMMARIES = {
  test: 'run scenario files (*.iam.yaml) as a CI gate',
  explain: 'decide one request (or one scenario case) and print the decision trace',
  check: 'validate policies and report public and external access (text, JSON, SARIF)',
  diff: 'report every request whose decision changes between two versions of a policy',
  mutate: 'mutation testing: find policy changes no scenario case notices',
} as const;

export const COMMAND_LIST: readonly CommandEntry[] = [
  { name: 'test', summary: SUMMARIES.test, load: async () => (await import('./test')).command },
  { name: 'explain', summary: SUMMARIES.explain, load: async () => (await import('./explain')).command },
  { name: 'check', summary: SUMMARIES.check, load: async () => (await import('./check')).command },
  { name: 'diff', summary: SUMMARIES.diff, load: async () => (await import('./diff')).command },
  { name: 'mutate', summary: SUMMARIES.mutate, load: async () => (await import('./mutate')).command },
];
