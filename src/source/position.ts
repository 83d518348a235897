/** Where something stands in a source text (a policy, a scenario file): 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly column: number;
}
