/**
 * Policy text that is plain JSON, read without the `yaml` package: `JSON.parse` gives the value,
 * and one scan of the text gives each node's offset, so that positions are the ones the `yaml`
 * package reports for the same text (the start of a value, of a key's quote, of a `{` or `[`).
 * Anything else (YAML, a byte-order mark, a duplicate key, invalid JSON) is left to the `yaml`
 * package, which has the last word on errors: this reader returns undefined for it.
 *
 * Loading the `yaml` package is a good part of starting `iamspec test`, and policy files are
 * almost always JSON.
 */
import type { PathSegment, Position, SourceText } from './source';

/** Where a value starts, and for an object its members, for an array its items. */
interface Located {
  readonly offset: number;
  readonly members?: Map<string, { readonly keyOffset: number; readonly value: Located }>;
  readonly items?: Located[];
}

class Duplicate extends Error {}

/** Offsets of a text already known to be valid JSON. */
class Scanner {
  at = 0;

  constructor(private readonly text: string) {}

  private space(): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.at);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.at++;
      else return;
    }
  }

  private string(): string {
    const start = this.at;
    this.at++;
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.at);
      if (c === 0x5c) this.at += 2;
      else if (c === 0x22) break;
      else this.at++;
    }
    this.at++;
    return JSON.parse(text.slice(start, this.at)) as string;
  }

  value(): Located {
    this.space();
    const offset = this.at;
    const c = this.text.charAt(this.at);
    if (c === '{') {
      this.at++;
      const members = new Map<string, { keyOffset: number; value: Located }>();
      this.space();
      if (this.text.charAt(this.at) === '}') {
        this.at++;
        return { offset, members };
      }
      for (;;) {
        this.space();
        const keyOffset = this.at;
        const key = this.string();
        // The yaml package refuses a repeated key (uniqueKeys); so must the reader.
        if (members.has(key)) throw new Duplicate();
        this.space();
        this.at++; // ':'
        members.set(key, { keyOffset, value: this.value() });
        this.space();
        if (this.text.charAt(this.at++) === '}') return { offset, members };
      }
    }
    if (c === '[') {
      this.at++;
      const items: Located[] = [];
      this.space();
      if (this.text.charAt(this.at) === ']') {
        this.at++;
        return { offset, items };
      }
      for (;;) {
        items.push(this.value());
        this.space();
        if (this.text.charAt(this.at++) === ']') return { offset, items };
      }
    }
    if (c === '"') {
      this.string();
      return { offset };
    }
    // A number, true, false or null: up to the next delimiter.
    while (this.at < this.text.length && !/[\s,\]}]/.test(this.text.charAt(this.at))) this.at++;
    return { offset };
  }
}

/** 1-based line and column of an offset, lines split at "\n" (as the `yaml` package counts them). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function positionAt(starts: readonly number[], offset: number): Position {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}

/** The source of JSON text, or undefined for text this reader leaves to the `yaml` package. */
export function jsonSource(text: string): SourceText | undefined {
  const first = text.trimStart().charAt(0);
  if (first !== '{' && first !== '[') return undefined;
  let value: unknown;
  let root: Located;
  try {
    value = JSON.parse(text);
    root = new Scanner(text).value();
  } catch {
    return undefined;
  }
  let starts: number[] | undefined;
  const at = (offset: number | undefined): Position | undefined => (offset === undefined ? undefined : positionAt((starts ??= lineStarts(text)), offset));
  return {
    value,
    positionOf(path: readonly PathSegment[], key = false): Position | undefined {
      let node: Located | undefined = root;
      let keyOffset: number | undefined;
      for (const segment of path) {
        keyOffset = undefined;
        if (node === undefined) return undefined;
        if (node.members !== undefined) {
          const member = node.members.get(String(segment));
          if (member === undefined) return at(node.offset);
          keyOffset = member.keyOffset;
          node = member.value;
        } else if (node.items !== undefined && typeof segment === 'number') {
          node = node.items[segment];
        } else {
          return at(node.offset);
        }
      }
      return at(key && keyOffset !== undefined ? keyOffset : node?.offset);
    },
  };
}
