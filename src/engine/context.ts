/**
 * A request's condition keys as layers: what the test gave, then what iamspec derives. Derived
 * keys depend only on the caller or on the resource, so their layers are built once per caller and
 * per resource and shared by every request, instead of being copied into each request's map. A
 * key is read from the first layer that has it, which is how a key the test gives is never
 * overridden by a derived one.
 */

/** One condition key in the request: its name as given, its values, and where it came from. */
export interface ContextEntry {
  readonly name: string;
  readonly values: readonly string[];
  /** Given as an array (a multivalued key), even when it holds one value. */
  readonly multi: boolean;
  /** Derived by iamspec from the principal or resource, not given by the test. */
  readonly derived: boolean;
}

type Layer = ReadonlyMap<string, ContextEntry>;

export class LayeredContext implements ReadonlyMap<string, ContextEntry> {
  constructor(private readonly layers: readonly Layer[]) {}

  get(key: string): ContextEntry | undefined {
    const layers = this.layers;
    for (let i = 0; i < layers.length; i++) {
      const entry = layers[i]!.get(key);
      if (entry !== undefined) return entry;
    }
    return undefined;
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
    for (const layer of this.layers) {
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
