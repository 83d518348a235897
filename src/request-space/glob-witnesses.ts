/**
 * Witness strings for a set of glob patterns: for every combination of patterns that some string
 * matches (and no other pattern does), one such string.
 *
 * This is what makes `diff` exact for string-valued dimensions. Taking each pattern's literal and a
 * "matches nothing" value is not enough: `a*` and `*b` are both matched by `ab`, by `axb`, by
 * `a` alone and by neither, and a policy change can hinge on any of those four. The patterns are
 * read as automata and run side by side over a breadth-first search of strings; every reachable
 * combination of their states is visited once, so every realizable set of matching patterns is found
 * (with a shortest string). Characters that appear in no pattern all behave alike, so the alphabet
 * is the patterns' own characters plus one fresh character.
 *
 * The caller re-checks each witness with the evaluator's own matchers: this module only proposes
 * strings, it never decides what matches.
 */

export type GlobToken =
  /** Exactly one of these characters. */
  | { readonly kind: 'char'; readonly chars: string }
  /** Exactly one character that is not in `except`. */
  | { readonly kind: 'any'; readonly except: string }
  /** Any run of characters not in `except` (including none). */
  | { readonly kind: 'star'; readonly except: string };

export type GlobPattern = readonly GlobToken[];

export interface GlobTokenOptions {
  /** `*` and `?` are wildcards (StringLike, Resource) rather than literal characters (StringEquals). */
  readonly wildcards: boolean;
  /** Letters match either case (StringEqualsIgnoreCase, actions). */
  readonly foldCase?: boolean;
  /** Characters a wildcard cannot stand for (`:` inside the first five ARN components). */
  readonly wildcardExcept?: string;
}

function caseVariants(ch: string, foldCase: boolean): string {
  if (!foldCase) return ch;
  const lower = ch.toLowerCase();
  const upper = ch.toUpperCase();
  return lower === upper ? ch : `${lower}${upper}`;
}

/** Reads a pattern's text into tokens. */
export function globTokens(text: string, options: GlobTokenOptions): GlobPattern {
  const except = options.wildcardExcept ?? '';
  const tokens: GlobToken[] = [];
  for (const ch of text) {
    if (options.wildcards && ch === '*') {
      // Consecutive stars are one star.
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star', except });
    } else if (options.wildcards && ch === '?') {
      tokens.push({ kind: 'any', except });
    } else {
      tokens.push({ kind: 'char', chars: caseVariants(ch, options.foldCase ?? false) });
    }
  }
  return tokens;
}

export interface WitnessOptions {
  /** Characters a witness may never contain (e.g. whitespace, or `*` in a request's resource). */
  readonly forbidden?: string;
  /** Only strings at least this long count as witnesses (an ARN's resource part is never empty). */
  readonly minLength?: number;
  /** Stop after visiting this many automaton states; the result then says it is incomplete. */
  readonly maxStates?: number;
}

export interface WitnessResult {
  /** One string per realizable set of matching patterns, shortest first. */
  readonly witnesses: readonly string[];
  /** For each witness, which patterns match it (by index). */
  readonly matches: readonly (readonly number[])[];
  /** False when `maxStates` cut the search short. */
  readonly complete: boolean;
}

const FRESH_CANDIDATES = 'xqz0Z_9QX-.1';
const DEFAULT_MAX_STATES = 20_000;

/** Positions reachable from `positions` without reading a character (a star may match nothing). */
function closure(pattern: GlobPattern, positions: readonly number[]): number[] {
  const seen = new Set<number>();
  const stack = [...positions];
  while (stack.length > 0) {
    const p = stack.pop()!;
    if (seen.has(p)) continue;
    seen.add(p);
    if (p < pattern.length && pattern[p]!.kind === 'star') stack.push(p + 1);
  }
  return [...seen].sort((a, b) => a - b);
}

function step(pattern: GlobPattern, positions: readonly number[], ch: string): number[] {
  const next: number[] = [];
  for (const p of positions) {
    if (p >= pattern.length) continue;
    const token = pattern[p]!;
    switch (token.kind) {
      case 'char':
        if (token.chars.includes(ch)) next.push(p + 1);
        break;
      case 'any':
        if (!token.except.includes(ch)) next.push(p + 1);
        break;
      case 'star':
        if (!token.except.includes(ch)) next.push(p);
        break;
    }
  }
  return closure(pattern, next);
}

/**
 * Finds one witness for each set of patterns that some string matches exactly. Breadth-first, so
 * each witness is as short as it can be; deterministic, so the same patterns give the same strings.
 */
export function witnessStrings(patterns: readonly GlobPattern[], options: WitnessOptions = {}): WitnessResult {
  const forbidden = options.forbidden ?? '';
  const minLength = options.minLength ?? 0;
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;

  const alphabetSet = new Set<string>();
  for (const pattern of patterns) {
    for (const token of pattern) {
      const chars = token.kind === 'char' ? token.chars : token.except;
      for (const ch of chars) if (!forbidden.includes(ch)) alphabetSet.add(ch);
    }
  }
  const fresh = [...FRESH_CANDIDATES].find((ch) => !alphabetSet.has(ch) && !forbidden.includes(ch));
  if (fresh !== undefined) alphabetSet.add(fresh);
  const alphabet = [...alphabetSet].sort();

  type State = { readonly positions: readonly (readonly number[])[]; readonly text: string };
  const keyOf = (positions: readonly (readonly number[])[], length: number) =>
    `${Math.min(length, minLength)}|${positions.map((p) => p.join(',')).join(';')}`;

  const start: State = { positions: patterns.map((p) => closure(p, [0])), text: '' };
  const visited = new Set<string>([keyOf(start.positions, 0)]);
  const queue: State[] = [start];
  const bySignature = new Map<string, { text: string; matches: number[] }>();
  let complete = true;

  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    if (state.text.length >= minLength) {
      const matches: number[] = [];
      state.positions.forEach((positions, i) => {
        if (positions.includes(patterns[i]!.length)) matches.push(i);
      });
      const signature = matches.join(',');
      if (!bySignature.has(signature)) bySignature.set(signature, { text: state.text, matches });
    }
    for (const ch of alphabet) {
      const positions = state.positions.map((p, i) => step(patterns[i]!, p, ch));
      const key = keyOf(positions, state.text.length + 1);
      if (visited.has(key)) continue;
      if (visited.size >= maxStates) {
        complete = false;
        continue;
      }
      visited.add(key);
      queue.push({ positions, text: state.text + ch });
    }
  }
  const found = [...bySignature.values()];
  return { witnesses: found.map((f) => f.text), matches: found.map((f) => f.matches), complete };
}
