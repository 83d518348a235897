/**
 * A fast reader for the plain subset of YAML that scenario files are written in: block mappings and
 * lists, flow `{}` and `[]` collections (JSON included), single-line plain and quoted scalars and
 * comments. It exists because the `yaml` package takes most of a second for a file of 10,000 cases,
 * and a CI gate should not.
 *
 * It never guesses. Whatever it is not certain to read exactly as the `yaml` package does (anchors,
 * tags, block scalars, multi-line scalars, tabs, duplicate keys, anything odd) makes it decline by
 * returning undefined, and the caller reads the text with the `yaml` package instead, which also
 * reports every syntax error. A test holds the two readers equal on generated documents.
 */
import { LIMITS } from './limits';
import { lineIndexAt, lineStartsOf } from './position';
import type { Position, ScalarValue, YamlMap, YamlNode, YamlPair, YamlScalar, YamlSeq } from './yaml-node';

/** Thrown inside the reader to give up on the fast path; never escapes `readYamlFast`. */
class Decline extends Error {}

const decline = (): never => {
  throw new Decline();
};

// YAML 1.2 core schema, as the `yaml` package resolves plain scalars.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const INT_OCT = /^0o[0-7]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

function resolvePlain(text: string): ScalarValue {
  const first = text.charCodeAt(0);
  // Only text starting with a digit, sign, dot, ~, n/N, t/T, f/F can be anything but a string.
  if (text === '' || ((first === 126 || first === 110 || first === 78) && NULL.test(text))) return null; // ~ n N
  if ((first >= 48 && first <= 57) || text[0] === '-' || text[0] === '+' || text[0] === '.') {
    if (INT_OCT.test(text)) return parseInt(text.slice(2), 8);
    if (INT_HEX.test(text)) return parseInt(text.slice(2), 16);
    if (INT.test(text)) return parseInt(text, 10);
    if (FLOAT_SPECIAL.test(text)) return text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? -Infinity : Infinity;
    if (FLOAT.test(text)) return parseFloat(text);
    return text;
  }
  if ((first === 116 || first === 84 || first === 102 || first === 70) && BOOL.test(text)) return first === 116 || first === 84; // t T f F
  return text;
}

/**
 * Trailing white space of a plain scalar, as YAML 1.2 defines it: spaces (and tabs, which this
 * reader leaves to the library). Not `String.prototype.trimEnd`, which also removes U+00A0,
 * U+2028, U+3000 and the like, characters that YAML keeps as part of the value.
 */
function trimSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === SPACE) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** Characters that cannot start a plain scalar (or start something this reader does not read). */
const NOT_PLAIN_START = new Set([',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);

/** Character codes that end a plain scalar in flow context (flow indicators, line break, colon, hash). */
const FLOW_STOP = new Uint8Array(128);
for (const ch of ',[]{}\n:#\t\r') FLOW_STOP[ch.charCodeAt(0)] = 1;
/** Character codes that matter in a plain block key: colon, hash, flow indicators and quotes. */
const KEY_STOP = new Uint8Array(128);
for (const ch of ',[]{}:#"\'') KEY_STOP[ch.charCodeAt(0)] = 1;
const COLON = 58;
const HASH = 35;
const SPACE = 32;

/** Whether the character after a colon makes it an indicator (space, line break, flow indicator or end). */
function endsKey(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return Number.isNaN(code) || code === SPACE || code === 10 || code === 44 || code === 91 || code === 93 || code === 123 || code === 125;
}

const DOUBLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_ESCAPE_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/**
 * Duplicate keys in a mapping. Scenario mappings have a handful of keys, where a scan is cheapest
 * (a set per mapping would be most of the garbage of a file of 10,000 cases); a set is made only
 * for a mapping that grows large, so that a long `policies:` list stays linear.
 */
class KeySet {
  private set: Set<string> | undefined;

  constructor(private readonly pairs: readonly YamlPair[]) {}

  /** Whether `key` is already in the mapping (call before adding its pair). */
  has(key: string): boolean {
    const pairs = this.pairs;
    if (this.set === undefined) {
      if (pairs.length < 16) {
        for (let i = 0; i < pairs.length; i++) if (pairs[i]!.key === key) return true;
        return false;
      }
      this.set = new Set(pairs.map((p) => p.key));
    }
    if (this.set.has(key)) return true;
    this.set.add(key);
    return false;
  }
}

/**
 * Nodes that work their position out when asked: a file of 10,000 cases has hundreds of thousands
 * of nodes and keys, and positions are read only for the few that a message or a case needs.
 */
class Located {
  constructor(
    private readonly source: FastReader,
    private readonly offset: number,
  ) {}

  get pos(): Position {
    return this.source.positionAt(this.offset);
  }
}

class FastScalar extends Located implements YamlScalar {
  readonly kind = 'scalar';
  constructor(
    source: FastReader,
    offset: number,
    readonly value: ScalarValue,
    readonly text: string,
    readonly quoted: boolean,
  ) {
    super(source, offset);
  }
}

class FastMap extends Located implements YamlMap {
  readonly kind = 'map';
  constructor(
    source: FastReader,
    offset: number,
    readonly pairs: readonly YamlPair[],
  ) {
    super(source, offset);
  }
}

class FastSeq extends Located implements YamlSeq {
  readonly kind = 'seq';
  constructor(
    source: FastReader,
    offset: number,
    readonly items: readonly YamlNode[],
  ) {
    super(source, offset);
  }
}

class FastPair implements YamlPair {
  constructor(
    private readonly source: FastReader,
    private readonly keyOffset: number,
    readonly key: string,
    readonly value: YamlNode,
  ) {}

  get keyPos(): Position {
    return this.source.positionAt(this.keyOffset);
  }
}

class FastReader {
  /** Per line: the offset of its first character (`lineStartsOf`). */
  private readonly lineStarts: Int32Array;
  /** Per line: the offset of its first character that is not a space. */
  private readonly contentStarts: Int32Array;
  /** The current line, in block context. */
  private line = 0;
  private depth = 0;

  constructor(private readonly text: string) {
    const starts = lineStartsOf(text);
    const contents = new Int32Array(starts.length);
    for (let line = 0; line < starts.length; line++) {
      let i = starts[line]!;
      while (text.charCodeAt(i) === SPACE) i++;
      contents[line] = i;
    }
    this.lineStarts = starts;
    this.contentStarts = contents;
  }

  read(): YamlNode {
    this.skipBlank();
    if (this.line >= this.lineStarts.length) decline();
    const start = this.contentStart(this.line);
    if (start !== this.lineStarts[this.line]) decline(); // an indented root: rare, leave it to the library
    const c = this.text[start];
    let root: YamlNode;
    if (c === '{' || c === '[') {
      const flow = this.flowNode(start, -1);
      this.line = this.lineOf(flow.end);
      this.endOfLine(flow.end);
      root = flow.node;
    } else {
      root = this.blockNode(0, start);
    }
    this.skipBlank();
    if (this.line < this.lineStarts.length) decline();
    return root;
  }

  // --- positions and lines -------------------------------------------------------------------------

  private lineEnd(line: number): number {
    const next = this.lineStarts[line + 1];
    return next === undefined ? this.text.length : next - 1;
  }

  private contentStart(line: number): number {
    return this.contentStarts[line]!;
  }

  private indent(line: number): number {
    return this.contentStart(line) - this.lineStarts[line]!;
  }

  private lineOf(offset: number): number {
    const starts = this.lineStarts;
    // Most offsets asked about are on the line being read: answer those without a search.
    const current = this.line;
    if (current < starts.length && starts[current]! <= offset && (current + 1 === starts.length || offset < starts[current + 1]!)) {
      return current;
    }
    return lineIndexAt(starts, offset);
  }

  /** The 1-based line and column of an offset. */
  positionAt(offset: number): Position {
    const line = this.lineOf(offset);
    return { line: line + 1, column: offset - this.lineStarts[line]! + 1 };
  }

  /** Moves `line` past blank and comment-only lines. */
  private skipBlank(): void {
    while (this.line < this.lineStarts.length) {
      const start = this.contentStart(this.line);
      if (start < this.lineEnd(this.line) && this.text[start] !== '#') return;
      this.line++;
    }
  }

  /** The rest of the line from `offset` must be blank or a comment; then moves to the next line. */
  private endOfLine(offset: number): void {
    const line = this.lineOf(offset);
    const end = this.lineEnd(line);
    let i = offset;
    while (i < end && this.text[i] === ' ') i++;
    if (i < end && !(this.text[i] === '#' && (i === offset ? i > 0 && this.text[i - 1] === ' ' : true))) decline();
    this.line = line + 1;
  }

  // --- block context -------------------------------------------------------------------------------

  /** A block collection whose first line starts (after `indent` spaces) at `start`. */
  private blockNode(indent: number, start: number): YamlNode {
    this.enter();
    try {
      if (this.isSequenceItem(start)) return this.blockSequence(indent);
      if (this.mappingColon(start) >= 0) return this.blockMapping(indent, start);
      return decline();
    } finally {
      this.depth--;
    }
  }

  /** One level deeper; past the depth limit the library (behind its own guard) reports it. */
  private enter(): void {
    if (++this.depth > LIMITS.maxDepth) decline();
  }

  private isSequenceItem(offset: number): boolean {
    if (this.text[offset] !== '-') return false;
    const next = this.text[offset + 1];
    return next === undefined || next === ' ' || next === '\n';
  }

  /**
   * If the line from `offset` is `key: ...`, the offset of the colon; otherwise -1. Keys are plain
   * (no flow indicators, quotes or comment) or quoted on one line.
   */
  private mappingColon(offset: number): number {
    const text = this.text;
    const end = this.lineEnd(this.line); // keys are always read on the current line
    const c = text[offset];
    if (c === '"' || c === "'") {
      const close = this.quotedEnd(offset, end);
      if (close < 0) return -1;
      let i = close;
      while (i < end && text.charCodeAt(i) === SPACE) i++;
      return text.charCodeAt(i) === COLON && (i + 1 === end || text.charCodeAt(i + 1) === SPACE) ? i : -1;
    }
    if (c === undefined || NOT_PLAIN_START.has(c) || c === '-' || c === '?' || c === ':') {
      // `-x`, `?x` and `:x` are plain in YAML, but rare enough in keys to leave to the library.
      return -1;
    }
    for (let i = offset; i < end; i++) {
      const code = text.charCodeAt(i);
      if (code >= 128 || KEY_STOP[code] === 0) continue;
      if (code === COLON) {
        if (i + 1 === end || text.charCodeAt(i + 1) === SPACE) return i;
      } else if (code === HASH) {
        if (text.charCodeAt(i - 1) === SPACE) return -1;
      } else return -1; // a flow indicator or a quote in a key: the library's business
    }
    return -1;
  }

  private blockMapping(indent: number, firstKey: number): YamlMap {
    const pairs: YamlPair[] = [];
    const keys = new KeySet(pairs);
    let keyStart = firstKey;
    for (;;) {
      const colon = this.mappingColon(keyStart);
      if (colon < 0) decline();
      const key = this.keyText(keyStart, colon);
      if (key.length > 1000 || keys.has(key)) decline(); // long implicit keys and duplicates are errors
      const value = this.inlineValue(colon + 1, indent, true);
      pairs.push(new FastPair(this, keyStart, key, value));
      this.skipBlank();
      if (this.line >= this.lineStarts.length) break;
      const next = this.indent(this.line);
      if (next < indent) break;
      if (next > indent) decline();
      keyStart = this.contentStart(this.line);
    }
    return new FastMap(this, firstKey, pairs);
  }

  private keyText(start: number, colon: number): string {
    const c = this.text[start];
    if (c === '"' || c === "'") return this.quoted(start, this.lineEnd(this.lineOf(start))).value;
    return trimSpaces(this.text.slice(start, colon));
  }

  private blockSequence(indent: number): YamlSeq {
    const items: YamlNode[] = [];
    const first = this.contentStart(this.line);
    for (;;) {
      const dash = this.contentStart(this.line);
      let content = dash + 1;
      const end = this.lineEnd(this.line);
      while (content < end && this.text[content] === ' ') content++;
      if (content < end && this.text[content] !== '#') {
        if (this.isSequenceItem(content)) decline(); // `- - x`: rare
        if (this.mappingColon(content) >= 0) {
          items.push(this.blockMapping(content - this.lineStarts[this.line]!, content));
        } else {
          items.push(this.inlineValue(dash + 1, indent, false));
        }
      } else {
        items.push(this.inlineValue(dash + 1, indent, false));
      }
      this.skipBlank();
      if (this.line >= this.lineStarts.length) break;
      const next = this.indent(this.line);
      if (next < indent) break;
      if (next > indent) decline();
      if (!this.isSequenceItem(this.contentStart(this.line))) break; // a key of the enclosing mapping
    }
    return new FastSeq(this, first, items);
  }

  /**
   * The value after `key:` or `- ` at `offset`, on the same line or (when the line ends there) the
   * block below it. `indent` is that of the mapping or list the value belongs to.
   */
  private inlineValue(offset: number, indent: number, ofMapping: boolean): YamlNode {
    const text = this.text;
    const end = this.lineEnd(this.line);
    let i = offset;
    while (i < end && text[i] === ' ') i++;
    if (i === end || (text[i] === '#' && i > offset)) {
      const emptyAt = i; // where the library puts an empty value: after the spaces
      this.line++;
      this.skipBlank();
      if (this.line < this.lineStarts.length) {
        const next = this.indent(this.line);
        const start = this.contentStart(this.line);
        if (next > indent) return this.blockNode(next, start);
        // A list may sit at the same indentation as the key that holds it.
        if (ofMapping && next === indent && this.isSequenceItem(start)) return this.blockSequence(indent);
      }
      return new FastScalar(this, emptyAt, null, '', false);
    }
    if (i === offset && text[i] !== undefined) decline(); // `key:value` is not a pair
    const c = text[i]!;
    if (c === '{' || c === '[') {
      const flow = this.flowNode(i, indent);
      this.endOfLine(flow.end);
      return flow.node;
    }
    if (c === '"' || c === "'") {
      const scalar = this.quoted(i, end);
      this.endOfLine(scalar.end);
      return scalar.node;
    }
    if (NOT_PLAIN_START.has(c) || ((c === '-' || c === '?' || c === ':') && (i + 1 === end || text[i + 1] === ' '))) decline();
    let stop = end;
    for (let j = i; j < end; j++) {
      const code = text.charCodeAt(j);
      if (code === HASH && text.charCodeAt(j - 1) === SPACE) {
        stop = j;
        break;
      }
      if (code === COLON && (j + 1 === end || text.charCodeAt(j + 1) === SPACE)) decline(); // `a: b: c`
    }
    const raw = trimSpaces(text.slice(i, stop));
    this.line++;
    return this.plainNode(raw, i);
  }

  private plainNode(raw: string, offset: number): YamlScalar {
    return new FastScalar(this, offset, resolvePlain(raw), raw, false);
  }

  // --- scalars ---------------------------------------------------------------------------------------

  /** Offset just past the closing quote of the scalar at `start`, if it closes before `end`; else -1. */
  private quotedEnd(start: number, end: number): number {
    const q = this.text[start];
    for (let i = start + 1; i < end; i++) {
      const ch = this.text[i];
      if (q === '"' && ch === '\\') {
        i++;
        continue;
      }
      if (ch === q) {
        if (q === "'" && this.text[i + 1] === "'") {
          i++;
          continue;
        }
        return i + 1;
      }
    }
    return -1;
  }

  /** A quoted scalar on one line (a line break inside quotes folds, which the library handles). */
  private quoted(start: number, end: number): { node: YamlScalar; end: number; value: string } {
    const text = this.text;
    const close = this.quotedEnd(start, end);
    if (close < 0) decline();
    let value = '';
    if (text[start] === "'") {
      value = text.slice(start + 1, close - 1).replaceAll("''", "'");
    } else {
      let i = start + 1;
      let run = i;
      const last = close - 1;
      while (i < last) {
        if (text[i] !== '\\') {
          i++;
          continue;
        }
        value += text.slice(run, i);
        const code = text[i + 1]!;
        const simple = DOUBLE_ESCAPES[code];
        if (simple !== undefined) {
          value += simple;
          i += 2;
        } else {
          const length = HEX_ESCAPE_LENGTH[code];
          if (length === undefined) decline();
          const hex = text.slice(i + 2, i + 2 + length!);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) decline();
          const point = parseInt(hex, 16);
          if (point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)) decline();
          value += String.fromCodePoint(point);
          i += 2 + length!;
        }
        run = i;
      }
      value += text.slice(run, last);
    }
    if (/[\t\r]/.test(text.slice(start, close))) decline();
    return { node: new FastScalar(this, start, value, value, true), end: close, value };
  }

  // --- flow context ----------------------------------------------------------------------------------

  /**
   * Skips spaces, line breaks and comments inside a flow collection. Lines it continues onto must be
   * indented deeper than the block that holds the collection.
   */
  private skipFlowSpace(offset: number, blockIndent: number): number {
    const text = this.text;
    let i = offset;
    for (;;) {
      const ch = text[i];
      if (ch === ' ') i++;
      else if (ch === '\n') {
        i++;
        let indent = 0;
        while (text[i] === ' ') {
          i++;
          indent++;
        }
        // Comment lines too: the library wants every line of the collection indented.
        if (text[i] !== '\n' && i < text.length && indent <= blockIndent) decline();
      } else if (ch === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\n')) {
        while (i < text.length && text[i] !== '\n') i++;
      } else if (ch === '\t' || ch === '\r') return decline();
      else return i;
    }
  }

  private flowNode(start: number, blockIndent: number): { node: YamlNode; end: number } {
    const c = this.text[start];
    if (c === '{' || c === '[') {
      this.enter();
      try {
        return c === '{' ? this.flowMapping(start, blockIndent) : this.flowSequence(start, blockIndent);
      } finally {
        this.depth--;
      }
    }
    if (c === '"' || c === "'") {
      const scalar = this.quoted(start, this.lineEnd(this.lineOf(start)));
      return { node: scalar.node, end: scalar.end };
    }
    return this.flowPlain(start);
  }

  private flowPlain(start: number): { node: YamlScalar; end: number } {
    const text = this.text;
    const c = text[start];
    if (c === undefined || NOT_PLAIN_START.has(c) || c === '\n') decline();
    if ((c === '-' || c === '?' || c === ':') && endsKey(text, start + 1)) decline();
    let i = start;
    for (; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 128 || FLOW_STOP[code] === 0) continue;
      if (code === HASH) {
        if (text.charCodeAt(i - 1) === SPACE) break;
        continue;
      }
      if (code === COLON) {
        if (endsKey(text, i + 1)) break;
        continue;
      }
      if (code === 9 || code === 13) decline();
      break; // a flow indicator or a line break
    }
    const raw = trimSpaces(text.slice(start, i));
    // A plain scalar that goes on after a line break folds into one value: the library's business.
    if (text[i] === '\n') {
      const next = this.skipFlowSpace(i, -1);
      const ch = text[next];
      if (ch !== ',' && ch !== ']' && ch !== '}') decline();
    }
    return { node: this.plainNode(raw, start), end: start + raw.length };
  }

  private flowMapping(start: number, blockIndent: number): { node: YamlMap; end: number } {
    const text = this.text;
    const pairs: YamlPair[] = [];
    const keys = new KeySet(pairs);
    let i = this.skipFlowSpace(start + 1, blockIndent);
    if (text[i] === '}') return { node: new FastMap(this, start, pairs), end: i + 1 };
    for (;;) {
      const keyStart = i;
      const c = text[i];
      if (c === '{' || c === '[' || c === '}' || c === ',' || c === undefined) decline();
      const keyNode = this.flowNode(i, blockIndent);
      const keyScalar = keyNode.node as YamlScalar;
      i = keyNode.end;
      // Only spaces between a key and its colon: a key on one line.
      while (text[i] === ' ') i++;
      if (text[i] !== ':') decline();
      if (!keyScalar.quoted && !endsKey(text, i + 1)) decline();
      const key = keyScalar.text;
      if (key.length > 1000 || keys.has(key)) decline();
      i = this.skipFlowSpace(i + 1, blockIndent);
      if (text[i] === ',' || text[i] === '}') decline(); // a key without a value
      const value = this.flowNode(i, blockIndent);
      pairs.push(new FastPair(this, keyStart, key, value.node));
      i = this.skipFlowSpace(value.end, blockIndent);
      if (text[i] === '}') return { node: new FastMap(this, start, pairs), end: i + 1 };
      if (text[i] !== ',') decline();
      i = this.skipFlowSpace(i + 1, blockIndent);
      if (text[i] === '}') decline(); // a trailing comma
    }
  }

  private flowSequence(start: number, blockIndent: number): { node: YamlSeq; end: number } {
    const text = this.text;
    const items: YamlNode[] = [];
    let i = this.skipFlowSpace(start + 1, blockIndent);
    if (text[i] === ']') return { node: new FastSeq(this, start, items), end: i + 1 };
    for (;;) {
      if (text[i] === ',' || text[i] === ']' || text[i] === undefined) decline();
      const item = this.flowNode(i, blockIndent);
      items.push(item.node);
      i = this.skipFlowSpace(item.end, blockIndent);
      if (text[i] === ']') return { node: new FastSeq(this, start, items), end: i + 1 };
      if (text[i] !== ',') decline(); // includes `[a: b]`, a pair inside a list
      i = this.skipFlowSpace(i + 1, blockIndent);
      if (text[i] === ']') decline();
    }
  }
}

// Byte-order marks, tabs, lone carriage returns, control characters other than the line feed,
// characters that YAML 1.1 took for line breaks, document markers and directives are left to the
// library wholesale (anchors, aliases and tags are declined where they stand).
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const LEFT_TO_LIBRARY = /[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029\ufeff]|\r(?!\n)|^(?:---|\.\.\.|%)/m;
/** Anything but printable ASCII and the line feed: text without any is spared the slower test above. */
const NOT_PLAIN_ASCII = /[^\n\x20-\x7e]/;
/** A document marker or directive at the start of a line other than the first. */
const MARKER_AFTER_LINE_FEED = /\n(?:---|\.\.\.|%)/;

/**
 * Whether the text has something the fast reader leaves to the library wholesale. Most scenario
 * files are printable ASCII, where no character of LEFT_TO_LIBRARY's class can occur and `^` can
 * only follow a line feed: two simpler searches then say the same, in about three quarters of the
 * time (a test holds the two ways to the same answers).
 */
export function isLeftToLibrary(text: string): boolean {
  if (NOT_PLAIN_ASCII.test(text)) return LEFT_TO_LIBRARY.test(text);
  return text.startsWith('---') || text.startsWith('...') || text.startsWith('%') || MARKER_AFTER_LINE_FEED.test(text);
}

/**
 * The tree of `text` if it is in the subset this reader knows; undefined otherwise (and for every
 * error), so that the caller falls back to the `yaml` package.
 */
export function readYamlFast(text: string): YamlNode | undefined {
  if (isLeftToLibrary(text)) return undefined;
  // CRLF line ends take the fast path too: the reader reads single-line scalars only, so a CR before
  // each LF is nothing but the line end, and removing it changes no line or column of any content.
  const lf = text.includes('\r') ? text.replace(/\r\n/g, '\n') : text;
  try {
    return new FastReader(lf).read();
  } catch (error) {
    if (error instanceof Decline) return undefined;
    if (error instanceof RangeError) return undefined; // e.g. a bad code point
    throw error;
  }
}
