import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { exitCodeOf, runScenarioSuite } from '../../src/scenarios/suite';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

describe("the example scenarios in scenarios/ (the announcement's situation)", () => {
  test('all pass in the default run, with the prefix-mistake case left out and said so', () => {
    const result = runScenarioSuite(['scenarios/'], { cwd: REPO });
    expect(result.problems).toEqual([]);
    expect(result.files.flatMap((f) => f.issues)).toEqual([]);
    const notPassed = result.files.flatMap((f) =>
      f.cases.filter((c) => c.status !== 'passed').map((c) => `${f.file}: ${c.name}: ${c.status} ${c.message ?? ''}`),
    );
    expect(notPassed).toEqual([
      expect.stringMatching(/announcement-3-fine-grained-query\.iam\.yaml: .*as published: not-run known defect/),
    ]);
    expect(result.totals.passed).toBeGreaterThanOrEqual(40);
    expect(exitCodeOf(result)).toBe(0);
  });

  test('with --include-known-defects, the as-published example 3 fails on its prefix mistake and the corrected one passes', () => {
    const result = runScenarioSuite(['scenarios/announcement-3-fine-grained-query.iam.yaml'], { cwd: REPO, includeKnownDefects: true });
    const cases = result.files[0]!.cases;
    const published = cases.find((c) => c.name.endsWith('on the policy as published'))!;
    expect(published).toMatchObject({ status: 'failed', decision: 'ImplicitDeny' });
    expect(published.explanation).toMatch(
      /ForAllValues:StringEquals on dynamodb:LeadingKeys: the request has \["ProductCatalog-42"\], the policy wants \["ProductCatalog-"\]/,
    );
    const corrected = cases.find((c) => c.name === 'foo queries ProductCatalog-42 for two attributes')!;
    expect(corrected.status).toBe('passed');
    expect(exitCodeOf(result)).toBe(1);
  });

  test('the examples cover what the issue lists', () => {
    const result = runScenarioSuite(['scenarios/'], { cwd: REPO });
    const all = result.files.flatMap((f) => f.cases.map((c) => ({ file: f.file, ...c })));
    const decided = (kind: string) => all.filter((c) => c.decision === kind).length;
    expect(new Set(all.map((c) => c.file)).size).toBe(5); // the tenants, and the four example policies
    expect(all.some((c) => c.name.includes('by name alone') && c.status === 'passed')).toBe(true); // a bare table name
    expect(all.some((c) => c.name.includes("by the table's ARN") && c.decision === 'Allow')).toBe(true); // by ARN
    expect(all.filter((c) => c.decidedBy.some((r) => r.policy === 'example-4' && r.label === 'Statement5')).length).toBeGreaterThanOrEqual(
      3,
    ); // the VPC-endpoint rule
    expect(decided('Allow')).toBeGreaterThan(0);
    expect(decided('ExplicitDeny')).toBeGreaterThan(0);
    expect(decided('ImplicitDeny')).toBeGreaterThan(0);
  });
});
