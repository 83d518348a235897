/**
 * The build's source maps, limited to sources the package ships. tsup's CommonJS build (code
 * splitting, then a conversion to CommonJS) leaves two kinds of sources in its maps that no
 * installed package has: the intermediate output file itself, by the build machine's absolute path,
 * and tsup's own shim (`node_modules/tsup/assets/cjs_shims.js`). Their segments cover generated
 * glue (exports, requires, the `import.meta.url` shim): dropping them leaves that glue unmapped,
 * so a stack frame there names the shipped `.cjs` file itself, and every other frame names a file
 * of `src/` or `matchers/`, which the package ships with the maps' embedded text besides.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The numbers of one mapping segment (base64 VLQ). */
export function decodeSegment(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of text) {
    const digit = BASE64.indexOf(ch);
    if (digit < 0) throw new Error(`not a base64 VLQ digit: ${ch}`);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** One number as base64 VLQ. */
export function encodeValue(value: number): string {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = '';
  do {
    let digit = rest & 31;
    rest >>>= 5;
    if (rest > 0) digit |= 32;
    out += BASE64[digit];
  } while (rest > 0);
  return out;
}

export interface SourceMap {
  version: 3;
  sources: string[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
  [key: string]: unknown;
}

/** The map without the segments of sources `keep` refuses, and without those sources. */
export function keepSources(map: SourceMap, keep: (source: string) => boolean): SourceMap {
  const newIndex = new Map<number, number>();
  map.sources.forEach((source, i) => {
    if (keep(source)) newIndex.set(i, newIndex.size);
  });
  // Absolute fields, decoded line by line (the column restarts on each line, the others run on).
  let source = 0;
  let sourceLine = 0;
  let sourceColumn = 0;
  let name = 0;
  // What the re-encoded deltas are relative to.
  let outSource = 0;
  let outLine = 0;
  let outColumn = 0;
  let outName = 0;
  const lines = map.mappings.split(';').map((line) => {
    let column = 0;
    let outGeneratedColumn = 0;
    const kept: string[] = [];
    for (const text of line.split(',')) {
      if (text === '') continue;
      const v = decodeSegment(text);
      column += v[0]!;
      if (v.length === 1) continue; // maps nowhere: nothing to keep
      source += v[1]!;
      sourceLine += v[2]!;
      sourceColumn += v[3]!;
      if (v.length === 5) name += v[4]!;
      const target = newIndex.get(source);
      if (target === undefined) continue;
      let segment =
        encodeValue(column - outGeneratedColumn) +
        encodeValue(target - outSource) +
        encodeValue(sourceLine - outLine) +
        encodeValue(sourceColumn - outColumn);
      if (v.length === 5) {
        segment += encodeValue(name - outName);
        outName = name;
      }
      outGeneratedColumn = column;
      outSource = target;
      outLine = sourceLine;
      outColumn = sourceColumn;
      kept.push(segment);
    }
    return kept.join(',');
  });
  const sources = map.sources.filter((_, i) => newIndex.has(i));
  const sourcesContent = map.sourcesContent?.filter((_, i) => newIndex.has(i));
  return { ...map, sources, ...(sourcesContent ? { sourcesContent } : {}), mappings: lines.join(';') };
}

/** Rewrites every `.map` in `dist` to name only the package's own `src/` and `matchers/` files. */
export function shipOnlyOwnSources(dist: string): void {
  const own = (source: string) => /^\.\.\/(src|matchers)\//.test(source);
  for (const file of readdirSync(dist).filter((f) => f.endsWith('.map'))) {
    const path = join(dist, file);
    const map = JSON.parse(readFileSync(path, 'utf8')) as SourceMap;
    if (map.sources.every(own)) continue;
    writeFileSync(path, JSON.stringify(keepSources(map, own)));
  }
}
