/**
 * Reading policy text with positions. JSON is read through the `yaml` package (YAML 1.2 is a
 * superset of JSON), which keeps every node's offset, so that a statement or a bad value can be
 * reported with its line and column.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { positionAtPath, type PathSegment, type TreeWalk } from './path-position';
import type { Position } from './position';

export type { PathSegment, Position };

export interface SourceText {
  readonly value: unknown;
  /** Position of the value at `path` (or of its key, when `key` is set), if it came from text. */
  positionOf(path: readonly PathSegment[], key?: boolean): Position | undefined;
}

export type SourceParse = { ok: true; source: SourceText } | { ok: false; message: string; position?: Position };

/** A value that came as an object has no positions. */
export function sourceFromValue(value: unknown): SourceText {
  return { value, positionOf: () => undefined };
}

export function parseSourceText(text: string): SourceParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const error = doc.errors[0];
  if (error) {
    const [start] = error.pos;
    const pos = lineCounter.linePos(start);
    return { ok: false, message: error.message.split('\n')[0] ?? error.message, position: { line: pos.line, column: pos.col } };
  }
  let value: unknown;
  try {
    // Aliases are YAML's; an unresolved or runaway one is a syntax error of the document.
    value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (error) {
    return { ok: false, message: (error as Error).message.split('\n')[0] ?? 'the document cannot be read' };
  }
  const at = (node: Node | null | undefined): Position | undefined => {
    const offset = node?.range?.[0];
    if (offset === undefined) return undefined;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const walk: TreeWalk<unknown> = {
    at: (node) => at(node as Node),
    child(node, segment) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        return pair === undefined ? undefined : { value: pair.value, keyAt: () => at(pair.key as Node) };
      }
      // An index past the end leads nowhere: no position, rather than the list's.
      if (isSeq(node) && typeof segment === 'number') return { value: node.items[segment] };
      return undefined;
    },
  };
  return {
    ok: true,
    source: {
      value,
      positionOf: (path, key = false) => positionAtPath<unknown>(doc.contents, path, key, walk),
    },
  };
}

/** `Statement[0].Condition["aws:SourceIp"]`: a readable JSON path. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
