/**
 * `iamspec test [paths or globs...]`: run scenario files as a CI gate. Exit 0 when every case
 * passes, 1 when any fails (or none ran), 2 when any input is invalid.
 */
import { writeFileFor } from '../output';
import { discoverScenarioFiles } from '../../scenarios/discover';
import { addTotals, exitCodeOf, NO_TOTALS, runScenarioSuite, type SuiteOptions } from '../../scenarios/suite';
import { defaultWorkerCount, printedInOrder } from '../parallel-files';
import { oneOf, parseCommandArgs } from '../arguments';
import type { CliCommand, CliIO, ExitCode } from '../command';
import { neutralizeCommands } from '../../reporters/github';
import { SUMMARIES } from './list';
import { REPORTER_NAMES, REPORTERS, summaryLine } from '../../reporters/index';
import { summaryNotes } from '../../reporters/summary';
import { usageError } from './usage-error';

export const DEFAULT_SCENARIO_PATH = 'scenarios/';

const COVERAGE_FORMATS = ['table', 'json', 'lcov'] as const;

const usage = `Usage: iamspec test [paths or globs...] [options]

Runs scenario files (*.iam.yaml) and checks every case against the policies it names.
A directory means the *.iam.yaml and *.iam.yml files under it; default: ${DEFAULT_SCENARIO_PATH}

Options:
  --reporter <name>          text (default), json, junit or github (annotations at the YAML line)
  --output <file>            write the report to a file instead of stdout
  --include-known-defects    also run the cases marked knownDefect (they document a defect and fail)
  --strict                   evaluate every case in strict mode: an Allow that rests on a
                             condition key the request did not carry fails
  --coverage                 report, per policy and statement, in how many cases it was in play,
                             applied and decided, and what no case exercised
  --coverage-format <f>      table (default), json or lcov (keyed to the policy files' lines)
  --coverage-output <file>   write the coverage report to a file (lcov.info, coverage.json...)
  --min-coverage <N>         fail (exit 1) when fewer than N% of the statements applied in some
                             case; implies --coverage
  --workers <N>              with the text report on stdout, run the files on N worker threads
                             besides the main one (0: all on the main one). Default: a thread per
                             core, at most 4, for runs of 2 MB of scenario files or more. The
                             report is the same whatever N is
  -h, --help                 show this help

Exit codes: 0 every case passed; 1 a case failed or no case ran;
            2 invalid input (a path that finds nothing, a file or case that cannot be read).
The last line of the text report is "N passed, N failed" (on stderr for json and junit).`;

async function run(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  const parsed = parseCommandArgs(io, 'test', usage, argv, {
    reporter: { type: 'string' },
    output: { type: 'string' },
    'include-known-defects': { type: 'boolean' },
    strict: { type: 'boolean' },
    coverage: { type: 'boolean' },
    'coverage-format': { type: 'string' },
    'coverage-output': { type: 'string' },
    'min-coverage': { type: 'string' },
    workers: { type: 'string' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const reporterName = oneOf(io, 'test', 'reporter', values.reporter, REPORTER_NAMES, 'text');
  if (typeof reporterName === 'number') return reporterName;
  const minCoverage = values['min-coverage'] === undefined ? undefined : Number(values['min-coverage']);
  if (minCoverage !== undefined && !(Number.isFinite(minCoverage) && minCoverage >= 0 && minCoverage <= 100)) {
    return usageError(io, 'test', `--min-coverage takes a percentage from 0 to 100; found "${values['min-coverage']}"`);
  }
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0 && workers <= 64 && /^\d+$/.test(values.workers!))) {
    return usageError(io, 'test', `--workers takes a whole number from 0 to 64; found "${values.workers}"`);
  }
  const coverageFormat = oneOf(io, 'test', 'coverage format', values['coverage-format'], COVERAGE_FORMATS, 'table');
  if (typeof coverageFormat === 'number') return coverageFormat;
  const coverage =
    values.coverage === true ||
    minCoverage !== undefined ||
    values['coverage-format'] !== undefined ||
    values['coverage-output'] !== undefined;
  const patterns = positionals.length > 0 ? positionals : [DEFAULT_SCENARIO_PATH];
  const toFile = values.output !== undefined;
  const suiteOptions = {
    cwd: io.cwd,
    includeKnownDefects: values['include-known-defects'] === true,
    strict: values.strict === true,
    // Only the JSON report shows the evaluator's reason for passing cases.
    reasons: reporterName === 'json',
    // Coverage reads every case's decisions, passing ones included.
    keepDecisions: coverage,
  };
  if (reporterName === 'text' && !coverage && !toFile) return runPrintingEachFile(patterns, suiteOptions, workers, io);
  if (workers !== undefined && workers > 0) {
    io.stderr(`iamspec test: --workers applies to the text report on stdout; this run uses one thread\n`);
  }
  const result = runScenarioSuite(patterns, suiteOptions);
  const report = REPORTERS[reporterName](result, { color: io.color && !toFile });
  let exit = exitCodeOf(result);

  // The coverage report, when asked for: it comes before the closing "N passed, N failed" line,
  // which stays the last line of the text report.
  let coverageText = '';
  if (coverage) {
    // The analyses are loaded only for a run that asks for coverage: a plain run starts faster.
    const [{ checkMinCoverage, coverageFromRun }, { renderCoverageJson, renderCoverageTable, renderLcov }, { policiesOfScenario }] =
      await Promise.all([import('../../gate/coverage'), import('../../reporters/coverage'), import('../../gate/mutate')]);
    const report = coverageFromRun(
      result,
      result.files.flatMap((f) => (f.scenario ? policiesOfScenario(f.scenario) : [])),
    );
    const rendered =
      coverageFormat === 'json' ? renderCoverageJson(report) : coverageFormat === 'lcov' ? renderLcov(report) : renderCoverageTable(report);
    if (values['coverage-output'] !== undefined) {
      if (!writeFileFor(io, 'test', values['coverage-output'], rendered)) return 2;
    } else {
      coverageText = rendered;
    }
    if (minCoverage !== undefined) {
      const gate = checkMinCoverage(report, minCoverage);
      coverageText += `${gate.message}\n`;
      if (!gate.ok && exit === 0) exit = 1;
    }
  }

  // Under the GitHub reporter nothing printed after the annotations may start a workflow command.
  if (reporterName === 'github') coverageText = neutralizeCommands(coverageText);
  if (toFile) {
    if (!writeFileFor(io, 'test', values.output!, report.document)) return 2;
    io.stdout(`${coverageText}${summaryLine(result)}\n`);
  } else if (report.summaryInDocument && report.parts !== undefined) {
    // Piece by piece, leaving out the closing summary line, which is written last.
    let previous: string | undefined;
    for (const part of report.parts()) {
      if (previous !== undefined) io.stdout(previous);
      previous = part;
    }
    io.stdout(`${coverageText}${summaryLine(result)}\n`);
  } else if (report.summaryInDocument) {
    // The document's last line is the summary: keep what comes before it.
    const document = report.document.endsWith('\n') ? report.document.slice(0, -1) : report.document;
    // Written in pieces: a report of 100,000 cases is tens of megabytes, not worth another copy.
    io.stdout(document.slice(0, document.lastIndexOf('\n') + 1));
    io.stdout(`${coverageText}${summaryLine(result)}\n`);
  } else {
    io.stdout(report.document);
    io.stderr(`${coverageText}${summaryLine(result)}\n`);
  }
  return exit;
}

/**
 * The plain run with the text report on stdout, the common case: each file is printed as soon as
 * its cases have run and then let go, so that a run of 100,000 cases holds one file's results at a
 * time rather than all of them (less memory, and far less work for the garbage collector). A large
 * run is spread over worker threads (see parallel-files.ts). The output is the text reporter's,
 * piece for piece, whatever the number of threads.
 */
async function runPrintingEachFile(
  patterns: readonly string[],
  options: SuiteOptions,
  workers: number | undefined,
  io: CliIO,
): Promise<ExitCode> {
  const discovery = discoverScenarioFiles(patterns, io.cwd);
  const job = { files: discovery.files, options, color: io.color };
  let totals = NO_TOTALS;
  for await (const printed of printedInOrder(job, workers ?? defaultWorkerCount(discovery.files))) {
    totals = addTotals(totals, printed.totals);
    io.stdout(printed.text);
    await io.stdoutRoom?.();
  }
  const outcome = { problems: discovery.problems, totals };
  for (const note of summaryNotes(outcome)) io.stdout(`${note}\n`);
  io.stdout(`${summaryLine(outcome)}\n`);
  return exitCodeOf(outcome);
}

export const command: CliCommand = {
  name: 'test',
  summary: SUMMARIES.test,
  usage,
  run,
};
