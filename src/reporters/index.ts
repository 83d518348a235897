/**
 * Reporters turn a run's results into output. Each is a pure function of the results, so that it
 * is tested on its own and a run is printed the same way wherever it came from.
 *
 * `document` is the report proper (stdout, or the `--output` file); `summary` is the closing
 * `N passed, N failed` line, printed after the text report, or on stderr for machine formats so
 * that stdout stays parseable.
 */
import { githubReport } from './github';
import { jsonReport } from './json';
import { junitReport } from './junit';
import type { Reporter } from './report';
import { textReport } from './text';

export type { Report, ReportOptions, Reporter } from './report';

export const REPORTERS = {
  text: textReport,
  json: jsonReport,
  junit: junitReport,
  github: githubReport,
} as const satisfies Record<string, Reporter>;

export type ReporterName = keyof typeof REPORTERS;

export const REPORTER_NAMES = Object.keys(REPORTERS) as ReporterName[];

export { summaryLine } from './summary';
