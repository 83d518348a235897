/**
 * A matcher called with something it cannot use: a malformed ARN, an action without a service
 * prefix, an unknown shorthand key, a `decidedBy` that names no statement. The matchers report it
 * as a failed assertion in both directions, so a typo never turns into a passing `.not`.
 */
import { OneProblemError } from '../src/problems/problem';

export class MatcherArgumentError extends OneProblemError {
  override readonly name = 'MatcherArgumentError';
  constructor(message: string) {
    super('invalid-argument', message);
  }
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
