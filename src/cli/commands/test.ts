/**
 * `iamspec test [paths or globs...]`: run scenario files as a CI gate. Exit 0 when every case
 * passes, 1 when any fails (or none ran), 2 when any input is invalid.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exitCodeOf, runScenarioSuite } from '../../scenarios/suite';
import type { CliCommand, CliIO, ExitCode } from '../command';
import { REPORTER_NAMES, REPORTERS, summaryLine, type ReporterName } from '../reporters/index';
import { usageError } from './usage-error';

export const DEFAULT_SCENARIO_PATH = 'scenarios/';

const usage = `Usage: iamspec test [paths or globs...] [options]

Runs scenario files (*.iam.yaml) and checks every case against the policies it names.
A directory means the *.iam.yaml and *.iam.yml files under it; default: ${DEFAULT_SCENARIO_PATH}

Options:
  --reporter <name>          text (default), json, junit or github (annotations at the YAML line)
  --output <file>            write the report to a file instead of stdout
  --include-known-defects    also run the cases marked knownDefect (they document a defect and fail)
  --strict                   evaluate every case in strict mode: an Allow that rests on a
                             condition key the request did not carry fails
  -h, --help                 show this help

Exit codes: 0 every case passed; 1 a case failed or no case ran;
            2 invalid input (a path that finds nothing, a file or case that cannot be read).
The last line of the text report is "N passed, N failed" (on stderr for json and junit).`;

async function run(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        reporter: { type: 'string' },
        output: { type: 'string' },
        'include-known-defects': { type: 'boolean' },
        strict: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return usageError(io, 'test', (error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${usage}\n`);
    return 0;
  }
  const reporterName = values.reporter ?? 'text';
  if (!(REPORTER_NAMES as string[]).includes(reporterName)) {
    return usageError(io, 'test', `unknown reporter "${reporterName}"; choose one of ${REPORTER_NAMES.join(', ')}`);
  }
  const result = runScenarioSuite(positionals.length > 0 ? positionals : [DEFAULT_SCENARIO_PATH], {
    cwd: io.cwd,
    includeKnownDefects: values['include-known-defects'] === true,
    strict: values.strict === true,
    // Only the JSON report shows the evaluator's reason for passing cases.
    reasons: reporterName === 'json',
  });
  const toFile = values.output !== undefined;
  const report = REPORTERS[reporterName as ReporterName](result, { color: io.color && !toFile });
  if (toFile) {
    try {
      writeFileSync(resolve(io.cwd, values.output!), report.document);
    } catch (error) {
      io.stderr(`iamspec test: cannot write ${values.output}: ${(error as Error).message}\n`);
      return 2;
    }
    io.stdout(`${summaryLine(result)}\n`);
  } else {
    io.stdout(report.document);
    if (!report.summaryInDocument) io.stderr(`${summaryLine(result)}\n`);
  }
  return exitCodeOf(result);
}

export const command: CliCommand = {
  name: 'test',
  summary: 'run scenario files (*.iam.yaml) as a CI gate',
  usage,
  run,
};
