/** Where something stands in a source text (a policy, a scenario file): 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * The offset where each line of `text` starts, lines split at "\n" (as the `yaml` package counts
 * them). The lines are counted first, so that the table is made once at its size.
 */
export function lineStartsOf(text: string): Int32Array {
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  const starts = new Int32Array(lines);
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[line++] = i + 1;
  return starts;
}

/** The 0-based line that holds `offset`, by binary search in a table of `lineStartsOf`. */
export function lineIndexAt(starts: Int32Array, offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}
