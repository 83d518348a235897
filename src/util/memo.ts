/**
 * Bounded memoisation for pure parses of strings that tests repeat (principals, actions, ARNs,
 * addresses). When a cache is full it is emptied: simple, and the working set of a test run is
 * far below the limit.
 */

export class BoundedCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly limit: number) {}

  /**
   * The remembered value for `key`, or `compute(input)` remembered (undefined results included).
   * The input is passed rather than captured, so that a hit allocates nothing.
   */
  get<I>(key: string, compute: (input: I) => T, input: I): T {
    let value = this.entries.get(key);
    if (value === undefined && !this.entries.has(key)) {
      value = compute(input);
      if (this.entries.size >= this.limit) this.entries.clear();
      this.entries.set(key, value);
    }
    return value as T;
  }

  /** Forgets every entry (for caches whose answers depend on something that changed). */
  clear(): void {
    this.entries.clear();
  }
}

/** `compute` remembered by its argument. */
export function memo<T>(limit: number, compute: (key: string) => T): (key: string) => T {
  const cache = new BoundedCache<T>(limit);
  return (key) => cache.get(key, compute, key);
}
