/**
 * Values as the deployed stack sees them, once every intrinsic function is resolved, and where
 * each came from in the template: a resolved policy document is compiled with positions that point
 * at the template lines its statements, actions and conditions were written on.
 */
import type { PathSegment, Position, SourceText } from '../source/document';

/** Numbers are kept as the text they were written as (an account id must not lose a leading zero). */
export type Resolved = string | boolean | null | readonly Resolved[] | { readonly [key: string]: Resolved };

/** Where a resolved collection and each of its children were written. */
interface Origin {
  readonly self: Position | undefined;
  readonly children: Map<string, { readonly at: Position | undefined; readonly key: Position | undefined }>;
}

const origins = new WeakMap<object, Origin>();

/** Records the positions of a collection the resolver built. */
export function recordOrigin(
  value: object,
  self: Position | undefined,
  children: Map<string, { readonly at: Position | undefined; readonly key: Position | undefined }>,
): void {
  origins.set(value, { self, children });
}

/** A resolved document as the policy compiler reads it, positions included. */
export function resolvedSource(value: Resolved): SourceText {
  return {
    value,
    positionOf(path: readonly PathSegment[], key = false): Position | undefined {
      let current: unknown = value;
      let here = typeof value === 'object' && value !== null ? origins.get(value)?.self : undefined;
      let keyAt: Position | undefined;
      for (const segment of path) {
        const origin = typeof current === 'object' && current !== null ? origins.get(current) : undefined;
        const child = origin?.children.get(String(segment));
        if (!child) return here;
        here = child.at ?? here;
        keyAt = child.key;
        current = (current as Record<string, unknown>)[segment as string];
      }
      return key && keyAt ? keyAt : here;
    },
  };
}

export function describeResolved(value: Resolved | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value === 'string' ? `the text ${JSON.stringify(value)}` : `the ${typeof value} ${String(value)}`;
}
