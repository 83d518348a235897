/**
 * A request's condition keys as layers: what the test gave, then what iamspec derives. Derived
 * keys depend only on the caller or on the resource, so their layers are built once per caller and
 * per resource and shared by every request, instead of being copied into each request's map. A
 * key is read from the first layer that has it, which is how a key the test gives is never
 * overridden by a derived one.
 */
import type { ContextValue } from './request-types';

/** One condition key in the request: its name as given, its values, and where it came from. */
export interface ContextEntry {
  readonly name: string;
  readonly values: readonly string[];
  /** Given as an array (a multivalued key), even when it holds one value. */
  readonly multi: boolean;
  /** Derived by iamspec from the principal or resource, not given by the test. */
  readonly derived: boolean;
}

/** What a layer needs to be: a lookup by lower-cased name, and its entries in order. */
export interface ContextLayer {
  get(key: string): ContextEntry | undefined;
  [Symbol.iterator](): Iterator<[string, ContextEntry]>;
}

type Layer = ContextLayer;

/** A value the test gave, as a context entry: a string needs no copy, an array is turned into text. */
export function givenEntry(name: string, value: ContextValue): ContextEntry {
  if (typeof value === 'string') return { name, values: [value], multi: false, derived: false };
  if (Array.isArray(value)) return { name, values: value.map((v) => String(v)), multi: true, derived: false };
  return { name, values: [String(value)], multi: false, derived: false };
}

/** Beyond this many keys, a given context is looked up through a map rather than by scanning. */
const SCAN_LIMIT = 16;

/**
 * The keys a test gave, without a copy into a map: each key's name and value are kept as given, and
 * its entry object is made when the key is first read (most requests are decided after reading a
 * few keys, or none). A list value is turned into its entry at once, so that the request stays what
 * it was when it was resolved even if the test later changes the list. Small contexts are scanned;
 * large ones get an index, so that lookups stay constant-time.
 */
export class GivenContext implements ContextLayer {
  /** Lower-cased name, name as given, and value, for each key in order. */
  private readonly slots: (string | ContextValue)[] = [];
  private entries: (ContextEntry | undefined)[] | undefined;
  private index: Map<string, number> | undefined;

  get size(): number {
    return this.slots.length / 3;
  }

  /** Adds a key under its lower-cased name; the caller has checked that the name is new. */
  add(lower: string, name: string, value: ContextValue): void {
    const position = this.size;
    this.slots.push(lower, name, value);
    if (typeof value === 'object') (this.entries ??= [])[position] = givenEntry(name, value);
    if (this.index !== undefined) this.index.set(lower, position);
    else if (position >= SCAN_LIMIT) {
      this.index = new Map();
      for (let i = 0; i <= position; i++) this.index.set(this.slots[3 * i] as string, i);
    }
  }

  private position(key: string): number {
    if (this.index !== undefined) return this.index.get(key) ?? -1;
    const slots = this.slots;
    for (let i = 0; i < slots.length; i += 3) if (slots[i] === key) return i / 3;
    return -1;
  }

  has(key: string): boolean {
    return this.position(key) >= 0;
  }

  get(key: string): ContextEntry | undefined {
    const position = this.position(key);
    return position < 0 ? undefined : this.entryAt(position);
  }

  private entryAt(position: number): ContextEntry {
    const entries = (this.entries ??= []);
    return (entries[position] ??= givenEntry(this.slots[3 * position + 1] as string, this.slots[3 * position + 2] as ContextValue));
  }

  *[Symbol.iterator](): Iterator<[string, ContextEntry]> {
    for (let i = 0; i < this.size; i++) yield [this.slots[3 * i] as string, this.entryAt(i)];
  }
}

/**
 * The request's keys: what the test gave, what it said about the principal beyond its ARN, then
 * the keys derived from the caller and from the resource (four fixed layers, so that building one
 * per request allocates only itself).
 */
export class LayeredContext implements ReadonlyMap<string, ContextEntry> {
  constructor(
    private readonly given: Layer,
    private readonly described: Layer,
    private readonly caller: Layer,
    private readonly resource: Layer,
  ) {}

  get(key: string): ContextEntry | undefined {
    return this.given.get(key) ?? this.described.get(key) ?? this.caller.get(key) ?? this.resource.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  get size(): number {
    let n = 0;
    for (const _ of this.keys()) n++;
    return n;
  }

  *entries(): MapIterator<[string, ContextEntry]> {
    const seen = new Set<string>();
    for (const layer of [this.given, this.described, this.caller, this.resource]) {
      for (const [key, entry] of layer) {
        if (seen.has(key)) continue;
        seen.add(key);
        yield [key, entry];
      }
    }
  }

  *keys(): MapIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<ContextEntry> {
    for (const [, entry] of this.entries()) yield entry;
  }

  forEach(callback: (value: ContextEntry, key: string, map: ReadonlyMap<string, ContextEntry>) => void): void {
    for (const [key, entry] of this.entries()) callback(entry, key, this);
  }

  [Symbol.iterator](): MapIterator<[string, ContextEntry]> {
    return this.entries();
  }
}
