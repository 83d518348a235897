/**
 * DynamoDB expressions (projection, condition, filter, update and key condition expressions), read
 * only as far as authorization needs: which top-level attributes they name, and which key
 * conditions a Query states.
 *
 * An expression names an attribute either directly (`Title`) or through a `#placeholder` that
 * `ExpressionAttributeNames` maps to the name, and reaches nested data with document paths
 * (`Pictures.FrontView`, `RelatedItems[0]`). `dynamodb:Attributes` lists top-level attributes, so
 * only the first element of each path counts: the one not preceded by a dot. Reserved words can
 * only appear through placeholders, so a bare word that is an expression keyword (`AND`, `SET`...)
 * is never an attribute, and a word followed by `(` is a function (`begins_with`, `size`...).
 */

import { CallError } from './from-command/model';
import { enclosedRange } from './brackets';

export type ExpressionTokenKind = 'name' | 'placeholder' | 'value' | 'number' | 'punctuation';

export interface ExpressionToken {
  readonly kind: ExpressionTokenKind;
  readonly text: string;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'between', 'in', 'set', 'remove', 'add', 'delete']);

/** Longest first, so that `<=` is not read as `<` then `=`. */
const PUNCTUATION = ['<>', '<=', '>=', '(', ')', '[', ']', ',', '.', '=', '<', '>', '+', '-'];

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

function scanWord(text: string, from: number): number {
  let end = from;
  while (end < text.length && NAME_PART.test(text.charAt(end))) end++;
  return end;
}

/** Splits an expression into tokens; `param` names the parameter in errors. */
export function tokenizeExpression(text: string, param: string): ExpressionToken[] {
  const tokens: ExpressionToken[] = [];
  let at = 0;
  while (at < text.length) {
    const ch = text.charAt(at);
    if (/\s/.test(ch)) {
      at++;
      continue;
    }
    if (ch === '#' || ch === ':') {
      const end = scanWord(text, at + 1);
      if (end === at + 1) throw new CallError(`${param}: "${ch}" at position ${at} is not followed by a name`);
      tokens.push({ kind: ch === '#' ? 'placeholder' : 'value', text: text.slice(at, end) });
      at = end;
      continue;
    }
    if (NAME_START.test(ch)) {
      const end = scanWord(text, at);
      tokens.push({ kind: 'name', text: text.slice(at, end) });
      at = end;
      continue;
    }
    if (/[0-9]/.test(ch)) {
      let end = at;
      while (end < text.length && /[0-9]/.test(text.charAt(end))) end++;
      tokens.push({ kind: 'number', text: text.slice(at, end) });
      at = end;
      continue;
    }
    const punctuation = PUNCTUATION.find((p) => text.startsWith(p, at));
    if (punctuation === undefined) {
      throw new CallError(`${param}: unexpected character "${ch}" at position ${at} in "${text}"`);
    }
    tokens.push({ kind: 'punctuation', text: punctuation });
    at += punctuation.length;
  }
  checkBrackets(tokens, text, param);
  return tokens;
}

function checkBrackets(tokens: readonly ExpressionToken[], text: string, param: string): void {
  const open: string[] = [];
  for (const token of tokens) {
    if (token.kind !== 'punctuation') continue;
    if (token.text === '(' || token.text === '[') open.push(token.text);
    if (token.text === ')' || token.text === ']') {
      const expected = token.text === ')' ? '(' : '[';
      if (open.pop() !== expected) throw new CallError(`${param}: unbalanced "${token.text}" in "${text}"`);
    }
  }
  if (open.length > 0) throw new CallError(`${param}: unclosed "${open[open.length - 1]}" in "${text}"`);
}

function isKeyword(token: ExpressionToken): boolean {
  return token.kind === 'name' && KEYWORDS.has(token.text.toLowerCase());
}

/** The attribute name a `name` or `#placeholder` token stands for. */
export function resolveName(token: ExpressionToken, names: Readonly<Record<string, string>>, param: string): string {
  if (token.kind === 'name') return token.text;
  const name = names[token.text];
  if (name === undefined) {
    throw new CallError(`${param}: ${token.text} is not defined in ExpressionAttributeNames`);
  }
  return name;
}

/** Whether the token at `i` begins a document path: a name that is no keyword, function or nested step. */
function isPathHead(tokens: readonly ExpressionToken[], i: number): boolean {
  const token = tokens[i];
  if (token === undefined || (token.kind !== 'name' && token.kind !== 'placeholder')) return false;
  if (isKeyword(token)) return false;
  const previous = tokens[i - 1];
  if (previous?.kind === 'punctuation' && previous.text === '.') return false;
  const next = tokens[i + 1];
  if (token.kind === 'name' && next?.kind === 'punctuation' && next.text === '(') return false;
  return true;
}

/**
 * The top-level attribute names an expression refers to, in order of first appearance, with
 * placeholders resolved.
 */
export function topLevelNames(expression: string, names: Readonly<Record<string, string>>, param: string): string[] {
  const tokens = tokenizeExpression(expression, param);
  const found = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    if (isPathHead(tokens, i)) found.add(resolveName(tokens[i]!, names, param));
  }
  // A set keeps the order of first appearance, and finds a repeat in constant time.
  return [...found];
}

export type KeyOperator = '=' | '<' | '<=' | '>' | '>=' | 'BETWEEN' | 'begins_with';

/** One condition of a key condition expression, e.g. `#pk = :v`. */
export interface KeyCondition {
  /** The key attribute, placeholder resolved. */
  readonly attribute: string;
  readonly operator: KeyOperator;
  /** The `:value` placeholders it compares with, in order. */
  readonly values: readonly string[];
}

const COMPARISONS = new Set(['=', '<', '<=', '>', '>=']);
const REVERSED: Record<string, KeyOperator> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function isPunctuation(token: ExpressionToken | undefined, text: string): boolean {
  return token?.kind === 'punctuation' && token.text === text;
}

function isWord(token: ExpressionToken | undefined, word: string): boolean {
  return token?.kind === 'name' && token.text.toLowerCase() === word;
}

/** Removes parentheses that enclose the whole token list, as often as they do. */
function unwrap(tokens: readonly ExpressionToken[]): readonly ExpressionToken[] {
  const [start, end] = enclosedRange(
    tokens,
    (t) => isPunctuation(t, '('),
    (t) => (isPunctuation(t, '(') ? 1 : isPunctuation(t, ')') ? -1 : 0),
  );
  return start === 0 ? tokens : tokens.slice(start, end);
}

/** Splits at top-level `AND`s, leaving the `AND` of `x BETWEEN a AND b` inside its condition. */
function splitConjuncts(tokens: readonly ExpressionToken[]): ExpressionToken[][] {
  const parts: ExpressionToken[][] = [[]];
  let depth = 0;
  let betweenOpen = false;
  for (const token of tokens) {
    if (isPunctuation(token, '(')) depth++;
    if (isPunctuation(token, ')')) depth--;
    if (depth === 0 && isWord(token, 'between')) betweenOpen = true;
    if (depth === 0 && isWord(token, 'and')) {
      if (betweenOpen) betweenOpen = false;
      else {
        parts.push([]);
        continue;
      }
    }
    (parts[parts.length - 1] as ExpressionToken[]).push(token);
  }
  return parts;
}

function isOperand(token: ExpressionToken | undefined): token is ExpressionToken {
  return token !== undefined && (token.kind === 'name' || token.kind === 'placeholder') && !isKeyword(token);
}

function readKeyCondition(
  tokens: readonly ExpressionToken[],
  names: Readonly<Record<string, string>>,
  param: string,
  source: string,
): KeyCondition {
  const [a, b, c, d, e, f] = tokens;
  const fail = (): never => {
    throw new CallError(
      `${param}: cannot read "${tokens.map((t) => t.text).join(' ')}" in "${source}" as a key condition ` +
        '(key = :v, key < :v, key BETWEEN :a AND :b or begins_with(key, :v))',
    );
  };
  if (tokens.length === 3 && b?.kind === 'punctuation' && COMPARISONS.has(b.text)) {
    if (isOperand(a) && c?.kind === 'value') {
      return { attribute: resolveName(a, names, param), operator: b.text as KeyOperator, values: [c.text] };
    }
    if (a?.kind === 'value' && isOperand(c)) {
      return { attribute: resolveName(c, names, param), operator: REVERSED[b.text] as KeyOperator, values: [a.text] };
    }
  }
  if (tokens.length === 5 && isOperand(a) && isWord(b, 'between') && c?.kind === 'value' && isWord(d, 'and') && e?.kind === 'value') {
    return { attribute: resolveName(a, names, param), operator: 'BETWEEN', values: [c.text, e.text] };
  }
  if (
    tokens.length === 6 &&
    isWord(a, 'begins_with') &&
    isPunctuation(b, '(') &&
    isOperand(c) &&
    isPunctuation(d, ',') &&
    e?.kind === 'value' &&
    isPunctuation(f, ')')
  ) {
    return { attribute: resolveName(c, names, param), operator: 'begins_with', values: [e.text] };
  }
  return fail();
}

/** The conditions of a `KeyConditionExpression`, one per key attribute it constrains. */
export function keyConditions(expression: string, names: Readonly<Record<string, string>>, param: string): KeyCondition[] {
  const tokens = unwrap(tokenizeExpression(expression, param));
  if (tokens.length === 0) throw new CallError(`${param} is empty`);
  return splitConjuncts(tokens).map((part) => readKeyCondition(unwrap(part), names, param, expression));
}
