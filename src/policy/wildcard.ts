/**
 * Wildcard (glob) matching for `*` and `?`, the one implementation behind actions, resources,
 * `StringLike` and `ArnLike`.
 *
 * No regular expression is built from policy text: a pattern is cut at its `*`s into segments, the
 * first segment must be a prefix, the last a suffix, and each middle one is found leftmost after the
 * previous. Leftmost-first is optimal for star-separated segments, so there is no backtracking and a
 * decision costs at most (input length x segment length), never exponential time.
 */

/** A piece of a pattern: text whose `*`/`?` are wildcards, or literal text (a substituted variable). */
export interface PatternPiece {
  readonly text: string;
  readonly wildcards: boolean;
}

/** A segment between two stars: its text, and where `?` stands for any one character. */
interface Segment {
  readonly text: string;
  /** Positions holding a `?` wildcard, or undefined when the segment is plain text. */
  readonly anyAt: readonly number[] | undefined;
}

export interface Glob {
  /** True when the pattern contains no wildcard at all: matching is string equality. */
  readonly literal: boolean;
  matches(input: string): boolean;
}

const ANY = '?';

function segmentAt(seg: Segment, input: string, at: number): boolean {
  if (seg.anyAt === undefined) return input.startsWith(seg.text, at);
  const text = seg.text;
  if (at + text.length > input.length) return false;
  let k = 0;
  for (let i = 0; i < text.length; i++) {
    if (k < seg.anyAt.length && seg.anyAt[k] === i) {
      k++;
      continue;
    }
    if (input.charCodeAt(at + i) !== text.charCodeAt(i)) return false;
  }
  return true;
}

/** Leftmost position >= from where seg matches and ends by `limit`, or -1. */
function findSegment(seg: Segment, input: string, from: number, limit: number): number {
  const last = limit - seg.text.length;
  if (seg.anyAt === undefined) {
    const at = input.indexOf(seg.text, from);
    return at >= 0 && at <= last ? at : -1;
  }
  for (let at = from; at <= last; at++) if (segmentAt(seg, input, at)) return at;
  return -1;
}

class SegmentGlob implements Glob {
  readonly literal = false;
  constructor(
    private readonly first: Segment,
    private readonly middle: readonly Segment[],
    private readonly last: Segment,
  ) {}

  matches(input: string): boolean {
    const { first, middle, last } = this;
    if (input.length < first.text.length + last.text.length) return false;
    if (!segmentAt(first, input, 0)) return false;
    const tailStart = input.length - last.text.length;
    if (!segmentAt(last, input, tailStart)) return false;
    let pos = first.text.length;
    for (const seg of middle) {
      const at = findSegment(seg, input, pos, tailStart);
      if (at < 0) return false;
      pos = at + seg.text.length;
    }
    return true;
  }
}

class ExactGlob implements Glob {
  readonly literal = true;
  constructor(private readonly text: string) {}
  matches(input: string): boolean {
    return input === this.text;
  }
}

class AnyCharsGlob implements Glob {
  readonly literal = false;
  constructor(private readonly single: Segment) {}
  matches(input: string): boolean {
    return input.length === this.single.text.length && segmentAt(this.single, input, 0);
  }
}

const MATCH_ALL: Glob = { literal: false, matches: () => true };

/** Compiles pattern pieces into a matcher. `foldCase` lower-cases the pattern; callers lower-case input. */
export function compileGlob(pieces: readonly PatternPiece[], foldCase = false): Glob {
  const segments: Segment[] = [];
  let text = '';
  let anyAt: number[] = [];
  let stars = 0;
  const close = () => {
    segments.push({ text, anyAt: anyAt.length > 0 ? anyAt : undefined });
    text = '';
    anyAt = [];
  };
  for (const piece of pieces) {
    const value = foldCase ? piece.text.toLowerCase() : piece.text;
    if (!piece.wildcards) {
      text += value;
      continue;
    }
    for (const ch of value) {
      if (ch === '*') {
        stars++;
        close();
      } else if (ch === ANY) {
        anyAt.push(text.length);
        text += ANY;
      } else {
        text += ch;
      }
    }
  }
  close();
  if (stars === 0) {
    const only = segments[0]!;
    return only.anyAt === undefined ? new ExactGlob(only.text) : new AnyCharsGlob(only);
  }
  if (segments.every((s) => s.text === '')) return MATCH_ALL;
  return new SegmentGlob(segments[0]!, segments.slice(1, -1), segments[segments.length - 1]!);
}

/** Compiles a pattern whose `*` and `?` are all wildcards. */
export function compileWildcard(pattern: string, foldCase = false): Glob {
  return compileGlob([{ text: pattern, wildcards: true }], foldCase);
}

export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}
