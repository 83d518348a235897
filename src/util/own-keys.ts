/**
 * User-supplied names as keys. Every table looked up by a name from a policy, a request, a scenario
 * file or a command line is a `Map` or checked with `Object.hasOwn`, so that `constructor`,
 * `toString` or `__proto__` are unknown names rather than members inherited from `Object.prototype`.
 * Objects built from such names go through `setOwn`, so that `__proto__` becomes a key like any
 * other instead of replacing the object's prototype (and vanishing).
 */

/** Sets `record[key] = value` as an own, enumerable data property, even when `key` is `__proto__`. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  else record[key] = value;
}

/** `record[key]` when `key` is the record's own property; undefined for inherited members. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
