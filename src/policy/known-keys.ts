/**
 * Objects a caller gives (requests, policy sets, options) hold only the keys they are documented to
 * hold. An unknown key is a `RequestError` with a did-you-mean, never ignored: a misspelt
 * `permissionsBoundary` left out would turn an implicit deny into an Allow.
 */
import { RequestError } from './errors';
import { closestName } from './nearest-name';

/** Sets of the key lists, made once per list. */
const sets = new WeakMap<readonly string[], ReadonlySet<string>>();

function setOf(keys: readonly string[]): ReadonlySet<string> {
  let set = sets.get(keys);
  if (set === undefined) sets.set(keys, (set = new Set(keys)));
  return set;
}

/** `value` as a plain record, or a `RequestError` naming `field` of `subject`. */
export function recordArgument(value: unknown, subject: string, field: string, what: string): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RequestError(field, `${what}; found ${describeArgument(value)}`, subject);
  }
  return value as Readonly<Record<string, unknown>>;
}

/**
 * Throws a `RequestError` for the first own key of `value` not in `known` (keys whose value is
 * `undefined` stand for absent ones). `prefix` is the field path of `value` within `subject`.
 */
export function checkKnownKeys(value: object, known: readonly string[], subject: string, prefix = ''): void {
  const set = setOf(known);
  for (const key in value) {
    if (set.has(key) || !Object.hasOwn(value, key) || (value as Record<string, unknown>)[key] === undefined) continue;
    const near = closestName(key, known);
    const field = prefix === '' ? key : `${prefix}.${key}`;
    throw new RequestError(field, `unknown key "${key}"${near ? ` (did you mean "${near}"?)` : ''}; the keys are ${known.join(', ')}`, subject);
  }
}

/** A short description of a value for a message: its type, and the value itself when short. */
export function describeArgument(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return value.length <= 60 ? `the string ${JSON.stringify(value)}` : `a string of ${value.length} characters`;
    case 'number':
    case 'boolean':
      return `the ${typeof value} ${String(value)}`;
    case 'bigint':
      return 'a BigInt';
    case 'object':
      return 'an object';
    default:
      return typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`;
  }
}
