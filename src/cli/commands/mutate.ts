/**
 * `iamspec mutate [scenario paths...]`: mutation testing of the scenario files. Each policy they use
 * is changed in one small way at a time and the scenarios are run against it; a mutant no case
 * notices is a gap in the tests, reported with its statement, the change and a request that would
 * notice it. `--min-score` turns the score into a gate.
 */
import { writeReport } from '../output';
import { MUTATION_OPERATORS, runMutation, type MutationOperator } from '../../gate/mutate';
import { renderMutationText } from '../../reporters/mutation-text';
import { discoverScenarioFiles } from '../../scenarios/discover';
import { formatScenarioIssue, ScenarioError } from '../../scenarios/errors';
import { loadScenarioFile } from '../../scenarios/load';
import type { Scenario } from '../../scenarios/model';
import { oneOf, parseCommandArgs } from '../arguments';
import type { CliCommand, CliIO, ExitCode } from '../command';
import { SUMMARIES } from './list';
import { renderMutationMarkdown } from '../../reporters/markdown';
import { usageError } from './usage-error';

const DEFAULT_PATH = 'scenarios/';
const FORMATS = ['text', 'json', 'markdown'] as const;

const usage = `Usage: iamspec mutate [paths or globs...] [options]

Mutation testing: asks whether the scenario files (*.iam.yaml) pin their policies down. Each
policy they use is changed in one small way at a time (${MUTATION_OPERATORS.join(', ')})
and the scenarios are run against the change. A mutant that no case notices is a gap in the
tests: it is reported with its statement, the change, and a request whose decision it changes.
Mutants that no request can tell from the original are left out of the score as equivalent.
Default path: ${DEFAULT_PATH}

Options:
  --operators <list>        only these changes (comma-separated)
  --min-score <percent>     exit 1 when the score is below this (0-100)
  --format <name>           text (default), json or markdown
  --output <file>           write the report to a file instead of stdout
  --include-known-defects   also run the cases marked knownDefect
  -h, --help                show this help

Exit codes: 0 done (and the score meets --min-score); 1 the score is below --min-score;
            2 invalid input (a path that finds nothing, a scenario file that does not load).`;

async function run(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  const parsed = parseCommandArgs(io, 'mutate', usage, argv, {
    operators: { type: 'string' },
    'min-score': { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
    'include-known-defects': { type: 'boolean' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const format = oneOf(io, 'mutate', 'format', values.format, FORMATS, 'text');
  if (typeof format === 'number') return format;
  let operators: MutationOperator[] | undefined;
  if (values.operators !== undefined) {
    operators = values.operators.split(',').map((s) => s.trim()) as MutationOperator[];
    const unknown = operators.filter((o) => !MUTATION_OPERATORS.includes(o));
    if (unknown.length > 0)
      return usageError(
        io,
        'mutate',
        `unknown operator${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}; choose from ${MUTATION_OPERATORS.join(', ')}`,
      );
  }
  let minScore: number | undefined;
  if (values['min-score'] !== undefined) {
    minScore = Number(values['min-score']);
    if (!Number.isFinite(minScore) || minScore < 0 || minScore > 100)
      return usageError(io, 'mutate', `--min-score takes a percentage from 0 to 100; found "${values['min-score']}"`);
  }

  const discovery = discoverScenarioFiles(positionals.length > 0 ? positionals : [DEFAULT_PATH], io.cwd);
  for (const problem of discovery.problems) io.stderr(`iamspec mutate: ${problem}\n`);
  if (discovery.problems.length > 0 || discovery.files.length === 0) {
    if (discovery.files.length === 0 && discovery.problems.length === 0) io.stderr('iamspec mutate: no scenario files found\n');
    return 2;
  }
  const scenarios: Scenario[] = [];
  let invalid = false;
  for (const file of discovery.files) {
    try {
      scenarios.push(loadScenarioFile(file, { cwd: io.cwd }));
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      invalid = true;
      for (const issue of error.issues) io.stderr(`iamspec mutate: ${formatScenarioIssue(issue)}\n`);
    }
  }
  if (invalid) return 2;

  const report = runMutation(scenarios, {
    ...(operators ? { operators } : {}),
    includeKnownDefects: values['include-known-defects'] === true,
  });
  const document =
    format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : format === 'markdown'
        ? renderMutationMarkdown(report, { limit: 100 })
        : renderMutationText(report);
  if (!writeReport(io, 'mutate', values.output, document)) return 2;
  if (values.output !== undefined) io.stdout(`mutation score ${(report.totals.score * 100).toFixed(1)}%\n`);
  if (minScore !== undefined && report.totals.score * 100 < minScore) {
    io.stderr(`iamspec mutate: the mutation score ${(report.totals.score * 100).toFixed(1)}% is below --min-score ${minScore}\n`);
    return 1;
  }
  return 0;
}

export const command: CliCommand = {
  name: 'mutate',
  summary: SUMMARIES.mutate,
  usage,
  run,
};
