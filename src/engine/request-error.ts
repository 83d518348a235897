/**
 * The one error type of reading a request: a request that cannot be evaluated as given. Its
 * problem is located by its path in the request (`request.action`, `request.principal.rolePath`).
 */
import type { Problem } from '../problems/problem';

/** A request that cannot be evaluated as given (a malformed principal, action or resource). */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  /** The one problem, located by its path in the request (`request.action`). */
  readonly issues: readonly Problem[];
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`request.${field}: ${message}`);
    this.issues = [{ code: 'invalid-request', severity: 'error', message, location: { path: `request.${field}` } }];
  }
}
