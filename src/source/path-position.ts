/**
 * The position of the value at a path (`Statement[0].Principal`) in a positioned tree: one walk for
 * both trees iamspec reads (the `yaml` package's document, and the plain YAML tree of scenario files).
 */
import type { Position } from './position';

export type PathSegment = string | number;

/** How to walk one kind of tree: a child by key or index, and where a node or key stands. */
export interface TreeWalk<N> {
  /** The value under `segment` and where its key stands (for a map), or undefined when there is none. */
  child(node: N, segment: PathSegment): { readonly value: N; readonly keyAt?: () => Position | undefined } | undefined;
  at(node: N): Position | undefined;
}

/**
 * Where the value at `path` stands (or its key, when `key` is set and the last step was a map key).
 * A path that leaves the tree stops at the last node it reached.
 */
export function positionAtPath<N>(root: N, path: readonly PathSegment[], key: boolean, walk: TreeWalk<N>): Position | undefined {
  let node = root;
  let keyAt: (() => Position | undefined) | undefined;
  for (const segment of path) {
    const next = walk.child(node, segment);
    if (next === undefined) return walk.at(node);
    node = next.value;
    keyAt = next.keyAt;
  }
  return key && keyAt !== undefined ? keyAt() : walk.at(node);
}
