/** What every reporter of a scenario run takes and gives. */
import type { SuiteResult } from '../scenarios/suite';

export interface ReportOptions {
  readonly color: boolean;
}

export interface Report {
  readonly document: string;
  /** Whether the closing summary line is part of `document` (text formats) or goes to stderr. */
  readonly summaryInDocument: boolean;
}

export type Reporter = (result: SuiteResult, options: ReportOptions) => Report;
