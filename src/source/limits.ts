/**
 * Limits in front of every parser and every walk over a value a caller gave. A policy AWS accepts
 * is at most a few tens of kilobytes and nests a handful of levels, so these limits are far above
 * any real document and far below what would exhaust memory or the stack: hostile or runaway input
 * (`'['.repeat(1000)`, a cyclic object, a 600 MB string) is an error with a clear message, never a
 * crash of the process.
 */
import type { PathSegment } from './document';
import { yamlLibrary } from './yaml-library';

export const LIMITS = {
  /** Nesting of objects and arrays in a policy or a scenario file. */
  maxDepth: 64,
  /** Characters of policy text (AWS's largest policy size limit is tens of kilobytes). */
  maxPolicyChars: 1024 * 1024,
  /** Characters of one string inside a policy. */
  maxStringChars: 64 * 1024,
  /** Values (objects, arrays and scalars) in one policy document. */
  maxValues: 200_000,
  /** Characters of a scenario file. */
  maxScenarioChars: 64 * 1024 * 1024,
} as const;

export interface ValueProblem {
  /** `too-large` for a limit passed; `unsupported-value` for what is not JSON-like data. */
  readonly kind: 'too-large' | 'unsupported-value';
  readonly path: readonly PathSegment[];
  readonly message: string;
}

function describeKind(value: unknown): string {
  if (typeof value === 'bigint') return 'a BigInt (write the number as a string)';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'undefined') return 'undefined';
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null;
  const name = proto?.constructor?.name;
  return typeof name === 'string' && name !== '' ? `an instance of ${name}` : 'an object that is not plain data';
}

function isPlainRecord(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * What makes `value` something other than JSON-like data within the limits, if anything: too deep,
 * cyclic, too many values, a string too long, a BigInt, function, symbol or class instance, an
 * array with holes. `undefined` as an object member is allowed (it stands for an absent key).
 */
export function plainDataProblem(
  value: unknown,
  limits: { readonly maxDepth: number; readonly maxStringChars: number; readonly maxValues: number } = LIMITS,
): ValueProblem | undefined {
  const path: PathSegment[] = [];
  const open = new Set<object>();
  let count = 0;
  const visit = (v: unknown, depth: number): ValueProblem | undefined => {
    if (++count > limits.maxValues)
      return { kind: 'too-large', path: [...path], message: `the document holds more than ${limits.maxValues} values` };
    if (v === null || typeof v === 'boolean' || typeof v === 'number') return undefined;
    if (typeof v === 'string') {
      return v.length > limits.maxStringChars
        ? { kind: 'too-large', path: [...path], message: `a string of ${v.length} characters; the limit is ${limits.maxStringChars}` }
        : undefined;
    }
    if (typeof v !== 'object')
      return {
        kind: 'unsupported-value',
        path: [...path],
        message: `found ${describeKind(v)}; policy values are strings, numbers, booleans, null, arrays and objects`,
      };
    if (open.has(v)) return { kind: 'unsupported-value', path: [...path], message: 'the value contains itself (a cycle)' };
    if (depth >= limits.maxDepth)
      return { kind: 'too-large', path: [...path], message: `the document nests deeper than ${limits.maxDepth} levels` };
    const isArray = Array.isArray(v);
    if (!isArray && !isPlainRecord(v))
      return {
        kind: 'unsupported-value',
        path: [...path],
        message: `found ${describeKind(v)}; policy values are strings, numbers, booleans, null, arrays and objects`,
      };
    open.add(v);
    try {
      if (isArray) {
        for (let i = 0; i < v.length; i++) {
          path.push(i);
          if (!(i in v))
            return {
              kind: 'unsupported-value',
              path: [...path],
              message: 'the array has a hole here (a sparse array); every item must be given',
            };
          if (v[i] === undefined) return { kind: 'unsupported-value', path: [...path], message: 'an array item is undefined' };
          const problem = visit(v[i], depth + 1);
          if (problem) return problem;
          path.pop();
        }
      } else {
        for (const key of Object.keys(v)) {
          const item = (v as Record<string, unknown>)[key];
          if (item === undefined) continue;
          path.push(key);
          const problem = visit(item, depth + 1);
          if (problem) return problem;
          path.pop();
        }
      }
    } finally {
      open.delete(v);
    }
    return undefined;
  };
  return visit(value, 0);
}

/**
 * Whether YAML text nests collections deeper than `maxDepth`, measured on the `yaml` package's
 * concrete syntax tree: its parser keeps an explicit stack (it does not recurse), while turning the
 * tree into values does recurse, and a few thousand levels exhaust the stack and can leave the
 * process unable to go on. So the depth is measured here first, without recursion.
 */
export function yamlDepthProblem(text: string, maxDepth: number): { readonly offset: number; readonly message: string } | undefined {
  type Item = { readonly key?: unknown; readonly value?: unknown };
  const stack: { readonly node: unknown; readonly depth: number }[] = [];
  for (const token of new (yamlLibrary().Parser)().parse(text)) stack.push({ node: token, depth: 0 });
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    const typed = node as { readonly type?: string; readonly offset?: number; readonly value?: unknown; readonly items?: readonly Item[] };
    if (typed.type === 'document') {
      stack.push({ node: typed.value, depth });
      continue;
    }
    if (typed.type !== 'block-map' && typed.type !== 'block-seq' && typed.type !== 'flow-collection') continue;
    if (depth >= maxDepth) return { offset: typed.offset ?? 0, message: `the text nests deeper than ${maxDepth} levels` };
    for (const item of typed.items ?? []) {
      stack.push({ node: item.key, depth: depth + 1 }, { node: item.value, depth: depth + 1 });
    }
  }
  return undefined;
}

/** Line and column (1-based) of an offset in text. */
export function positionAt(text: string, offset: number): { readonly line: number; readonly column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}
