/**
 * Statement coverage of a scenario run: for each policy and statement, in how many cases it was in
 * play, matched the request's principal, action and resource, applied, and decided; which
 * statements no case made apply; which condition values no request ever matched. Pure functions
 * over the decisions a run already made (each case's `Decision` and its lazy trace) and the compiled
 * policies, plus renderers: a terminal table, JSON, and lcov keyed to the policy files' lines so
 * that the coverage views people already use show which statements no test reached.
 *
 * A statement counts as covered when at least one case made it apply: like a line of code that ran.
 * A condition value counts as exercised when at least one request matched it (for a negated
 * operator that is the request it excludes; for `Null`, the key absent for "true" and present for
 * "false"), in a case where the statement's principal, action and resource matched.
 */
import { conditionHolds, requestValues, variableLookup } from '../engine/conditions';
import type { Decision } from '../engine/decision-types';
import type { Condition, ConditionValues, Policy, Statement, StatementRef } from '../policy/model';

/** One case of a run, as coverage needs it. */
export interface CoverageCase {
  readonly scenario: string;
  readonly name: string;
  /** The case's decisions: one for an action case, one per request for a call. */
  readonly decisions: readonly Decision[];
}

export interface ConditionValueCoverage {
  readonly value: string;
  /** Cases in which a request matched it. */
  readonly cases: number;
}

export interface ConditionCoverage {
  readonly operator: string;
  readonly key: string;
  readonly line: number | undefined;
  readonly values: readonly ConditionValueCoverage[];
  /** Cases in which the statement matched and the request did not carry the key. */
  readonly keyAbsent: number;
}

export interface StatementCoverage {
  readonly statement: StatementRef;
  readonly effect: 'Allow' | 'Deny';
  /** Cases in which its policy was in play. */
  readonly evaluated: number;
  /** Cases in which its Principal, Action and Resource matched (its conditions were looked at). */
  readonly matched: number;
  /** Cases in which it applied (every condition held). */
  readonly applied: number;
  /** Cases in which it was among the deciding statements. */
  readonly decided: number;
  readonly conditions: readonly ConditionCoverage[];
}

export interface PolicyCoverage {
  readonly policy: string;
  readonly file: string | undefined;
  readonly statements: readonly StatementCoverage[];
}

export interface CoverageTotals {
  readonly cases: number;
  readonly statements: number;
  /** Statements that applied in at least one case. */
  readonly coveredStatements: number;
  readonly conditionValues: number;
  readonly exercisedValues: number;
  /** coveredStatements / statements, as a percentage (100 when there are none). */
  readonly statementPercent: number;
  readonly valuePercent: number;
}

export interface CoverageReport {
  readonly policies: readonly PolicyCoverage[];
  readonly totals: CoverageTotals;
}

/** Where a statement is, across the compiled copies different scenario files make of one policy. */
function statementKey(ref: StatementRef): string {
  return ref.file !== undefined && ref.line !== undefined
    ? `${ref.file}:${ref.line}:${ref.column ?? 0}`
    : `${ref.file ?? ''}#${ref.policy}#${ref.index}`;
}

/** Scenario files hold inline policies; a policy file holds one policy, whatever scenarios call it. */
const SCENARIO_FILE = /\.iam\.ya?ml$/;
function policyKey(policy: Policy): string {
  return policy.file !== undefined && !SCENARIO_FILE.test(policy.file)
    ? `file:${policy.file}`
    : `inline:${policy.file ?? ''}#${policy.name}`;
}

/** Whether a request matched one value of a condition (the positive reading of its operator). */
function valueMatched(condition: Condition, index: number, decision: Decision, lookup: ReturnType<typeof variableLookup>): boolean {
  const op = condition.operator;
  const compiled = condition.compiled;
  if (op.family === 'Null') {
    const absent = requestValues(condition, decision.request) === undefined;
    return (compiled.values as readonly boolean[])[index] === absent;
  }
  const single = {
    ...condition,
    rawValues: [condition.rawValues[index]!],
    compiled: { family: compiled.family, values: [(compiled.values as readonly unknown[])[index]] } as ConditionValues,
    operator: { ...op, negated: false, ifExists: false, qualifier: 'ForAnyValue' as const },
  } satisfies Condition;
  return conditionHolds(single, decision.request, lookup);
}

interface Counter {
  readonly statement: Statement;
  evaluated: number;
  matched: number;
  applied: number;
  decided: number;
  readonly valueCases: number[][];
  readonly absentCases: number[];
}

/**
 * Coverage of `policies` by `cases`. Statements are matched to the decisions' traces by file and
 * position (or policy name and index for policies that came from no text), so that a policy file
 * used by several scenario files is one entry, whichever name each file gives it.
 */
export function coverageOf(cases: readonly CoverageCase[], policies: readonly Policy[]): CoverageReport {
  const groups = new Map<string, { policy: Policy; counters: Counter[] }>();
  const byStatement = new Map<string, Counter>();
  for (const policy of policies) {
    const key = policyKey(policy);
    if (groups.has(key)) {
      // Another compiled copy of the same policy: its statements are the same statements.
      const group = groups.get(key)!;
      policy.statements.forEach((s, i) => {
        const counter = group.counters[i];
        if (counter) byStatement.set(statementKey(s.ref), counter);
      });
      continue;
    }
    const counters = policy.statements.map((statement): Counter => ({
      statement,
      evaluated: 0,
      matched: 0,
      applied: 0,
      decided: 0,
      valueCases: statement.conditions.map((c) => c.rawValues.map(() => 0)),
      absentCases: statement.conditions.map(() => 0),
    }));
    counters.forEach((c) => byStatement.set(statementKey(c.statement.ref), c));
    groups.set(key, { policy, counters });
  }

  for (const testCase of cases) {
    // Per case, each statement counts once however many requests the case made.
    const seen = { evaluated: new Set<Counter>(), matched: new Set<Counter>(), applied: new Set<Counter>(), decided: new Set<Counter>() };
    const values = new Set<string>();
    const absent = new Set<string>();
    for (const decision of testCase.decisions) {
      for (const ref of decision.decidedBy) {
        const counter = byStatement.get(statementKey(ref));
        if (counter) seen.decided.add(counter);
      }
      const lookup = variableLookup(decision.request);
      for (const trace of decision.trace) {
        for (const s of trace.statements) {
          const counter = byStatement.get(statementKey(s.statement));
          if (!counter) continue;
          seen.evaluated.add(counter);
          if (s.applied) seen.applied.add(counter);
          if (!s.applied && s.mismatch?.element !== 'Condition') continue;
          seen.matched.add(counter);
          counter.statement.conditions.forEach((condition, ci) => {
            if (requestValues(condition, decision.request) === undefined) absent.add(`${statementKey(s.statement)}|${ci}`);
            condition.rawValues.forEach((_, vi) => {
              if (valueMatched(condition, vi, decision, lookup)) values.add(`${statementKey(s.statement)}|${ci}|${vi}`);
            });
          });
        }
      }
    }
    for (const c of seen.evaluated) c.evaluated++;
    for (const c of seen.matched) c.matched++;
    for (const c of seen.applied) c.applied++;
    for (const c of seen.decided) c.decided++;
    for (const key of values) {
      const [statement, ci, vi] = splitKey(key);
      byStatement.get(statement)!.valueCases[ci]![vi]!++;
    }
    for (const key of absent) {
      const [statement, ci] = splitKey(key);
      byStatement.get(statement)!.absentCases[ci]!++;
    }
  }

  const report: PolicyCoverage[] = [...groups.values()].map(({ policy, counters }) => ({
    policy: policy.name,
    file: policy.file,
    statements: counters.map((c) => ({
      statement: c.statement.ref,
      effect: c.statement.effect,
      evaluated: c.evaluated,
      matched: c.matched,
      applied: c.applied,
      decided: c.decided,
      conditions: c.statement.conditions.map((condition, ci) => ({
        operator: condition.operator.name,
        key: condition.key,
        line: condition.line,
        values: condition.rawValues.map((value, vi) => ({ value, cases: c.valueCases[ci]![vi]! })),
        keyAbsent: c.absentCases[ci]!,
      })),
    })),
  }));
  return { policies: report, totals: totalsOf(report, cases.length) };
}

function splitKey(key: string): [string, number, number] {
  const parts = key.split('|');
  const vi = parts.length === 3 ? Number(parts.pop()) : 0;
  const ci = Number(parts.pop());
  return [parts.join('|'), ci, vi];
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : Math.round((part / whole) * 1000) / 10;
}

function totalsOf(policies: readonly PolicyCoverage[], cases: number): CoverageTotals {
  const statements = policies.flatMap((p) => p.statements);
  const values = statements.flatMap((s) => s.conditions.flatMap((c) => c.values));
  const coveredStatements = statements.filter((s) => s.applied > 0).length;
  const exercisedValues = values.filter((v) => v.cases > 0).length;
  return {
    cases,
    statements: statements.length,
    coveredStatements,
    conditionValues: values.length,
    exercisedValues,
    statementPercent: percent(coveredStatements, statements.length),
    valuePercent: percent(exercisedValues, values.length),
  };
}

interface RunFile {
  readonly file: string;
  readonly cases: readonly { readonly name: string; readonly status: string; readonly decisions: readonly Decision[] }[];
}

/**
 * The run's cases as coverage reads them: every case that was decided. Fails closed when a decided
 * case has no decisions (a run without `keepDecisions` drops those of passing cases): coverage
 * computed without them would report tested statements as untested.
 */
export function casesOfRun(files: readonly RunFile[]): CoverageCase[] {
  const out: CoverageCase[] = [];
  for (const f of files) {
    for (const c of f.cases) {
      const decided = c.status === 'passed' || c.status === 'failed';
      if (decided && c.decisions.length === 0) {
        throw new RangeError(
          `coverage needs every case's decisions, and case "${c.name}" of ${f.file} has none: run the scenarios with keepDecisions: true`,
        );
      }
      if (c.decisions.length > 0) out.push({ scenario: f.file, name: c.name, decisions: c.decisions });
    }
  }
  return out;
}

/**
 * Coverage of a scenario run (`runScenarioSuite`'s result, run with `keepDecisions: true`) over the
 * policies its scenarios use. `policies` are the compiled policies of the loaded scenarios
 * (`policiesOfScenario` in `mutate.ts` collects them from a `Scenario`).
 */
export function coverageFromRun(result: { readonly files: readonly RunFile[] }, policies: readonly Policy[]): CoverageReport {
  return coverageOf(casesOfRun(result.files), policies);
}

export interface CoverageGate {
  readonly ok: boolean;
  readonly message: string;
}

/** `--min-coverage N`: statement coverage must be at least N percent. */
export function checkMinCoverage(report: CoverageReport, minimum: number): CoverageGate {
  if (!Number.isFinite(minimum) || minimum < 0 || minimum > 100)
    throw new RangeError(`--min-coverage takes a percentage from 0 to 100; found ${minimum}`);
  const t = report.totals;
  const ok = t.statementPercent >= minimum;
  return {
    ok,
    message: ok
      ? `statement coverage ${t.statementPercent}% meets the minimum of ${minimum}%`
      : `statement coverage ${t.statementPercent}% is below the minimum of ${minimum}%: ` +
        `${t.statements - t.coveredStatements} of ${t.statements} statements never applied in any case`,
  };
}

export interface Unexercised {
  readonly statements: readonly StatementCoverage[];
  readonly values: readonly { readonly statement: StatementRef; readonly condition: ConditionCoverage; readonly value: string }[];
}

/** The statements no case made apply, and the condition values no request matched. */
export function unexercised(report: CoverageReport): Unexercised {
  const statements = report.policies.flatMap((p) => p.statements);
  return {
    statements: statements.filter((s) => s.applied === 0),
    values: statements.flatMap((s) =>
      s.conditions.flatMap((condition) =>
        condition.values.filter((v) => v.cases === 0).map((v) => ({ statement: s.statement, condition, value: v.value })),
      ),
    ),
  };
}
