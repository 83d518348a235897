/**
 * Policy text read as strict JSON (RFC 8259, `json-text.ts`), without the `yaml` package: the value,
 * and each node's offset, so that positions are the ones the `yaml` package reports for the same
 * text (the start of a value, of a key's quote, of a `{` or `[`). An error has the line and column
 * of the offending character.
 *
 * Loading the `yaml` package is a good part of starting `iamspec test`, and policy files are
 * almost always JSON.
 */
import { parseJsonText, type JsonNode } from './json-text';
import { LIMITS, positionAt as positionInText } from './limits';
import type { PathSegment, Position, SourceParse, SourceText } from './document';
import { lineIndexAt, lineStartsOf } from './position';

/** 1-based line and column of an offset, by binary search: a policy asks for many positions. */
function positionAt(starts: Int32Array, offset: number): Position {
  const line = lineIndexAt(starts, offset);
  return { line: line + 1, column: offset - starts[line]! + 1 };
}

function sourceOf(text: string, value: unknown, root: JsonNode): SourceText {
  let starts: Int32Array | undefined;
  const at = (offset: number): Position => positionAt((starts ??= lineStartsOf(text)), offset);
  return {
    value,
    positionOf(path: readonly PathSegment[], key = false): Position | undefined {
      let node: JsonNode = root;
      let keyOffset: number | undefined;
      for (const segment of path) {
        keyOffset = undefined;
        if (node.keys !== undefined) {
          const entry = node.keys.get(String(segment));
          if (entry === undefined) return at(node.offset);
          keyOffset = entry.keyOffset;
          node = entry.node;
        } else if (node.items !== undefined && typeof segment === 'number') {
          const item = node.items[segment];
          if (item === undefined) return undefined;
          node = item;
        } else {
          return at(node.offset);
        }
      }
      return at(key && keyOffset !== undefined ? keyOffset : node.offset);
    },
  };
}

/** JSON text read strictly: its source, or what is wrong and where. */
export function parseJsonSource(text: string): SourceParse {
  const parsed = parseJsonText(text, LIMITS.maxDepth);
  if (!parsed.ok) return { ok: false, syntax: 'json', message: parsed.message, position: positionInText(text, parsed.offset) };
  return { ok: true, source: sourceOf(text, parsed.value, parsed.root) };
}

/** The source of text that is strict JSON (starting with `{` or `[`), or undefined for any other text. */
export function jsonSource(text: string): SourceText | undefined {
  const first = /^\uFEFF?\s*(\S)/.exec(text)?.[1];
  if (first !== '{' && first !== '[') return undefined;
  const parsed = parseJsonSource(text);
  return parsed.ok ? parsed.source : undefined;
}
