/**
 * The text report: each file, each case with its outcome and the statement that decided it, the
 * trace of every failure, and `N passed, N failed` as the last line.
 */
import { formatScenarioIssue } from '../scenarios/errors';
import type { CaseResult } from '../scenarios/run';
import type { FileResult, SuiteResult } from '../scenarios/suite';
import type { Report, ReportOptions } from './report';
import { paint as paintWhen, type Style } from './ansi';
import { outcomeText, summaryLine, summaryNotes } from './summary';

type Paint = (style: Style, text: string) => string;

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : by + line))
    .join('\n');
}

function caseLines(c: CaseResult, file: string, paint: Paint): string[] {
  switch (c.status) {
    case 'passed':
      return [`  ${paint('green', '✓')} ${c.name}  ${paint('dim', outcomeText(c))}`];
    case 'not-run':
      return [`  ${paint('yellow', '○')} ${c.name}  ${paint('dim', `not run: known defect (${file}:${c.line})`)}`];
    case 'failed':
    case 'error': {
      const lines = [
        `  ${paint('red', '✗')} ${c.name}  ${paint('red', `${file}:${c.line}:${c.column}`)}`,
        indent(c.message ?? '', '      '),
      ];
      if (c.status === 'error') lines[0] += paint('red', '  (could not be evaluated)');
      if (c.explanation) lines.push(indent(c.explanation, '      '));
      return lines;
    }
  }
}

export function textReport(result: SuiteResult, options: ReportOptions): Report {
  let document: string | undefined;
  return {
    get document() {
      return (document ??= [...textParts(result, options)].join(''));
    },
    summaryInDocument: true,
    parts: () => textParts(result, options),
  };
}

/** The text report file by file, then the notes, then the summary line: each piece ends with a newline. */
function* textParts(result: SuiteResult, options: ReportOptions): Generator<string> {
  for (const file of result.files) yield textOfFile(file, options);
  for (const note of summaryNotes(result)) yield `${note}\n`;
  const t = result.totals;
  const summary = summaryLine(result);
  const paint = painter(options);
  yield `${t.failed + t.errors > 0 || t.invalidFiles > 0 ? paint('red', summary) : paint('green', summary)}\n`;
}

/**
 * One file's block of the text report. With `summaryNotes` and `summaryLine` after the last one, a
 * run can be printed as each file finishes, holding nothing but the totals (`iamspec test` does so
 * with this reporter).
 */
export function textOfFile(file: FileResult, options: ReportOptions): string {
  const paint = painter(options);
  const lines: string[] = [];
  lines.push(paint('bold', file.description ? `${file.file} — ${file.description}` : file.file));
  if (file.issues.length > 0) {
    lines.push(`  ${paint('red', '✗')} the file could not be loaded:`);
    for (const issue of file.issues) lines.push(indent(formatScenarioIssue(issue), '      '));
  }
  for (const c of file.cases) for (const line of caseLines(c, file.file, paint)) lines.push(line);
  lines.push('');
  return `${lines.join('\n')}\n`;
}

function painter(options: ReportOptions): Paint {
  return (style, text) => paintWhen(options.color, style, text);
}
