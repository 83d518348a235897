/**
 * The JUnit XML report, as CI systems read it: a `testsuite` per scenario file, a `testcase` per
 * case with its file and line; a failure carries the decision trace, a known defect left out of
 * the run is `skipped`, a file that does not load is one `testcase` in `error`.
 */
import { formatScenarioIssue } from '../scenarios/errors';
import type { CaseResult } from '../scenarios/run';
import type { SuiteResult } from '../scenarios/suite';
import type { Report } from './report';
import { outcomeText } from './summary';

// XML 1.0 allows tab, line feed, carriage return and most of the rest; other control characters cannot appear even escaped.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlEscape(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attr = (name: string, value: string | number) => ` ${name}="${xmlEscape(String(value))}"`;

function testcase(c: CaseResult, file: string): string {
  const head = `    <testcase${attr('name', c.name)}${attr('classname', file)}${attr('file', file)}${attr('line', c.line)}`;
  switch (c.status) {
    case 'passed':
      return `${head}>\n      <system-out>${xmlEscape(outcomeText(c))}</system-out>\n    </testcase>`;
    case 'not-run':
      return `${head}>\n      <skipped${attr('message', c.message ?? 'known defect')}/>\n    </testcase>`;
    case 'failed':
    case 'error': {
      const element = c.status === 'failed' ? 'failure' : 'error';
      const body = [`${file}:${c.line}:${c.column}`, c.message ?? '', c.explanation ?? ''].filter((s) => s !== '').join('\n');
      return (
        `${head}>\n      ` +
        `<${element}${attr('message', c.message ?? '')}` +
        `${attr('type', c.status === 'failed' ? 'expectation' : 'invalid-case')}>${xmlEscape(body)}` +
        `</${element}>\n    </testcase>`
      );
    }
  }
}

export function junitReport(result: SuiteResult): Report {
  const t = result.totals;
  const suites: string[] = [];
  for (const file of result.files) {
    const count = (status: CaseResult['status']) => file.cases.filter((c) => c.status === status).length;
    const invalid = file.issues.length > 0;
    const tests = invalid ? 1 : file.cases.length;
    const open =
      `  <testsuite${attr('name', file.file)}${attr('file', file.file)}` +
      `${attr('tests', tests)}` +
      `${attr('failures', count('failed'))}` +
      `${attr('errors', invalid ? 1 : count('error'))}${attr('skipped', count('not-run'))}>`;
    const body = invalid
      ? [
          `    <testcase${attr('name', 'the scenario file loads')}` +
            `${attr('classname', file.file)}` +
            `${attr('file', file.file)}${attr('line', file.issues[0]?.line ?? 1)}>\n      ` +
            `<error${attr('message', 'the scenario file could not be loaded')}` +
            `${attr('type', 'invalid-file')}>${xmlEscape(file.issues.map(formatScenarioIssue).join('\n'))}` +
            `</error>\n    </testcase>`,
        ]
      : file.cases.map((c) => testcase(c, file.file));
    suites.push([open, ...body, '  </testsuite>'].join('\n'));
  }
  if (result.problems.length > 0) {
    const cases = result.problems.map(
      (p) =>
        `    <testcase${attr('name', p)}${attr('classname', 'inputs')}>\n      ` +
        `<error${attr('message', p)}${attr('type', 'no-scenario-file')}/>\n    </testcase>`,
    );
    suites.push(
      [
        `  <testsuite${attr('name', 'inputs')}${attr('tests', cases.length)}` +
          `${attr('failures', 0)}${attr('errors', cases.length)}${attr('skipped', 0)}>`,
        ...cases,
        '  </testsuite>',
      ].join('\n'),
    );
  }
  const tests = result.files.reduce((n, f) => n + (f.issues.length > 0 ? 1 : f.cases.length), 0) + result.problems.length;
  const errors = t.errors + t.invalidFiles + result.problems.length;
  const document = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attr('name', 'iamspec')}${attr('tests', tests)}` +
      `${attr('failures', t.failed)}${attr('errors', errors)}${attr('skipped', t.notRun)}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
  return { document, summaryInDocument: false };
}
