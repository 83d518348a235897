import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { escapeData, escapeProperty, githubReport } from '../../src/reporters/github';
import { jsonReport } from '../../src/reporters/json';
import { junitReport, xmlEscape } from '../../src/reporters/junit';
import { textReport } from '../../src/reporters/text';
import type { StatementRef } from '../../src/policy/model';
import type { CaseResult } from '../../src/scenarios/run';
import { totalsOf, type FileResult, type SuiteResult } from '../../src/scenarios/suite';

const REF: StatementRef = {
  policy: 'central',
  kind: 'resource',
  sid: 'Read',
  index: 0,
  label: 'Read',
  file: 'policies/central.json',
  line: 4,
  column: 5,
};

function caseResult(fields: Partial<CaseResult> & Pick<CaseResult, 'name' | 'status'>): CaseResult {
  return {
    line: 10,
    column: 5,
    expected: 'allow',
    decision: undefined,
    decidedBy: [],
    reason: undefined,
    missing: [],
    message: undefined,
    explanation: undefined,
    knownDefect: undefined,
    decisions: [],
    ...fields,
  };
}

const FILES: FileResult[] = [
  {
    file: 'scenarios/a.iam.yaml',
    path: '/x/scenarios/a.iam.yaml',
    description: 'Tenants & <friends>',
    issues: [],
    cases: [
      caseResult({ name: 'reads', status: 'passed', decision: 'Allow', decidedBy: [REF], line: 8 }),
      caseResult({
        name: 'other tenant',
        status: 'passed',
        expected: 'implicit-deny',
        decision: 'ImplicitDeny',
        missing: ['the resource-based policy'],
        line: 14,
      }),
      caseResult({
        name: 'writes "100%", <b>',
        status: 'failed',
        decision: 'ImplicitDeny',
        line: 20,
        column: 5,
        message: 'expected allow, got ImplicitDeny',
        explanation: 'ImplicitDeny: x\n  reason: a & b\u0007',
      }),
      caseResult({
        name: 'typo',
        status: 'error',
        line: 26,
        message: 'line 30: decidedBy "central#Reed": no such statement',
        problems: [
          {
            code: 'invalid-scenario',
            severity: 'error',
            message: 'decidedBy "central#Reed": no such statement',
            location: { file: 'scenarios/a.iam.yaml', line: 30, column: 16 },
          },
        ],
      }),
      caseResult({
        name: 'defect, known',
        status: 'not-run',
        line: 32,
        knownDefect: 'prefix, not exact',
        message: 'known defect, not run by default',
      }),
    ],
  },
  {
    file: 'scenarios/b.iam.yaml',
    path: '/x/scenarios/b.iam.yaml',
    description: undefined,
    cases: [],
    issues: [
      {
        code: 'invalid-scenario',
        severity: 'error',
        location: { file: 'scenarios/b.iam.yaml', line: 3, column: 7 },
        file: 'scenarios/b.iam.yaml',
        line: 3,
        column: 7,
        message: 'unknown key "principle" in a case',
      },
    ],
  },
];
const RESULT: SuiteResult = { files: FILES, problems: ['nope/: no such file or directory'], totals: totalsOf(FILES) };

describe('the text reporter', () => {
  test('its pieces (written one by one for long runs) are the document, the summary line last', () => {
    for (const color of [false, true]) {
      const report = textReport(RESULT, { color });
      const parts = [...report.parts!()];
      expect(parts.join('')).toBe(report.document);
      // One piece per file, starting with its name; then the notes; then the summary.
      FILES.forEach((file, i) => expect(parts[i]).toContain(file.file));
      expect(parts.slice(FILES.length, -1).join('')).toContain('no scenario file: nope/');
      expect(parts[parts.length - 1]).toContain('passed');
      expect(parts.every((p) => p.endsWith('\n'))).toBe(true);
    }
  });

  test('prints each case with its outcome and deciding statement, the traces of failures, and the summary last', () => {
    const { document, summaryInDocument } = textReport(RESULT, { color: false });
    expect(summaryInDocument).toBe(true);
    expect(document.split('\n')).toEqual([
      'scenarios/a.iam.yaml — Tenants & <friends>',
      '  ✓ reads  Allow by central#Read (policies/central.json:4)',
      '  ✓ other tenant  ImplicitDeny: no Allow from the resource-based policy',
      '  ✗ writes "100%", <b>  scenarios/a.iam.yaml:20:5',
      '      expected allow, got ImplicitDeny',
      '      ImplicitDeny: x',
      '        reason: a & b\u0007',
      '  ✗ typo  scenarios/a.iam.yaml:26:5  (could not be evaluated)',
      '      line 30: decidedBy "central#Reed": no such statement',
      '  ○ defect, known  not run: known defect (scenarios/a.iam.yaml:32)',
      '',
      'scenarios/b.iam.yaml',
      '  ✗ the file could not be loaded:',
      '      scenarios/b.iam.yaml:3:7: unknown key "principle" in a case',
      '',
      'no scenario file: nope/: no such file or directory',
      '1 file could not be loaded; its cases did not run',
      '1 case could not be evaluated',
      '1 known-defect case not run (--include-known-defects runs it)',
      '2 passed, 2 failed',
      '',
    ]);
  });
});

describe('the JSON reporter', () => {
  test('has the documented shape', () => {
    const report = JSON.parse(jsonReport(RESULT).document) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['version', 'files', 'problems', 'totals', 'passed']);
    expect(report).toMatchObject({
      version: 1,
      passed: false,
      problems: ['nope/: no such file or directory'],
      totals: { files: 2, cases: 5, passed: 2, failed: 1, errors: 1, notRun: 1, invalidFiles: 1 },
    });
    const files = report.files as Record<string, unknown>[];
    expect(files[0]).toMatchObject({ file: 'scenarios/a.iam.yaml', description: 'Tenants & <friends>', valid: true, issues: [] });
    expect((files[0]!.cases as unknown[])[0]).toEqual({
      name: 'reads',
      line: 8,
      column: 5,
      expected: 'allow',
      decision: 'Allow',
      decidedBy: [
        { policy: 'central', kind: 'resource', sid: 'Read', index: 0, label: 'Read', file: 'policies/central.json', line: 4, column: 5 },
      ],
      passed: true,
      status: 'passed',
      reason: null,
      message: null,
      problems: [],
      explanation: null,
      knownDefect: null,
    });
    expect((files[0]!.cases as Record<string, unknown>[])[3]).toMatchObject({
      status: 'error',
      problems: [
        {
          code: 'invalid-scenario',
          severity: 'error',
          message: 'decidedBy "central#Reed": no such statement',
          location: { file: 'scenarios/a.iam.yaml', line: 30, column: 16, path: null },
          suggestion: null,
        },
      ],
    });
    expect((files[0]!.cases as Record<string, unknown>[])[4]).toMatchObject({
      status: 'not-run',
      passed: false,
      decision: null,
      knownDefect: 'prefix, not exact',
    });
    expect(files[1]).toEqual({
      file: 'scenarios/b.iam.yaml',
      description: null,
      valid: false,
      issues: [
        {
          code: 'invalid-scenario',
          severity: 'error',
          message: 'unknown key "principle" in a case',
          location: { file: 'scenarios/b.iam.yaml', line: 3, column: 7, path: null },
          suggestion: null,
          file: 'scenarios/b.iam.yaml',
          line: 3,
          column: 7,
        },
      ],
      cases: [],
    });
  });

  test('passed is true only for a run where every case ran and passed', () => {
    const good: FileResult[] = [{ ...FILES[0]!, cases: FILES[0]!.cases.slice(0, 2) }];
    expect((JSON.parse(jsonReport({ files: good, problems: [], totals: totalsOf(good) }).document) as { passed: boolean }).passed).toBe(
      true,
    );
    expect((JSON.parse(jsonReport({ files: [], problems: [], totals: totalsOf([]) }).document) as { passed: boolean }).passed).toBe(false);
  });
});

/** Elements open and close in order, attributes are quoted, and no raw `<` or `&` is left in text. */
function wellFormed(xml: string): boolean {
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^?]*\?>\n/, '');
  const tag = /<(\/?)([A-Za-z-]+)((?:\s+[A-Za-z-]+="[^"<&]*(?:&(?:amp|lt|gt|quot|apos);[^"<&]*)*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const text = body.slice(last, m.index);
    if (/[<>]|&(?!(amp|lt|gt|quot|apos);)/.test(text)) return false;
    last = tag.lastIndex;
    if (m[1]) {
      if (stack.pop() !== m[2]) return false;
    } else if (!m[4]) stack.push(m[2]!);
  }
  return stack.length === 0 && body.slice(last).trim() === '';
}

describe('the JUnit reporter', () => {
  test('a suite per file, a testcase per case with file and line; failure, error and skipped', () => {
    const { document, summaryInDocument } = junitReport(RESULT);
    expect(summaryInDocument).toBe(false);
    expect(wellFormed(document)).toBe(true);
    expect(document).toContain('<testsuites name="iamspec" tests="7" failures="1" errors="3" skipped="1">');
    expect(document).toContain(
      '<testsuite name="scenarios/a.iam.yaml" file="scenarios/a.iam.yaml" tests="5" failures="1" errors="1" skipped="1">',
    );
    expect(document).toContain(
      '<testcase name="writes &quot;100%&quot;, &lt;b&gt;" classname="scenarios/a.iam.yaml" file="scenarios/a.iam.yaml" line="20">',
    );
    expect(document).toContain(
      '<failure message="expected allow, got ImplicitDeny" ' +
        'type="expectation">scenarios/a.iam.yaml:20:5\nexpected allow, got ImplicitDeny\nImplicitDeny: ' +
        'x\n  reason: a &amp; b</failure>',
    );
    expect(document).toContain('<skipped message="known defect, not run by default"/>');
    expect(document).toMatch(
      new RegExp(
        /<testcase name="the scenario file loads"[^>]*line="3">\n\s*<error message="the /.source +
          /scenario file could not be loaded" /.source +
          /type="invalid-file">scenarios\/b\.iam\.yaml:3:7: unknown key /.source +
          /&quot;principle&quot; in a case<\/error>/.source,
      ),
    );
  });

  test('any text escapes to well-formed XML (fast-check)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (name, message) => {
        const files: FileResult[] = [{ ...FILES[0]!, cases: [caseResult({ name, status: 'failed', message, explanation: message })] }];
        expect(wellFormed(junitReport({ files, problems: [], totals: totalsOf(files) }).document)).toBe(true);
      }),
    );
    expect(xmlEscape('a\u0000b\u001fc&<>"\'')).toBe('abc&amp;&lt;&gt;&quot;&apos;');
  });
});

describe('the GitHub reporter', () => {
  test('annotations at the YAML line, then the text report ending in the summary', () => {
    const { document } = githubReport(RESULT, { color: true });
    const lines = document.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '::error file=scenarios/a.iam.yaml,line=20,col=5,title=iamspec%3A writes "100%25"%2C ' +
        '<b>::expected allow, got ImplicitDeny%0AImplicitDeny: x%0A  reason: a & b\u0007',
      '::error file=scenarios/a.iam.yaml,line=26,col=5,title=iamspec%3A typo::line 30: decidedBy "central#Reed": no such statement',
      '::notice file=scenarios/a.iam.yaml,line=32,col=5,title=iamspec%3A known defect not run%3A defect%2C known::prefix, not exact',
      '::error file=scenarios/b.iam.yaml,line=3,col=7,title=iamspec%3A invalid scenario file::unknown key "principle" in a case',
      '::error title=iamspec%3A no scenario file::nope/: no such file or directory',
    ]);
    expect(document).not.toContain('\u001b[');
    expect(document.trimEnd().split('\n').pop()).toBe('2 passed, 2 failed');
  });

  test('escaping: a message never breaks out of its line (fast-check)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(escapeData(text)).not.toMatch(/[\r\n]/);
        expect(escapeProperty(text)).not.toMatch(/[\r\n:,]/);
        // Unescaping gives the text back.
        const back = escapeProperty(text)
          .replace(/%0D/g, '\r')
          .replace(/%0A/g, '\n')
          .replace(/%3A/g, ':')
          .replace(/%2C/g, ',')
          .replace(/%25/g, '%');
        expect(back).toBe(text);
      }),
    );
  });
});
