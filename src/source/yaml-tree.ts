/**
 * A scenario file as a tree of YAML nodes that each know their line and column, so that every
 * message about the file can say where. Two readers produce the same tree: a fast one for the plain
 * YAML scenario files are written in (`yaml-fast.ts`), and the `yaml` package for everything else
 * (anchors, block scalars, multi-line strings...) and for every syntax error. The fast reader
 * declines what it is not sure of, so the `yaml` package always has the last word.
 */
import type { Document, Node } from 'yaml';
import { yamlLibrary } from './yaml-library';
import { readYamlFast } from './yaml-fast';
import type { Position, ScalarValue, YamlMap, YamlNode, YamlPair, YamlScalar } from './yaml-node';
import { LIMITS, positionAt, yamlDepthProblem } from './limits';
import { setOwn } from '../util/own-keys';

export type { Position, ScalarValue, YamlMap, YamlNode, YamlPair, YamlScalar, YamlSeq } from './yaml-node';

export type YamlRead =
  { readonly ok: true; readonly root: YamlNode } | { readonly ok: false; readonly message: string; readonly pos: Position };

/** Reads YAML (or JSON) text into a positioned tree; a syntax error comes back with its position. */
export function readYaml(text: string): YamlRead {
  if (text.length > LIMITS.maxScenarioChars) {
    return {
      ok: false,
      message: `the file has ${text.length} characters; the limit for a scenario file is ${LIMITS.maxScenarioChars}`,
      pos: { line: 1, column: 1 },
    };
  }
  const fast = readYamlFast(text);
  if (fast !== undefined) return { ok: true, root: fast };
  return readYamlWithLibrary(text);
}

/** The reference reader: the `yaml` package, strict, with unique keys. */
export function readYamlWithLibrary(text: string): YamlRead {
  // The library recurses while it builds values: measure the nesting first, without recursion.
  const deep = yamlDepthProblem(text, LIMITS.maxDepth);
  if (deep) return { ok: false, message: deep.message, pos: positionAt(text, deep.offset) };
  const { LineCounter, parseDocument } = yamlLibrary();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const error = doc.errors[0];
  if (error) {
    const at = lineCounter.linePos(error.pos[0]);
    return { ok: false, message: error.message.split('\n')[0] ?? error.message, pos: { line: at.line, column: at.col } };
  }
  const position = (node: { range?: readonly number[] | null } | null | undefined): Position => {
    const at = lineCounter.linePos(node?.range?.[0] ?? 0);
    return { line: at.line, column: at.col };
  };
  try {
    return { ok: true, root: convert(doc.contents, doc, position, 0) };
  } catch (problem) {
    if (problem instanceof TreeProblem) return { ok: false, message: problem.message, pos: problem.pos };
    throw problem;
  }
}

class TreeProblem extends Error {
  constructor(
    message: string,
    readonly pos: Position,
  ) {
    super(message);
  }
}

// An alias chain deeper than this is a billion-laughs document, not a scenario.
const MAX_ALIAS_DEPTH = 50;

function convert(node: unknown, doc: Document, position: (n: Node | null | undefined) => Position, depth: number): YamlNode {
  const { isAlias, isMap, isScalar, isSeq } = yamlLibrary();
  if (node === null || node === undefined) return { kind: 'scalar', value: null, text: '', quoted: false, pos: { line: 1, column: 1 } };
  if (isAlias(node)) {
    if (depth > MAX_ALIAS_DEPTH) throw new TreeProblem('aliases nest too deeply', position(node));
    return convert(node.resolve(doc), doc, position, depth + 1);
  }
  if (isScalar(node)) {
    const raw = node.value;
    let value: ScalarValue;
    if (raw === null || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') value = raw;
    else if (typeof raw === 'bigint') value = Number(raw);
    else throw new TreeProblem(`unsupported YAML value (${typeof raw})`, position(node));
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    const text = node.type === 'PLAIN' && typeof node.source === 'string' ? node.source : value === null ? '' : String(value);
    return { kind: 'scalar', value, text, quoted, pos: position(node) };
  }
  if (isMap(node)) {
    const pairs: YamlPair[] = [];
    for (const pair of node.items) {
      const key = isAlias(pair.key) ? pair.key.resolve(doc) : pair.key;
      if (!isScalar(key)) throw new TreeProblem('a mapping key is text; complex keys are not supported', position(node));
      const keyText = key.type === 'PLAIN' && typeof key.source === 'string' ? key.source : String(key.value);
      pairs.push({ key: keyText, keyPos: position(pair.key as Node), value: convert(pair.value, doc, position, depth) });
    }
    return { kind: 'map', pairs, pos: position(node) };
  }
  if (isSeq(node)) {
    return { kind: 'seq', items: node.items.map((item) => convert(item, doc, position, depth)), pos: position(node) };
  }
  throw new TreeProblem('unsupported YAML node', { line: 1, column: 1 });
}

/**
 * The plain JavaScript value of a node (what `JSON.parse` would give for JSON text). `scalar` says
 * how a scalar reads, when not as its YAML value (a policy reads a plain number as the text written).
 */
export function toPlain(node: YamlNode, scalar: (node: YamlScalar) => unknown = (s) => s.value): unknown {
  switch (node.kind) {
    case 'scalar':
      return scalar(node);
    case 'seq':
      return node.items.map((item) => toPlain(item, scalar));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const pair of node.pairs) setOwn(out, pair.key, toPlain(pair.value, scalar));
      return out;
    }
  }
}

/** The pair of `map` with this key, if any. */
export function pairOf(map: YamlMap, key: string): YamlPair | undefined {
  for (const pair of map.pairs) if (pair.key === key) return pair;
  return undefined;
}

/** Short text for a node, as a name or a message shows it: scalars as written, collections in flow style. */
export function nodeText(node: YamlNode): string {
  switch (node.kind) {
    case 'scalar':
      return node.text;
    case 'seq':
      return `[${node.items.map(nodeText).join(', ')}]`;
    case 'map':
      return `{${node.pairs.map((p) => `${p.key}: ${nodeText(p.value)}`).join(', ')}}`;
  }
}

export function describeNode(node: YamlNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  if (node.value === null) return 'nothing (null)';
  if (typeof node.value === 'string') return `the text ${JSON.stringify(node.value)}`;
  return `the ${typeof node.value} ${node.text}`;
}
