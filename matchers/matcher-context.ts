/**
 * The part of Vitest's and Jest's matcher context that iamspec uses, so that the matchers are
 * written once against both. Both frameworks hand `expect.extend` matchers a `this` with `isNot`,
 * `promise` and `utils` (matcherHint, printExpected, printReceived) of the same shape.
 */
import { formatIssue, type PolicyError } from '../src/policy/errors';

export interface MatcherHintOptionsLike {
  readonly isNot?: boolean;
  readonly promise?: string;
  readonly secondArgument?: string;
  readonly comment?: string;
}

export interface MatcherUtilsLike {
  matcherHint(matcherName: string, received?: string, expected?: string, options?: MatcherHintOptionsLike): string;
  printExpected(value: unknown): string;
  printReceived(value: unknown): string;
}

export interface MatcherContextLike {
  readonly isNot?: boolean;
  readonly promise?: string;
  readonly utils: MatcherUtilsLike;
}

/** What a matcher returns to the framework: the framework applies `.not` to `pass`. */
export interface MatcherOutcome {
  readonly pass: boolean;
  readonly message: () => string;
}

export function hint(ctx: MatcherContextLike, name: string, received: string, expected: string): string {
  return ctx.utils.matcherHint(name, received, expected, { isNot: ctx.isNot === true, promise: ctx.promise ?? '' });
}

// Literal names, not `Class.name`: a bundler may rename a class, never the `name` field it sets.
const INPUT_ERRORS: ReadonlySet<string> = new Set(['MatcherArgumentError', 'PolicyError', 'RequestError', 'CallError']);

/**
 * The errors that mean "the test gave something iamspec cannot use", as opposed to a bug in
 * iamspec. Told by name as well as by class: a policy loaded through the CommonJS build and asserted
 * through the ESM one throws an error of the other copy's class.
 */
export function isInputError(error: unknown): error is Error {
  return error instanceof Error && INPUT_ERRORS.has(error.name);
}

function describeInputError(error: Error): string[] {
  if (error.name === 'PolicyError' && Array.isArray((error as PolicyError).issues)) {
    const issues = (error as PolicyError).issues;
    return [
      `  A policy does not load (${issues.length === 1 ? 'one problem' : `${issues.length} problems`}):`,
      ...issues.map((i) => `    ${formatIssue(i)}`),
    ];
  }
  if (error.name === 'RequestError') return [`  The request is not one AWS could receive: ${error.message}`];
  if (error.name === 'CallError') return [`  The SDK call cannot be translated: ${error.message}`];
  return [`  ${error.message}`];
}

/**
 * A failed assertion for input the matcher cannot use. `pass` is the opposite of what the
 * framework wants in either direction (`true` under `.not`), so the test fails with or without it.
 */
export function inputFailure(ctx: MatcherContextLike, hintLine: string, error: Error): MatcherOutcome {
  return {
    pass: ctx.isNot === true,
    message: () =>
      [hintLine, '', 'iamspec cannot run this assertion, so it fails with or without .not:', ...describeInputError(error)].join('\n'),
  };
}

/** Runs a matcher body, turning input errors into failed assertions and letting bugs through. */
export function guarded(ctx: MatcherContextLike, hintLine: string, body: () => MatcherOutcome): MatcherOutcome {
  try {
    return body();
  } catch (error) {
    if (isInputError(error)) return inputFailure(ctx, hintLine, error);
    throw error;
  }
}
