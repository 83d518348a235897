/**
 * The error of input that cannot be used as given: a request (a malformed principal, action or
 * resource, an unknown key, a value of the wrong type), a policy set, or an options object. `field`
 * names the field; the message starts with `request.` (or `policies.`, `options.`) and it, and the
 * one problem in `issues` is located by that path.
 */
import { clipMessage, type Problem } from './problem';

export class RequestError extends Error {
  override readonly name = 'RequestError';
  readonly issues: readonly Problem[];
  constructor(
    readonly field: string,
    message: string,
    /** What the field belongs to: `request` (the default), `policies` or `options`. */
    readonly subject: string = 'request',
  ) {
    const path = `${subject}${field === '' || field.startsWith('[') ? '' : '.'}${field}`;
    super(clipMessage(`${path}: ${message}`));
    this.issues = [{ code: 'invalid-request', severity: 'error', message: clipMessage(message), location: { path } }];
  }
}
