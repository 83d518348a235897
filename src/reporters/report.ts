/** What every reporter of a scenario run takes and gives. */
import type { SuiteResult } from '../scenarios/suite';

export interface ReportOptions {
  readonly color: boolean;
}

export interface Report {
  readonly document: string;
  /** Whether the closing summary line is part of `document` (text formats) or goes to stderr. */
  readonly summaryInDocument: boolean;
  /**
   * The document in pieces whose concatenation is `document`, the summary line last, for a reporter
   * whose document can be long (a run of 100,000 cases): written piece by piece, it is never one
   * string in memory.
   */
  readonly parts?: () => Iterable<string>;
}

export type Reporter = (result: SuiteResult, options: ReportOptions) => Report;
