/**
 * Brackets around a whole token list, found in one pass: `((a))` is `a` inside two pairs. Shared by
 * the expression and PartiQL readers, so that deeply nested input costs linear time, not a rescan
 * per pair.
 */

/**
 * The range [start, end) left after removing every pair that encloses the whole list and opens
 * with a token `strips` accepts (`depth` tells whether a token opens a bracket, +1, closes one, -1,
 * or neither, 0). An unbalanced list is left as it is, for its reader to reject.
 */
export function enclosedRange<T>(tokens: readonly T[], strips: (token: T) => boolean, depth: (token: T) => number): [number, number] {
  // The outer pairs open in the run of strippable openers at the start: the i-th encloses
  // everything left exactly when its partner is the i-th token from the end. One pass finds them.
  let run = 0;
  while (run < tokens.length && strips(tokens[run]!)) run++;
  if (run === 0) return [0, tokens.length];
  const partner = new Array<number>(run).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const d = depth(tokens[i]!);
    if (d > 0) open.push(i);
    else if (d < 0) {
      const at = open.pop();
      if (at === undefined) return [0, tokens.length];
      if (at < run) partner[at] = i;
    }
  }
  let pairs = 0;
  while (pairs < run && partner[pairs] === tokens.length - 1 - pairs) pairs++;
  return [pairs, tokens.length - pairs];
}
