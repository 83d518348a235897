/**
 * Statement coverage from a scenario run's decisions: counts per statement, what no case exercised,
 * the --min-coverage gate, and the table, JSON and lcov renderings.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { casesOfRun, checkMinCoverage, coverageFromRun, coverageOf, unexercised, type CoverageReport } from '../../src/gate/coverage';
import { renderCoverageJson, renderCoverageTable, renderLcov } from '../../src/reporters/coverage';
import { policiesOfScenario } from '../../src/gate/mutate';
import { evaluate, policyFromObject } from '../../src/index';
import { loadScenarioFile } from '../../src/scenarios/load';
import { runScenarioSuite } from '../../src/scenarios/suite';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const DIR = 'test/fixtures/gate/mutate';
const TABLE_FILE = `${DIR}/policies/table.json`;

function runCoverage(paths: readonly string[]): CoverageReport {
  const result = runScenarioSuite(paths, { cwd: repo, keepDecisions: true });
  const scenarios = result.files.map((f) => loadScenarioFile(f.path, { cwd: repo }));
  return coverageFromRun(result, scenarios.flatMap(policiesOfScenario));
}

describe('coverage of the two fixture scenarios that share a policy file', () => {
  const report = runCoverage([DIR]);
  const table = report.policies.filter((p) => p.file === TABLE_FILE);
  const [allow, deny] = table[0]!.statements;

  it('counts the shared policy file once, whatever each scenario file calls it', () => {
    expect(table).toHaveLength(1);
    expect(report.totals).toMatchObject({ cases: 3, statements: 4, coveredStatements: 3, statementPercent: 75 });
  });

  it('counts, per statement, the cases it was in play, matched, applied and decided in', () => {
    expect(allow).toMatchObject({ evaluated: 3, matched: 3, applied: 2, decided: 2 });
    // The Deny is in play in every case but never matches its action.
    expect(deny).toMatchObject({ evaluated: 3, matched: 0, applied: 0, decided: 0 });
  });

  it('counts, per condition value, the cases whose request matched it, and those without the key', () => {
    const [leadingKeys, select] = allow!.conditions;
    expect(leadingKeys).toMatchObject({
      operator: 'ForAllValues:StringLike',
      key: 'dynamodb:LeadingKeys',
      line: 11,
      values: [{ value: 'reader#*', cases: 2 }],
      keyAbsent: 0,
    });
    expect(select).toMatchObject({
      operator: 'StringEqualsIfExists',
      key: 'dynamodb:Select',
      values: [{ value: 'SPECIFIC_ATTRIBUTES', cases: 0 }],
      keyAbsent: 3,
    });
  });

  it('lists what no case exercised', () => {
    const gaps = unexercised(report);
    expect(gaps.statements.map((s) => s.statement.label)).toEqual(['NobodyDeletesTheTable']);
    expect(gaps.values.map((v) => [v.statement.label, v.condition.key, v.value])).toEqual([
      ['ReaderReadsOwnItems', 'dynamodb:Select', 'SPECIFIC_ATTRIBUTES'],
    ]);
  });

  it('gates on --min-coverage', () => {
    expect(checkMinCoverage(report, 75)).toMatchObject({ ok: true });
    const below = checkMinCoverage(report, 80);
    expect(below.ok).toBe(false);
    expect(below.message).toBe('statement coverage 75% is below the minimum of 80%: 1 of 4 statements never applied in any case');
    expect(() => checkMinCoverage(report, 120)).toThrow(RangeError);
  });

  it('renders a terminal table with the gaps', () => {
    const table = renderCoverageTable(report);
    expect(table).toMatch(/^ {2}ReaderReadsOwnItems\s+4\s+Allow\s+3\s+3\s+2\s+2$/m);
    expect(table).toMatch(/^ {2}NobodyDeletesTheTable\s+15\s+Deny\s+3\s+0\s+0\s+0$/m);
    expect(table).toContain('statements covered: 3/4 (75%); condition values exercised: 1/2 (50%); 3 cases');
    expect(table).toContain(`table#NobodyDeletesTheTable (${TABLE_FILE}:15): no case made this Deny apply`);
  });

  it('renders JSON with the gaps listed', () => {
    const parsed = JSON.parse(renderCoverageJson(report));
    expect(parsed.totals.statementPercent).toBe(75);
    expect(parsed.unexercised.statements[0].statement.label).toBe('NobodyDeletesTheTable');
  });

  it('renders lcov keyed to the policy file lines', () => {
    const lcov = renderLcov(report);
    const record = lcov.split('end_of_record').find((r) => r.includes(`SF:${TABLE_FILE}`))!;
    const lines = record.trim().split('\n');
    expect(lines).toEqual([
      'TN:iamspec',
      `SF:${TABLE_FILE}`,
      'FN:4,table#ReaderReadsOwnItems',
      'FN:15,table#NobodyDeletesTheTable',
      'FNDA:2,table#ReaderReadsOwnItems',
      'FNDA:0,table#NobodyDeletesTheTable',
      'FNF:2',
      'FNH:1',
      'BRDA:11,0,0,2',
      'BRDA:12,0,1000,0',
      'BRF:2',
      'BRH:1',
      'DA:4,2',
      'DA:15,0',
      'LF:2',
      'LH:1',
    ]);
    // Exactly one record per file.
    expect(lcov.match(new RegExp(`SF:${TABLE_FILE}`, 'g'))).toHaveLength(1);
  });
});

describe('coverage fails closed and holds its invariants', () => {
  it('refuses a run that dropped the decisions of passing cases', () => {
    const result = runScenarioSuite([DIR], { cwd: repo });
    expect(() => casesOfRun(result.files)).toThrow(/keepDecisions/);
  });

  it('on the repository scenarios, applied <= matched <= in play and decided <= applied for every statement', () => {
    const report = runCoverage(['scenarios/']);
    const statements = report.policies.flatMap((p) => p.statements);
    expect(statements.length).toBeGreaterThan(10);
    for (const s of statements) {
      expect(s.applied).toBeLessThanOrEqual(s.matched);
      expect(s.matched).toBeLessThanOrEqual(s.evaluated);
      expect(s.decided).toBeLessThanOrEqual(s.applied);
      for (const c of s.conditions) for (const v of c.values) expect(v.cases).toBeLessThanOrEqual(s.matched);
    }
  });

  it('reads the negated and Null operators the way their values are exercised', () => {
    const policy = policyFromObject(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'NotVpce',
            Effect: 'Deny',
            Action: 'dynamodb:*',
            Resource: '*',
            Condition: { StringNotEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } },
          },
          {
            Sid: 'Tagged',
            Effect: 'Allow',
            Action: 'dynamodb:*',
            Resource: '*',
            Condition: { Null: { 'aws:PrincipalTag/team': ['false'] } },
          },
        ],
      },
      { name: 'p', kind: 'identity' },
    );
    const decide = (context: Record<string, string>) =>
      evaluate(
        { principal: 'arn:aws:iam::111122223333:user/u', action: 'dynamodb:GetItem', resource: '*', context },
        { identityPolicies: [policy] },
      );
    const report = coverageOf(
      [
        { scenario: 's', name: 'through vpce-1', decisions: [decide({ 'aws:SourceVpce': 'vpce-1' })] },
        { scenario: 's', name: 'tagged, no endpoint', decisions: [decide({ 'aws:PrincipalTag/team': 'a' })] },
      ],
      [policy],
    );
    const [notVpce, tagged] = report.policies[0]!.statements;
    // vpce-1 was the request's value (the one the Deny excludes); vpce-2 never was.
    expect(notVpce!.conditions[0]!.values).toEqual([
      { value: 'vpce-1', cases: 1 },
      { value: 'vpce-2', cases: 0 },
    ]);
    expect(notVpce!.conditions[0]!.keyAbsent).toBe(1);
    expect(notVpce!.applied).toBe(1);
    // Null "false" is exercised by a request that carries the key.
    expect(tagged!.conditions[0]!.values).toEqual([{ value: 'false', cases: 1 }]);
  });
});
