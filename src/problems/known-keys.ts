/**
 * Objects a caller gives (requests, policy sets, options) hold only the keys they are documented to
 * hold. An unknown key is a `RequestError` with a did-you-mean, never ignored: a misspelt
 * `permissionsBoundary` left out would turn an implicit deny into an Allow.
 */
import { RequestError } from './request-error';
import { closestName } from '../util/nearest-name';

/** Sets of the key lists, made once per list. */
const sets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** The set of a key list, made once; hot callers keep it beside their list. */
export function setOf(keys: readonly string[]): ReadonlySet<string> {
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
export function checkKnownKeys(
  value: object,
  known: readonly string[],
  subject: string,
  prefix = '',
  set: ReadonlySet<string> = setOf(known),
): void {
  for (const key in value) {
    if (set.has(key) || !Object.hasOwn(value, key) || (value as Record<string, unknown>)[key] === undefined) continue;
    const near = closestName(key, known);
    const field = prefix === '' ? key : `${prefix}.${key}`;
    throw new RequestError(
      field,
      `unknown key "${key}"${near ? ` (did you mean "${near}"?)` : ''}; the keys are ${known.join(', ')}`,
      subject,
    );
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

/** What an option holds: a type, or the closed list of strings it takes. */
export type OptionType = 'string' | 'boolean' | 'number' | 'strings' | 'object' | readonly string[];

function fits(value: unknown, type: OptionType): boolean {
  if (Array.isArray(type)) return typeof value === 'string' && type.includes(value);
  switch (type) {
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'number':
      return typeof value === 'number' && !Number.isNaN(value);
    default:
      return typeof value === type;
  }
}

function typeText(type: OptionType): string {
  if (Array.isArray(type)) return `one of ${type.map((t) => JSON.stringify(t)).join(', ')}`;
  return type === 'strings' ? 'a list of strings' : type === 'object' ? 'an object' : `a ${type as string}`;
}

const fieldKeys = new WeakMap<object, readonly string[]>();

/**
 * An options object: absent, or an object whose keys are all in `fields`, each of its type. Throws
 * a `RequestError` naming the option (`options.kind: is one of ...; found ...`).
 */
export function checkOptions(options: unknown, fields: Readonly<Record<string, OptionType>>): Readonly<Record<string, unknown>> {
  if (options === undefined) return {};
  let keys = fieldKeys.get(fields);
  if (keys === undefined) fieldKeys.set(fields, (keys = Object.keys(fields)));
  const record = recordArgument(options, 'options', '', `the options are an object with ${keys.join(', ')}`);
  checkKnownKeys(record, keys, 'options');
  for (const key of keys) {
    const value = record[key];
    const type = fields[key]!;
    if (value !== undefined && !fits(value, type))
      throw new RequestError(key, `is ${typeText(type)}; found ${describeArgument(value)}`, 'options');
  }
  return record;
}
