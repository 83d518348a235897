/**
 * The JSON report. Its shape is documented (docs/cli.md) and stable: fields are added, never
 * renamed or removed, and `version` changes if that ever has to happen.
 */
import type { StatementRef } from '../policy/model';
import type { Problem, Severity } from '../problems/problem';
import type { ScenarioIssue } from '../scenarios/errors';
import type { CaseResult } from '../scenarios/run';
import type { SuiteResult } from '../scenarios/suite';
import type { Report } from './report';

export const JSON_REPORT_VERSION = 1;

export interface JsonStatementRef {
  readonly policy: string;
  readonly kind: string | null;
  readonly sid: string | null;
  readonly index: number;
  readonly label: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
}

export interface JsonCase {
  readonly name: string;
  readonly line: number;
  readonly column: number;
  readonly expected: string;
  readonly decision: string | null;
  readonly decidedBy: readonly JsonStatementRef[];
  readonly passed: boolean;
  readonly status: CaseResult['status'];
  readonly reason: string | null;
  readonly message: string | null;
  /** Why a case could not be evaluated, as problems; empty for the other cases. */
  readonly problems: readonly JsonProblem[];
  readonly explanation: string | null;
  readonly knownDefect: string | null;
}

/** Where a problem stands, each part null when not known. */
export interface JsonProblemLocation {
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly path: string | null;
}

/** A problem (see `src/problems`) as the report writes it: every field present, null when absent. */
export interface JsonProblem {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly location: JsonProblemLocation;
  readonly suggestion: string | null;
}

/** A problem of a scenario file; `file`, `line` and `column` repeat its location (they came first). */
export interface JsonIssue extends JsonProblem {
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;
}

export interface JsonFile {
  readonly file: string;
  readonly description: string | null;
  readonly valid: boolean;
  readonly issues: readonly JsonIssue[];
  readonly cases: readonly JsonCase[];
}

export interface JsonReport {
  readonly version: number;
  readonly files: readonly JsonFile[];
  readonly problems: readonly string[];
  readonly totals: SuiteResult['totals'];
  readonly passed: boolean;
}

function refJson(ref: StatementRef): JsonStatementRef {
  return {
    policy: ref.policy,
    kind: ref.kind ?? null,
    sid: ref.sid ?? null,
    index: ref.index,
    label: ref.label,
    file: ref.file ?? null,
    line: ref.line ?? null,
    column: ref.column ?? null,
  };
}

export function problemJson(problem: Problem): JsonProblem {
  const at = problem.location;
  return {
    code: problem.code,
    severity: problem.severity,
    message: problem.message,
    location: { file: at?.file ?? null, line: at?.line ?? null, column: at?.column ?? null, path: at?.path ?? null },
    suggestion: problem.suggestion ?? null,
  };
}

function issueJson(issue: ScenarioIssue): JsonIssue {
  return { ...problemJson(issue), file: issue.file, line: issue.line ?? null, column: issue.column ?? null };
}

export function toJsonReport(result: SuiteResult): JsonReport {
  const t = result.totals;
  return {
    version: JSON_REPORT_VERSION,
    files: result.files.map((file) => ({
      file: file.file,
      description: file.description ?? null,
      valid: file.issues.length === 0,
      issues: file.issues.map(issueJson),
      cases: file.cases.map((c) => ({
        name: c.name,
        line: c.line,
        column: c.column,
        expected: c.expected,
        decision: c.decision ?? null,
        decidedBy: c.decidedBy.map(refJson),
        passed: c.status === 'passed',
        status: c.status,
        reason: c.reason ?? null,
        message: c.message ?? null,
        problems: (c.problems ?? []).map(problemJson),
        explanation: c.explanation ?? null,
        knownDefect: c.knownDefect ?? null,
      })),
    })),
    problems: result.problems,
    totals: t,
    passed: result.problems.length === 0 && t.invalidFiles === 0 && t.failed === 0 && t.errors === 0 && t.passed > 0,
  };
}

export function jsonReport(result: SuiteResult): Report {
  return { document: `${JSON.stringify(toJsonReport(result), null, 2)}\n`, summaryInDocument: false };
}
