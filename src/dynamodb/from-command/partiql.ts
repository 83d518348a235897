/**
 * PartiQL calls (ExecuteStatement, BatchExecuteStatement, ExecuteTransaction): each statement is
 * authorized as `dynamodb:PartiQLSelect`, `PartiQLInsert`, `PartiQLUpdate` or `PartiQLDelete` on
 * the table, or for a SELECT from `"Table"."Index"` on the index (DynamoDB guide, "IAM security
 * policies with PartiQL for DynamoDB"). Statements of an ExecuteTransaction carry
 * `dynamodb:EnclosingOperation = ExecuteTransaction`; a SELECT carries `dynamodb:FullTableScan`.
 *
 * Only as much of PartiQL is read as authorization needs: the verb, the target, the names used,
 * the partition-key values the WHERE clause (or the inserted tuple) pins down, and RETURNING.
 *
 * `dynamodb:FullTableScan` is "true" when the WHERE clause does not restrict the partition key to
 * literal values (`pk = v`, `pk IN [v, ...]`, or an OR of such), which is what makes DynamoDB scan
 * instead of query; it is set to "false" otherwise rather than left out, so that `Bool` and `Null`
 * conditions on it both see a value. Which one AWS does when it does not scan is not documented.
 */

import { isRecord, optionalArray, requiredArray, requiredString, type InputRecord } from './input';
import { CallError, type AuthorizationRequest, type CallScope } from './model';
import { contextOf, defaultSelect, unique } from './items';
import { indexArnOf, keySchemaHint, resolveTable, targetKeySchema, type TableTarget } from './target';
import { keyValueText } from './values';
import { enclosedRange } from '../brackets';
import { ownValue } from '../../util/own-keys';

type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'parameter' | 'punctuation';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** For `?`: its position among the statement's parameters. */
  readonly parameter?: number;
}

const PUNCTUATION = [
  '<<',
  '>>',
  '<>',
  '!=',
  '<=',
  '>=',
  '||',
  '.',
  ',',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ':',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
];

/** Words of the statement forms read here; PartiQL requires reserved words used as names to be quoted. */
const KEYWORDS = new Set(
  (
    'select from where insert into value update set remove delete returning all modified old new and ' +
    'or not in between is missing null true false exists order by asc desc'
  ).split(' '),
);

function readQuoted(text: string, from: number, quote: string, where: string): [string, number] {
  let out = '';
  let at = from + 1;
  for (;;) {
    const end = text.indexOf(quote, at);
    if (end < 0) throw new CallError(`${where}: unterminated ${quote} in the statement`);
    out += text.slice(at, end);
    if (text.charAt(end + 1) !== quote) return [out, end + 1];
    out += quote; // a doubled quote stands for itself
    at = end + 2;
  }
}

/** Sticky: they match at `lastIndex`, so that reading a token does not copy the rest of the text. */
const NUMBER = /(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;
const WORD = /[A-Za-z_][A-Za-z0-9_$]*/y;

function tokenize(text: string, where: string): Token[] {
  const tokens: Token[] = [];
  let parameters = 0;
  let at = 0;
  while (at < text.length) {
    const ch = text.charAt(at);
    if (/\s/.test(ch)) {
      at++;
    } else if (text.startsWith('--', at)) {
      const end = text.indexOf('\n', at);
      at = end < 0 ? text.length : end + 1;
    } else if (text.startsWith('/*', at)) {
      const end = text.indexOf('*/', at + 2);
      if (end < 0) throw new CallError(`${where}: unterminated comment in the statement`);
      at = end + 2;
    } else if (ch === '"' || ch === "'") {
      const [value, next] = readQuoted(text, at, ch, where);
      tokens.push({ kind: ch === '"' ? 'quoted' : 'string', text: value });
      at = next;
    } else if (ch === '?') {
      tokens.push({ kind: 'parameter', text: '?', parameter: parameters++ });
      at++;
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text.charAt(at + 1)))) {
      NUMBER.lastIndex = at;
      const match = NUMBER.exec(text) as RegExpExecArray;
      tokens.push({ kind: 'number', text: match[0] });
      at += match[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      WORD.lastIndex = at;
      const match = WORD.exec(text) as RegExpExecArray;
      tokens.push({ kind: 'word', text: match[0] });
      at += match[0].length;
    } else {
      const punctuation = PUNCTUATION.find((p) => text.startsWith(p, at));
      if (punctuation === undefined) throw new CallError(`${where}: unexpected character "${ch}" in the statement`);
      tokens.push({ kind: 'punctuation', text: punctuation });
      at += punctuation.length;
    }
  }
  return tokens;
}

const OPENERS = new Set(['(', '[', '{', '<<']);
const CLOSERS = new Set([')', ']', '}', '>>']);

function isWord(token: Token | undefined, word: string): boolean {
  return token?.kind === 'word' && token.text.toLowerCase() === word;
}

function isPunctuation(token: Token | undefined, text: string): boolean {
  return token?.kind === 'punctuation' && token.text === text;
}

function depthChange(token: Token): number {
  if (token.kind !== 'punctuation') return 0;
  if (OPENERS.has(token.text)) return 1;
  if (CLOSERS.has(token.text)) return -1;
  return 0;
}

/** The index of the first top-level token from `from` for which `test` holds, or `tokens.length`. */
function findTopLevel(tokens: readonly Token[], from: number, test: (t: Token) => boolean): number {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (depth === 0 && test(token)) return i;
    depth += depthChange(token);
  }
  return tokens.length;
}

/** Splits at top-level occurrences of `word`; for AND, the AND of a BETWEEN stays in its part. */
function splitTopLevel(tokens: readonly Token[], word: 'and' | 'or'): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  let betweenOpen = false;
  for (const token of tokens) {
    if (depth === 0 && isWord(token, 'between')) betweenOpen = true;
    if (depth === 0 && isWord(token, word)) {
      if (word === 'and' && betweenOpen) betweenOpen = false;
      else {
        parts.push([]);
        continue;
      }
    }
    depth += depthChange(token);
    (parts[parts.length - 1] as Token[]).push(token);
  }
  return parts;
}

/** Removes parentheses around the whole token list, as often as there are. */
function unwrap(tokens: readonly Token[]): readonly Token[] {
  const [start, end] = enclosedRange(tokens, (t) => isPunctuation(t, '('), depthChange);
  return start === 0 ? tokens : tokens.slice(start, end);
}

/** Whether the token at `i` is the first step of a document path (an attribute name). */
function isPathHead(tokens: readonly Token[], i: number): boolean {
  const token = tokens[i] as Token;
  if (isPunctuation(tokens[i - 1], '.')) return false;
  if (token.kind === 'quoted') return true;
  if (token.kind !== 'word' || KEYWORDS.has(token.text.toLowerCase())) return false;
  return !isPunctuation(tokens[i + 1], '('); // a function call
}

function pathHeads(tokens: readonly Token[]): string[] {
  return unique(tokens.filter((_, i) => isPathHead(tokens, i)).map((t) => t.text));
}

function isName(token: Token | undefined, name: string): boolean {
  return (token?.kind === 'word' || token?.kind === 'quoted') && token.text === name;
}

interface StatementScope {
  readonly where: string;
  readonly parameters: readonly unknown[];
}

/** A literal or parameter as key text, or undefined for anything else (a path, an expression). */
function literalText(tokens: readonly Token[], scope: StatementScope): string | undefined {
  const [first, second] = tokens;
  if (tokens.length === 2 && isPunctuation(first, '-') && second?.kind === 'number') return `-${second.text}`;
  if (tokens.length !== 1 || first === undefined) return undefined;
  if (first.kind === 'string' || first.kind === 'number') return first.text;
  if (first.kind === 'parameter') {
    const index = first.parameter as number;
    if (index >= scope.parameters.length) {
      throw new CallError(`${scope.where}: the statement has more ? than Parameters has values`);
    }
    return keyValueText(scope.parameters[index], `${scope.where}: Parameters[${index}]`);
  }
  return undefined;
}

/** Values of a `[v, ...]` or `(v, ...)` list, or undefined if any member is not a literal. */
function listValues(tokens: readonly Token[], scope: StatementScope): string[] | undefined {
  const open = tokens[0];
  const close = tokens[tokens.length - 1];
  const bracketed = (isPunctuation(open, '[') && isPunctuation(close, ']')) || (isPunctuation(open, '(') && isPunctuation(close, ')'));
  if (!bracketed || tokens.length < 3) return undefined;
  const values = splitByComma(tokens.slice(1, -1)).map((m) => literalText(m, scope));
  return values.every((v): v is string => v !== undefined) ? values : undefined;
}

/**
 * The partition-key values a WHERE condition restricts every row to, or undefined when it does not
 * (the statement then reads the whole table).
 */
function partitionValues(tokens: readonly Token[], key: string, scope: StatementScope): string[] | undefined {
  const condition = unwrap(tokens);
  const branches = splitTopLevel(condition, 'or');
  if (branches.length > 1) {
    const sets = branches.map((b) => partitionValues(b, key, scope));
    return sets.every((s): s is string[] => s !== undefined) ? unique(...sets) : undefined;
  }
  const conjuncts = splitTopLevel(condition, 'and');
  if (conjuncts.length > 1) {
    for (const conjunct of conjuncts) {
      const values = partitionValues(conjunct, key, scope);
      if (values !== undefined) return values;
    }
    return undefined;
  }
  if (condition.length !== tokens.length) return partitionValues(condition, key, scope);
  const equalsAt = findTopLevel(condition, 0, (t) => isPunctuation(t, '='));
  if (equalsAt < condition.length) {
    const left = condition.slice(0, equalsAt);
    const right = condition.slice(equalsAt + 1);
    if (left.length === 1 && isName(left[0], key)) return wrapOne(literalText(right, scope));
    if (right.length === 1 && isName(right[0], key)) return wrapOne(literalText(left, scope));
    return undefined;
  }
  const [first, second] = condition;
  if (isName(first, key) && isWord(second, 'in')) return listValues(condition.slice(2), scope);
  return undefined;
}

function wrapOne(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : [value];
}

/** Without a key schema: the attribute of a WHERE made of one equality, which must be the key. */
function soleEqualityName(tokens: readonly Token[]): string | undefined {
  const condition = unwrap(tokens);
  if (splitTopLevel(condition, 'or').length > 1 || splitTopLevel(condition, 'and').length > 1) return undefined;
  const [first, second] = condition;
  const named = first?.kind === 'word' || first?.kind === 'quoted';
  return named && isPunctuation(second, '=') && condition.length >= 3 ? (first as Token).text : undefined;
}

interface Target {
  readonly table: TableTarget;
  readonly index?: string;
  /** Index of the first token after the target. */
  readonly next: number;
}

function readTarget(tokens: readonly Token[], at: number, scope: StatementScope, options: CallScope['options']): Target {
  const first = tokens[at];
  if (first === undefined || (first.kind !== 'quoted' && first.kind !== 'word')) {
    throw new CallError(`${scope.where}: expected a table name after position ${at} of the statement`);
  }
  const table = resolveTable(first.text, scope.where, options);
  const indexToken = tokens[at + 2];
  if (isPunctuation(tokens[at + 1], '.') && (indexToken?.kind === 'quoted' || indexToken?.kind === 'word')) {
    return { table, index: indexToken.text, next: at + 3 };
  }
  return { table, next: at + 1 };
}

function expectWord(tokens: readonly Token[], at: number, word: string, scope: StatementScope): void {
  if (!isWord(tokens[at], word)) throw new CallError(`${scope.where}: expected ${word.toUpperCase()} in the statement`);
}

const RETURNING: Readonly<Record<string, string>> = {
  'all old': 'ALL_OLD',
  'modified old': 'UPDATED_OLD',
  'all new': 'ALL_NEW',
  'modified new': 'UPDATED_NEW',
};

/** `RETURNING ALL OLD *` and the like, as the ReturnValues value it amounts to. */
function returningValue(tokens: readonly Token[], at: number, scope: StatementScope): string {
  if (at >= tokens.length) return 'NONE';
  expectWord(tokens, at, 'returning', scope);
  const spec = tokens
    .slice(at + 1, at + 3)
    .map((t) => t.text.toLowerCase())
    .join(' ');
  const value = ownValue(RETURNING, spec);
  if (value === undefined || !isPunctuation(tokens[at + 3], '*') || tokens.length !== at + 4) {
    throw new CallError(`${scope.where}: RETURNING must be ALL|MODIFIED OLD|NEW *`);
  }
  return value;
}

/** The partition key of the target, from the schema or, failing that, from a sole equality. */
function partitionKeyOf(target: Target, fallback: string | undefined, scope: StatementScope, options: CallScope['options']): string {
  const known = targetKeySchema(target.table, target.index, options)?.partitionKey;
  if (known !== undefined) return known;
  if (fallback !== undefined) return fallback;
  throw new CallError(`${scope.where}: cannot tell the partition key; ${keySchemaHint(target.table, target.index)}`);
}

function resourceOf(target: Target, scope: StatementScope): string {
  return target.index === undefined ? target.table.arn : indexArnOf(target.table, target.index, scope.where);
}

interface StatementRequest {
  readonly action: string;
  readonly resource: string;
  readonly context: AuthorizationRequest['context'];
}

function selectRequest(tokens: readonly Token[], scope: StatementScope, options: CallScope['options']): StatementRequest {
  const fromAt = findTopLevel(tokens, 1, (t) => isWord(t, 'from'));
  if (fromAt === tokens.length) throw new CallError(`${scope.where}: SELECT without FROM`);
  const projection = tokens.slice(1, fromAt);
  const target = readTarget(tokens, fromAt + 1, scope, options);
  let condition: Token[] = [];
  if (isWord(tokens[target.next], 'where')) {
    const end = findTopLevel(tokens, target.next + 1, (t) => isWord(t, 'order'));
    condition = tokens.slice(target.next + 1, end);
  } else if (target.next < tokens.length && !isWord(tokens[target.next], 'order')) {
    throw new CallError(`${scope.where}: unexpected "${(tokens[target.next] as Token).text}" after the SELECT target`);
  }
  const all = projection.length === 1 && isPunctuation(projection[0], '*');
  const values = condition.length === 0 ? undefined : partitionValues(condition, partitionKeyOf(target, undefined, scope, options), scope);
  return {
    action: 'dynamodb:PartiQLSelect',
    resource: resourceOf(target, scope),
    context: contextOf([
      ['dynamodb:LeadingKeys', values],
      ['dynamodb:Attributes', unique(all ? [] : pathHeads(projection), pathHeads(condition))],
      ['dynamodb:Select', defaultSelect(!all, target.index !== undefined)],
      ['dynamodb:FullTableScan', values === undefined ? 'true' : 'false'],
    ]),
  };
}

/** The `'name': value` members of an INSERT's tuple. */
function tupleMembers(tokens: readonly Token[], scope: StatementScope): [string, Token[]][] {
  if (tokens.length === 0) return [];
  return splitByComma(tokens).map((part) => {
    const [name, colon] = part;
    if ((name?.kind !== 'string' && name?.kind !== 'quoted') || !isPunctuation(colon, ':')) {
      throw new CallError(`${scope.where}: cannot read the inserted tuple member "${part.map((t) => t.text).join(' ')}"`);
    }
    return [name.text, part.slice(2)];
  });
}

function splitByComma(tokens: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (depth === 0 && isPunctuation(token, ',')) {
      parts.push([]);
      continue;
    }
    depth += depthChange(token);
    (parts[parts.length - 1] as Token[]).push(token);
  }
  return parts;
}

function insertRequest(tokens: readonly Token[], scope: StatementScope, options: CallScope['options']): StatementRequest {
  expectWord(tokens, 1, 'into', scope);
  const target = readTarget(tokens, 2, scope, options);
  if (target.index !== undefined) throw new CallError(`${scope.where}: INSERT goes into a table, not an index`);
  expectWord(tokens, target.next, 'value', scope);
  const open = target.next + 1;
  if (!isPunctuation(tokens[open], '{') || !isPunctuation(tokens[tokens.length - 1], '}')) {
    throw new CallError(`${scope.where}: INSERT ... VALUE must be followed by one {...} tuple`);
  }
  const members = tupleMembers(tokens.slice(open + 1, -1), scope);
  const names = members.map(([name]) => name);
  const key = partitionKeyOf(target, names.length === 1 ? names[0] : undefined, scope, options);
  const keyMember = members.find(([name]) => name === key);
  if (keyMember === undefined) throw new CallError(`${scope.where}: the inserted item has no partition key "${key}"`);
  const value = literalText(keyMember[1], scope);
  if (value === undefined) throw new CallError(`${scope.where}: the partition key "${key}" is not given a literal or ? value`);
  return {
    action: 'dynamodb:PartiQLInsert',
    resource: target.table.arn,
    context: contextOf([
      ['dynamodb:LeadingKeys', [value]],
      ['dynamodb:Attributes', unique(names)],
    ]),
  };
}

/** UPDATE and DELETE: one item, which the WHERE clause must pin down by its key. */
function singleItemStatement(
  verb: 'update' | 'delete',
  tokens: readonly Token[],
  scope: StatementScope,
  options: CallScope['options'],
): StatementRequest {
  if (verb === 'delete') expectWord(tokens, 1, 'from', scope);
  const target = readTarget(tokens, verb === 'delete' ? 2 : 1, scope, options);
  if (target.index !== undefined) throw new CallError(`${scope.where}: ${verb.toUpperCase()} acts on a table, not an index`);
  const whereAt = findTopLevel(tokens, target.next, (t) => isWord(t, 'where'));
  if (whereAt === tokens.length) throw new CallError(`${scope.where}: ${verb.toUpperCase()} needs a WHERE clause naming the key`);
  const clauses = tokens.slice(target.next, whereAt);
  if (verb === 'delete' && clauses.length > 0) throw new CallError(`${scope.where}: unexpected tokens before WHERE`);
  const returningAt = findTopLevel(tokens, whereAt + 1, (t) => isWord(t, 'returning'));
  const condition = tokens.slice(whereAt + 1, returningAt);
  const key = partitionKeyOf(target, soleEqualityName(condition), scope, options);
  const values = partitionValues(condition, key, scope);
  if (values === undefined) throw new CallError(`${scope.where}: the WHERE clause does not give the partition key "${key}"`);
  return {
    action: verb === 'update' ? 'dynamodb:PartiQLUpdate' : 'dynamodb:PartiQLDelete',
    resource: target.table.arn,
    context: contextOf([
      ['dynamodb:LeadingKeys', values],
      ['dynamodb:Attributes', unique(pathHeads(clauses), pathHeads(condition))],
      ['dynamodb:ReturnValues', returningValue(tokens, returningAt, scope)],
    ]),
  };
}

function statementRequest(statement: string, scope: StatementScope, options: CallScope['options']): StatementRequest {
  const tokens = tokenize(statement, scope.where);
  const verb = tokens[0]?.kind === 'word' ? tokens[0].text.toLowerCase() : '';
  if (verb === 'select') return selectRequest(tokens, scope, options);
  if (verb === 'insert') return insertRequest(tokens, scope, options);
  if (verb === 'update' || verb === 'delete') return singleItemStatement(verb, tokens, scope, options);
  throw new CallError(`${scope.where}: only SELECT, INSERT, UPDATE and DELETE statements are supported`);
}

/** One statement with its parameters, e.g. `Statements[1]`. */
function statementOf(entry: InputRecord, origin: string, scope: CallScope, enclosing: string | undefined): AuthorizationRequest {
  const where = `${scope.command}: ${origin}`;
  const statement = requiredString(entry, 'Statement', where);
  const parameters = optionalArray(entry, 'Parameters', where) ?? [];
  const request = statementRequest(statement, { where, parameters }, scope.options);
  const context = enclosing === undefined ? request.context : { ...request.context, 'dynamodb:EnclosingOperation': enclosing };
  return { action: request.action, resource: request.resource, origin, context };
}

export function partiqlRequests(scope: CallScope, input: InputRecord): AuthorizationRequest[] {
  if (scope.command === 'ExecuteStatement') return [statementOf(input, 'Statement', scope, undefined)];
  const field = scope.command === 'ExecuteTransaction' ? 'TransactStatements' : 'Statements';
  const enclosing = scope.command === 'ExecuteTransaction' ? 'ExecuteTransaction' : undefined;
  const list = requiredArray(input, field, scope.command);
  return list.map((entry, i) => {
    const origin = `${field}[${i}]`;
    if (!isRecord(entry)) throw new CallError(`${scope.command}: ${origin} must be an object with a Statement`);
    return statementOf(entry, origin, scope, enclosing);
  });
}
