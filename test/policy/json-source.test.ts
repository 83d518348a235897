/**
 * Plain JSON policy text is read without the `yaml` package; it must give the value and every
 * position (of values and of keys) the `yaml` package gives for the same text, and refuse what
 * is not strict JSON with a line and column (AWS reads policies as JSON), never reading it as YAML.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSource } from '../../src/source/json-source';
import { parseSourceText, parseSourceTextWithLibrary, type PathSegment } from '../../src/source/document';
import { policyArb } from '../gate/arbitraries';

/** Every path into a value, containers included. */
function paths(value: unknown, prefix: PathSegment[] = []): PathSegment[][] {
  const out: PathSegment[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

/** The JSON reader gives the value, and the position of each path (and its key), the yaml package gives. */
function expectAgreesWithLibrary(text: string, extraPaths: readonly PathSegment[][] = []): void {
  const fast = jsonSource(text);
  const reference = parseSourceTextWithLibrary(text);
  expect(fast).toBeDefined();
  expect(reference.ok).toBe(true);
  if (!reference.ok || fast === undefined) return;
  expect(fast.value).toEqual(reference.source.value);
  for (const path of [...paths(reference.source.value), ...extraPaths]) {
    expect(fast.positionOf(path)).toEqual(reference.source.positionOf(path));
    expect(fast.positionOf(path, true)).toEqual(reference.source.positionOf(path, true));
  }
}

const layoutArb = fc.constantFrom<[number | string | undefined, boolean]>(
  [undefined, false],
  [2, false],
  [4, false],
  ['\t', false],
  [2, true],
);

describe('policy text that is plain JSON', () => {
  it('gives the value and the positions the yaml package gives, however it is laid out', () => {
    fc.assert(
      fc.property(policyArb(true), layoutArb, fc.constantFrom('', '\n', '  \n'), (doc, [indent, crlf], tail) => {
        let text = JSON.stringify(doc, null, indent) + tail;
        if (crlf) text = text.replace(/\n/g, '\r\n');
        expectAgreesWithLibrary(text, [['Statement', 99], ['NoSuchKey'], ['Statement', 0, 'Nope', 'deeper']]);
      }),
      { numRuns: 300 },
    );
  });

  it('gives no source for text that is not strict JSON: YAML, comments, a repeated key, trailing text', () => {
    for (const text of [
      'Version: "2012-10-17"\nStatement: []\n',
      '{ "Version": "2012-10-17", // a comment\n "Statement": [] }',
      '{ "Version": "2012-10-17", "Version": "2008-10-17", "Statement": [] }',
      '{ "Version": "2012-10-17", "Statement": [] } trailing',
    ]) {
      expect(jsonSource(text), text).toBeUndefined();
    }
  });

  it('reads strict JSON errors with their line and column, never as YAML', () => {
    const cases: [string, string, number, number][] = [
      ['{ "Version": "2012-10-17", // a comment\n "Statement": [] }', 'comment', 1, 28],
      ['{\n  "Version": "2012-10-17",\n  "Version": "2008-10-17",\n  "Statement": [] }', 'appears twice', 3, 3],
      ['{ "Version": "2012-10-17", "Statement": [] } trailing', 'after the document', 1, 46],
      ['{ "Statement": [1, 2,] }', 'trailing comma', 1, 21],
    ];
    for (const [text, message, line, column] of cases) {
      const parsed = parseSourceText(text);
      expect(parsed.ok, text).toBe(false);
      if (parsed.ok) continue;
      expect(parsed.syntax).toBe('json');
      expect(parsed.message).toContain(message);
      expect(parsed.position, text).toEqual({ line, column });
    }
  });

  it('reads a byte-order mark before JSON, with the positions the yaml package gives', () => {
    expectAgreesWithLibrary('\uFEFF{ "Version": "2012-10-17",\n "Statement": [] }');
  });
});
