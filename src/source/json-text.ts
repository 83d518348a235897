/**
 * Strict JSON (RFC 8259) with positions. AWS reads a policy as JSON and rejects trailing commas,
 * comments, single quotes and bare words, so a `.json` file or text that starts with `{` or `[` is
 * read by this parser, never as YAML flow (which would accept all of those). It keeps the offset of
 * every key and value, for messages with a line and column, and stops at a nesting depth limit, so
 * that hostile input cannot exhaust the stack.
 */
import { setOwn } from '../util/own-keys';

/** Where a value (and, in an object, its key) starts in the text. */
export interface JsonNode {
  readonly offset: number;
  /** For an object: each key's offset and its value's node. */
  readonly keys?: ReadonlyMap<string, { readonly keyOffset: number; readonly node: JsonNode }>;
  /** For an array: each item's node. */
  readonly items?: readonly JsonNode[];
}

export type JsonParse =
  | { readonly ok: true; readonly value: unknown; readonly root: JsonNode }
  | { readonly ok: false; readonly message: string; readonly offset: number };

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;

function describeAt(text: string, i: number): string {
  if (i >= text.length) return 'the end of the text';
  const ch = text[i]!;
  if (ch === "'") return 'a single quote (JSON strings use double quotes)';
  if (ch === '/') return 'a comment (JSON has none)';
  return JSON.stringify(ch);
}

class Reader {
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  fail(message: string, at = this.i): never {
    throw new JsonSyntaxError(message, at);
  }

  private space(): void {
    const text = this.text;
    let i = this.i;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
    this.i = i;
  }

  document(): { value: unknown; root: JsonNode } {
    if (this.text.charCodeAt(0) === 0xfeff) this.i = 1; // a byte order mark, which RFC 8259 lets a reader ignore
    this.space();
    const parsed = this.value(0);
    this.space();
    if (this.i < this.text.length) this.fail(`unexpected ${describeAt(this.text, this.i)} after the document`);
    return parsed;
  }

  private value(depth: number): { value: unknown; root: JsonNode } {
    const text = this.text;
    const start = this.i;
    const ch = text[start];
    if (ch === '{' || ch === '[') {
      if (depth >= this.maxDepth) this.fail(`the document nests deeper than ${this.maxDepth} levels`);
      return ch === '{' ? this.object(depth + 1) : this.array(depth + 1);
    }
    if (ch === '"') return { value: this.string(), root: { offset: start } };
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, start)) {
        this.i = start + word.length;
        return { value, root: { offset: start } };
      }
    }
    NUMBER.lastIndex = start;
    const number = NUMBER.exec(text);
    if (number && number[0] !== '' && number[0] !== '-') {
      this.i = start + number[0].length;
      return { value: Number(number[0]), root: { offset: start } };
    }
    return this.fail(`expected a value, found ${describeAt(text, start)}`);
  }

  private string(): string {
    const text = this.text;
    const start = this.i;
    let i = start + 1;
    for (;;) {
      if (i >= text.length) this.fail('a string is not closed', start);
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c < 32) this.fail('a control character (such as a line break or a tab) inside a string must be escaped', i);
      if (c === 92) {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) this.fail('\\u is followed by four hex digits', i);
          i += 6;
          continue;
        }
        if (next === undefined || !'"\\/bfnrt'.includes(next)) this.fail(`"\\${next ?? ''}" is not a JSON escape`, i);
        i += 2;
        continue;
      }
      i++;
    }
    this.i = i + 1;
    // Through JSON.parse even without escapes: a slice would be a view into the whole text, which
    // the evaluator compares character by character; JSON.parse gives a string of its own (V8
    // internalizes the short ones), as the yaml package did.
    return JSON.parse(text.slice(start, i + 1)) as string;
  }

  private object(depth: number): { value: unknown; root: JsonNode } {
    const start = this.i;
    this.i++;
    const value: Record<string, unknown> = {};
    const keys = new Map<string, { keyOffset: number; node: JsonNode }>();
    this.space();
    if (this.text[this.i] === '}') {
      this.i++;
      return { value, root: { offset: start, keys } };
    }
    for (;;) {
      this.space();
      const keyOffset = this.i;
      if (this.text[keyOffset] !== '"') this.fail(`expected a key in double quotes, found ${describeAt(this.text, keyOffset)}`);
      const key = this.string();
      if (keys.has(key)) this.fail(`the key ${JSON.stringify(key)} appears twice in one object`, keyOffset);
      this.space();
      if (this.text[this.i] !== ':') this.fail(`expected ":" after the key, found ${describeAt(this.text, this.i)}`);
      this.i++;
      this.space();
      const item = this.value(depth);
      setOwn(value, key, item.value);
      keys.set(key, { keyOffset, node: item.root });
      this.space();
      const next = this.text[this.i];
      if (next === '}') {
        this.i++;
        return { value, root: { offset: start, keys } };
      }
      if (next !== ',') this.fail(`expected "," or "}" in the object, found ${describeAt(this.text, this.i)}`);
      this.i++;
      this.space();
      if (this.text[this.i] === '}') this.fail('a trailing comma before "}" (JSON allows none)', this.i - 1);
    }
  }

  private array(depth: number): { value: unknown; root: JsonNode } {
    const start = this.i;
    this.i++;
    const value: unknown[] = [];
    const items: JsonNode[] = [];
    this.space();
    if (this.text[this.i] === ']') {
      this.i++;
      return { value, root: { offset: start, items } };
    }
    for (;;) {
      this.space();
      if (this.text[this.i] === ',') this.fail('an empty item in an array (JSON allows none)');
      const item = this.value(depth);
      value.push(item.value);
      items.push(item.root);
      this.space();
      const next = this.text[this.i];
      if (next === ']') {
        this.i++;
        return { value, root: { offset: start, items } };
      }
      if (next !== ',') this.fail(`expected "," or "]" in the array, found ${describeAt(this.text, this.i)}`);
      this.i++;
      this.space();
      if (this.text[this.i] === ']') this.fail('a trailing comma before "]" (JSON allows none)', this.i - 1);
    }
  }
}

/** Parses strict JSON; an error says what was expected and at which offset. */
export function parseJsonText(text: string, maxDepth: number): JsonParse {
  try {
    const { value, root } = new Reader(text, maxDepth).document();
    return { ok: true, value, root };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ok: false, message: error.message, offset: error.offset };
    throw error;
  }
}
