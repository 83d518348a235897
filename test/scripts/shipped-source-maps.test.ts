import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeSegment, encodeValue, keepSources, type SourceMap } from '../../scripts/shipped-source-maps';

const vlq = encodeValue;

/** A segment in absolute terms: generated line and column, then the source's name, line, column, and the name (or none). */
type Segment = [line: number, column: number, source?: string, sourceLine?: number, sourceColumn?: number, name?: number];

/** Encodes absolute segments (sorted by line, then column) as a source map, the reference way. */
function encode(segments: readonly Segment[], sources: readonly string[], lineCount: number): SourceMap {
  const lines: string[][] = Array.from({ length: lineCount }, () => []);
  let previous = [0, 0, 0, 0];
  for (let line = 0; line < lineCount; line++) {
    let column = 0;
    for (const s of segments.filter((x) => x[0] === line)) {
      let text = vlq(s[1] - column);
      column = s[1];
      if (s[2] !== undefined) {
        const source = sources.indexOf(s[2]);
        text += vlq(source - previous[0]!) + vlq(s[3]! - previous[1]!) + vlq(s[4]! - previous[2]!);
        previous = [source, s[3]!, s[4]!, previous[3]!];
        if (s[5] !== undefined) {
          text += vlq(s[5] - previous[3]!);
          previous[3] = s[5];
        }
      }
      lines[line]!.push(text);
    }
  }
  return {
    version: 3,
    sources: [...sources],
    sourcesContent: sources.map((s) => `text of ${s}`),
    names: ['a', 'b', 'c'],
    mappings: lines.map((l) => l.join(',')).join(';'),
  };
}

/** Decodes a map into absolute segments that name a source. */
function decode(map: SourceMap): Segment[] {
  const out: Segment[] = [];
  let [source, sourceLine, sourceColumn, name] = [0, 0, 0, 0];
  map.mappings.split(';').forEach((line, index) => {
    let column = 0;
    for (const text of line.split(',').filter(Boolean)) {
      const values = decodeSegment(text);
      column += values[0]!;
      if (values.length === 1) continue;
      source += values[1]!;
      sourceLine += values[2]!;
      sourceColumn += values[3]!;
      if (values.length === 5) name += values[4]!;
      out.push(
        values.length === 5
          ? [index, column, map.sources[source]!, sourceLine, sourceColumn, name]
          : [index, column, map.sources[source]!, sourceLine, sourceColumn],
      );
    }
  });
  return out;
}

const SOURCES = ['/build/dist/x.cjs', '../node_modules/tsup/assets/cjs_shims.js', '../src/a.ts', '../matchers/b.ts', '../src/c.ts'];
const own = (s: string) => /^\.\.\/(src|matchers)\//.test(s);

const segments = fc
  .array(
    fc.tuple(fc.nat(20), fc.nat(200), fc.constantFrom(...SOURCES), fc.nat(5000), fc.nat(300), fc.option(fc.nat(2), { nil: undefined })),
    { maxLength: 80 },
  )
  .map((list) => {
    // One segment per generated position, in order.
    const seen = new Set<string>();
    return list
      .filter(([line, column]) => !seen.has(`${line}:${column}`) && seen.add(`${line}:${column}`))
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .map(([line, column, source, sourceLine, sourceColumn, name]): Segment =>
        name === undefined ? [line, column, source, sourceLine, sourceColumn] : [line, column, source, sourceLine, sourceColumn, name],
      );
  });

describe('keepSources', () => {
  test('keeps exactly the segments of the kept sources, at the same places, and drops the others with their sources', () => {
    fc.assert(
      fc.property(segments, (list) => {
        const map = encode(list, SOURCES, 21);
        const kept = keepSources(map, own);
        expect(kept.sources).toEqual(SOURCES.filter(own));
        expect(kept.sourcesContent).toEqual(kept.sources.map((s) => `text of ${s}`));
        expect(kept.mappings.split(';')).toHaveLength(21);
        expect(decode(kept)).toEqual(list.filter((s) => own(s[2]!)));
      }),
      { numRuns: 300 },
    );
  });

  test('base64 VLQ as the source map format defines it', () => {
    expect([0, 1, -1, 15, 16, -16, 1000].map(encodeValue)).toEqual(['A', 'C', 'D', 'e', 'gB', 'hB', 'w+B']);
    expect(decodeSegment('AACAgB')).toEqual([0, 0, 1, 0, 16]);
  });

  test("the test's encoder and decoder agree", () => {
    fc.assert(
      fc.property(segments, (list) => {
        expect(decode(encode(list, SOURCES, 21))).toEqual(list);
      }),
    );
  });
});
