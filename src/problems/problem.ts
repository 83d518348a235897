/**
 * The one shape of a problem, whoever finds it: loading a policy, reading a request or a scenario
 * file, a policy check, the CLI's reporters. Each error class carries a list of them (`issues`), so
 * a reporter renders every kind of problem the same way.
 */

/**
 * How much a problem matters. An `error` stops loading (or is what AWS rejects); a `warning` is
 * accepted but probably not meant; a `suggestion` improves something that works.
 */
export type Severity = 'error' | 'warning' | 'suggestion';

/** Where a problem stands; each part when known. */
export interface ProblemLocation {
  /** The file, as shown to people. */
  readonly file?: string;
  /** 1-based. */
  readonly line?: number;
  readonly column?: number;
  /** The path to the value inside the document, e.g. `Statement[0].Principal.AWS`, or `request.action`. */
  readonly path?: string;
}

export interface Problem {
  /** Stable kebab-case id, e.g. `invalid-arn`, `unknown-action`, `invalid-scenario`. */
  readonly code: string;
  readonly severity: Severity;
  /** One sentence a person can act on. */
  readonly message: string;
  readonly location?: ProblemLocation;
  /** What was probably meant, when there is a likely fix (a did-you-mean). */
  readonly suggestion?: string;
}

/** `file:line:column: message` (or `path: message`, or the message alone, as far as the location goes). */
export function formatProblem(problem: Problem): string {
  const where = problemPlace(problem.location);
  return where === '' ? problem.message : `${where}: ${problem.message}`;
}

function problemPlace(location: ProblemLocation | undefined): string {
  if (location === undefined) return '';
  if (location.file !== undefined)
    return location.line === undefined ? location.file : `${location.file}:${location.line}:${location.column ?? 1}`;
  return location.path ?? '';
}

/** The message of an error with several problems: the first, then each other on a line of its own, indented. */
export function listedMessage(texts: readonly string[]): string {
  return texts.map((text, i) => (i === 0 ? text : `  ${text}`)).join('\n');
}

/** An error that is one problem: its message, under a code (a bad SDK call, a bad matcher argument). */
export abstract class OneProblemError extends Error {
  readonly issues: readonly Problem[];

  constructor(code: string, message: string) {
    super(message);
    this.issues = [{ code, severity: 'error', message }];
  }
}

const MAX_QUOTED = 120;
const MAX_MESSAGE = 2000;

/**
 * A message with the values it quotes cut short: a message names the value it is about, but a
 * 600 MB statement must not make a 600 MB message. Quoted runs longer than a line are shortened
 * to their start and length, and the whole message is capped.
 */
export function clipMessage(message: string): string {
  if (message.length <= MAX_QUOTED * 2) return message;
  const clipped = message.replace(/"([^"\n]{120,})"/g, (_, inner: string) => `"${inner.slice(0, 60)}…" (${inner.length} characters)`);
  return clipped.length <= MAX_MESSAGE
    ? clipped
    : `${clipped.slice(0, MAX_MESSAGE)}… (message cut at ${MAX_MESSAGE} of ${clipped.length} characters)`;
}
