/**
 * GitHub Actions: an annotation (`::error file=…,line=…,col=…::…`) at the YAML line of every
 * failed case and every problem of a file that does not load, a notice for each known defect left
 * out, then the text report, whose last line is `N passed, N failed`.
 */
import type { SuiteResult } from '../scenarios/suite';
import type { Report, ReportOptions } from './report';
import { textReport } from './text';

/** Escapes the message of a workflow command (GitHub's toolkit escapes exactly these). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value (file, title): also the separators `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Text printed in a GitHub Actions log that iamspec does not mean as a workflow command: a line
 * (after any indentation) that starts with `::` is one to the runner, so the first colon pair is
 * broken with a space. Case names, messages and policy names are the user's text, and a case
 * named `"x\n::warning::y"` must not annotate the run.
 */
export function neutralizeCommands(text: string): string {
  return text.replace(/^([ \t]*):(?=:)/gm, '$1: ');
}

function annotation(
  level: 'error' | 'notice',
  where: { file: string; line?: number | undefined; column?: number | undefined },
  title: string,
  message: string,
): string {
  const properties = [`file=${escapeProperty(where.file)}`];
  if (where.line !== undefined) properties.push(`line=${where.line}`);
  if (where.column !== undefined) properties.push(`col=${where.column}`);
  properties.push(`title=${escapeProperty(title)}`);
  return `::${level} ${properties.join(',')}::${escapeData(message)}`;
}

export function githubReport(result: SuiteResult, options: ReportOptions): Report {
  const lines: string[] = [];
  for (const file of result.files) {
    for (const issue of file.issues) lines.push(annotation('error', issue, 'iamspec: invalid scenario file', issue.message));
    for (const c of file.cases) {
      if (c.status === 'failed' || c.status === 'error') {
        const message = [c.message ?? '', c.explanation ?? ''].filter((s) => s !== '').join('\n');
        lines.push(annotation('error', { file: file.file, line: c.line, column: c.column }, `iamspec: ${c.name}`, message));
      } else if (c.status === 'not-run') {
        lines.push(
          annotation(
            'notice',
            { file: file.file, line: c.line, column: c.column },
            `iamspec: known defect not run: ${c.name}`,
            c.knownDefect ?? '',
          ),
        );
      }
    }
  }
  for (const problem of result.problems) lines.push(`::error title=${escapeProperty('iamspec: no scenario file')}::${escapeData(problem)}`);
  const text = textReport(result, { ...options, color: false });
  return { document: `${lines.length > 0 ? `${lines.join('\n')}\n` : ''}${neutralizeCommands(text.document)}`, summaryInDocument: true };
}
