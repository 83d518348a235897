/**
 * "Did you mean ...?": the one place that finds the known name nearest to a misspelt one, for
 * actions, condition operators' callers, scenario keys, principal and policy names, CLI commands.
 */

/**
 * Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbouring characters each cost one, because a swapped pair is the commonest typo in names.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i]!;
      const above = d[i - 1]!;
      let best = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      row[j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known name closest to `unknown` (case does not count), when it is close enough to be a typo:
 * by default about one edit per three characters, so short typos are caught and unrelated words are
 * not. Ties go to the first candidate.
 */
export function closestName(
  unknown: string,
  known: readonly string[],
  maxDistance = Math.max(1, Math.floor(unknown.length / 3)),
): string | undefined {
  const lower = unknown.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    // The distance is at least the difference in length: skip the table for hopeless candidates,
    // so that a name of 100,000 characters costs nothing against a list of short ones.
    if (Math.abs(candidate.length - lower.length) > Math.min(maxDistance, bestDistance)) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= maxDistance ? best : undefined;
}
