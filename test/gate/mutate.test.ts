/**
 * Mutation testing: which changes each operator makes, that scenarios run against mutants
 * in-process, that a mutant any scenario file notices is killed, and that survivors come with the
 * statement, the change and a request that would notice them.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isVisibleTo } from '../../src/gate/visible-witness';
import { mutationsOf, policiesOfScenario, replacePolicy, runMutation, type Mutant } from '../../src/gate/mutate';
import type { CliIO } from '../../src/cli/command';
import { command as mutateCommand } from '../../src/cli/commands/mutate';
import { evaluate, policyFromObject } from '../../src/index';
import { loadScenarioFile } from '../../src/scenarios/load';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const DIR = 'test/fixtures/gate/mutate';
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/gate/mutate/${name}`, import.meta.url));

describe('mutationsOf', () => {
  const document = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Read',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:role/r' },
        Action: ['dynamodb:GetItem', 'dynamodb:Query'],
        Resource: 'arn:aws:dynamodb:us-east-1:222222222222:table/t',
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': 'a' }, StringNotEqualsIfExists: { 'aws:SourceVpce': 'v' } },
      },
      { Sid: 'Guard', Effect: 'Deny', Principal: '*', Action: 'dynamodb:DeleteTable', Resource: '*' },
    ],
  };

  it('makes each kind of change the issue names, once per place it applies', () => {
    const specs = mutationsOf(document);
    expect(specs.map((s) => [s.statementIndex, s.operator, s.description])).toEqual([
      [0, 'drop-condition', 'drop condition ForAllValues:StringEquals dynamodb:LeadingKeys "a"'],
      [0, 'string-equals-to-like', 'ForAllValues:StringEquals → ForAllValues:StringLike'],
      [0, 'swap-set-qualifier', 'ForAllValues:StringEquals → ForAnyValue:StringEquals'],
      [0, 'drop-condition', 'drop condition StringNotEqualsIfExists aws:SourceVpce "v"'],
      [0, 'string-equals-to-like', 'StringNotEqualsIfExists → StringNotLikeIfExists'],
      [0, 'widen-resource', 'Resource "arn:aws:dynamodb:us-east-1:222222222222:table/t" → "*"'],
      [0, 'widen-principal', 'Principal {"AWS":"arn:aws:iam::111111111111:role/r"} → "*"'],
      [0, 'drop-action', 'drop "dynamodb:GetItem" from Action'],
      [0, 'drop-action', 'drop "dynamodb:Query" from Action'],
      [1, 'remove-deny', 'remove the Deny statement'],
    ]);
  });

  it('changes only a copy, and each mutant is a policy that loads', () => {
    const before = JSON.stringify(document);
    for (const spec of mutationsOf(document)) {
      expect(() => policyFromObject(spec.document)).not.toThrow();
    }
    expect(JSON.stringify(document)).toBe(before);
    const removed = mutationsOf(document).find((s) => s.operator === 'remove-deny')!;
    expect((removed.document.Statement as unknown[]).length).toBe(1);
  });

  it('really changes decisions: dropping the LeadingKeys condition allows another partition', () => {
    const spec = mutationsOf(document).find((s) => s.description.startsWith('drop condition ForAllValues'))!;
    const request = {
      principal: 'arn:aws:iam::111111111111:role/r',
      action: 'dynamodb:GetItem',
      resource: 'arn:aws:dynamodb:us-east-1:222222222222:table/t',
      context: { 'dynamodb:LeadingKeys': ['b'] },
    };
    const identity = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    expect(evaluate(request, { resourcePolicy: document, identityPolicies: [identity] }).decision).toBe('ImplicitDeny');
    expect(evaluate(request, { resourcePolicy: spec.document, identityPolicies: [identity] }).decision).toBe('Allow');
  });
});

describe('replacePolicy', () => {
  it('swaps one compiled policy everywhere and keeps every part that does not hold it', () => {
    const scenario = loadScenarioFile(fixture('reads.iam.yaml'), { cwd: repo });
    const [table] = policiesOfScenario(scenario).filter((p) => p.name === 'table');
    const other = policyFromObject({ Version: '2012-10-17', Statement: [] }, { name: 'table', kind: 'resource' });
    const replaced = replacePolicy(scenario, table!, other);
    expect(policiesOfScenario(replaced)).not.toContain(table);
    expect(policiesOfScenario(replaced)).toContain(other);
    // The principals map holds no table policy: it is the same object, so caches keyed by it still hit.
    expect(replaced.principals).toBe(scenario.principals);
    expect(replaced.resources).not.toBe(scenario.resources);
    expect(policiesOfScenario(scenario)).toContain(table);
  });
});

describe('runMutation on two scenario files that share a policy', () => {
  const scenarios = ['reads.iam.yaml', 'queries.iam.yaml'].map((f) => loadScenarioFile(fixture(f), { cwd: repo }));
  const report = runMutation(scenarios);
  const find = (status: Mutant['status'], description: string) =>
    report.mutants.filter((m) => m.status === status && m.description.startsWith(description));

  it('kills what some case notices, in either file', () => {
    expect(find('killed', 'drop condition ForAllValues:StringLike dynamodb:LeadingKeys')[0]!.killedBy).toMatchObject({
      scenario: `${DIR}/reads.iam.yaml`,
      case: "the reader cannot get another tenant's item",
    });
    // Only the second file queries: dropping Query is noticed there.
    expect(find('killed', 'drop "dynamodb:Query"')[0]!.killedBy).toMatchObject({ scenario: `${DIR}/queries.iam.yaml` });
    expect(find('killed', 'drop "dynamodb:GetItem"')).toHaveLength(1);
  });

  it('reports survivors with their statement, the change and a request that would notice them', () => {
    const removeDeny = find('survived', 'remove the Deny statement')[0]!;
    expect(removeDeny.statement).toMatchObject({ label: 'NobodyDeletesTheTable', line: 15, file: `${DIR}/policies/table.json` });
    expect(removeDeny.witness).toMatchObject({ original: 'ExplicitDeny', mutant: 'Allow', request: { action: 'dynamodb:DeleteTable' } });
    const widened = find('survived', 'Principal')[0]!;
    expect(widened.witness!.mutant).toBe('Allow');
    expect(report.survivors).toContain(removeDeny);
  });

  it(
    'suggests for a table policy only requests that policy takes part in: its table or an index, an ' + 'action a table policy can grant',
    () => {
      const TABLE = 'arn:aws:dynamodb:us-east-1:222222222222:table/orders';
      const [widened, widenedDeny] = find('survived', 'Resource');
      // The Allow on the table alone, widened to "*", now covers the table's indexes: a Query on one notices it.
      expect(widened!.statement.index).toBe(0);
      expect(widened!.witness).toMatchObject({
        original: 'ImplicitDeny',
        mutant: 'Allow',
        request: { action: 'dynamodb:Query', resource: `${TABLE}/index/iamspec-index` },
      });
      // The Deny of DeleteTable widened to "*" changes nothing the table's policy ever sees
      // (DeleteTable has no index): no request to suggest.
      expect(widenedDeny!.statement.label).toBe('NobodyDeletesTheTable');
      expect(widenedDeny!.witness).toBeUndefined();
      for (const survivor of report.survivors.filter((m) => m.policy === 'table' && m.witness)) {
        expect(isVisibleTo(survivor.witness!.request, [TABLE]), JSON.stringify(survivor.witness!.request)).toBe(true);
      }
    },
  );

  it('leaves mutants no request can tell apart out of the score as equivalent', () => {
    expect(find('equivalent', 'StringEqualsIfExists → StringLikeIfExists')).toHaveLength(1);
    const t = report.totals;
    expect(t.mutants).toBe(t.killed + t.survived + t.equivalent + t.invalid);
    expect(t.score).toBeCloseTo(t.killed / (t.killed + t.survived));
    expect(t).toMatchObject({ killed: 3, survived: 6, equivalent: 1, invalid: 0 });
    expect(report.failingCases).toEqual([]);
  });
});

async function runMutate(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: repo, color: false };
  const code = await mutateCommand.run(args, io);
  return { code, stdout, stderr };
}

describe('iamspec mutate', () => {
  it('prints the score and each survivor with its file and line', async () => {
    const result = await runMutate([DIR]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`table#NobodyDeletesTheTable (${DIR}/policies/table.json:15): remove the Deny statement`);
    expect(result.stdout).toContain('killed 3, survived 6, equivalent 1, invalid 0');
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('mutation score 33.3%');
  });

  it('gives the report as JSON', async () => {
    const parsed = JSON.parse((await runMutate([DIR, '--format', 'json'])).stdout);
    expect(parsed.totals.killed).toBe(3);
    expect(parsed.survivors).toHaveLength(6);
  });

  it('gates on --min-score and narrows to --operators', async () => {
    expect((await runMutate([DIR, '--min-score', '50'])).code).toBe(1);
    expect((await runMutate([DIR, '--min-score', '30'])).code).toBe(0);
    const onlyActions = JSON.parse((await runMutate([DIR, '--operators', 'drop-action', '--format', 'json'])).stdout);
    expect(onlyActions.totals).toMatchObject({ mutants: 2, killed: 2, score: 1 });
  });

  it.each([
    [['no/such/dir'], /no such file or directory/],
    [[DIR, '--operators', 'flip-everything'], /unknown operator flip-everything/],
    [[DIR, '--min-score', '150'], /--min-score takes a percentage/],
  ])('exits 2 for %j', async (args, message) => {
    const result = await runMutate(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe('isVisibleTo: the requests a resource-based policy takes part in', () => {
  const TABLE = 'arn:aws:dynamodb:us-east-1:222222222222:table/orders';
  const STREAM = `${TABLE}/stream/2026-01-01T00:00:00.000`;
  it.each([
    ['GetItem on the table', { action: 'dynamodb:GetItem', resource: TABLE }, [TABLE], true],
    ['Query on an index of the table', { action: 'dynamodb:Query', resource: `${TABLE}/index/byDate` }, [TABLE], true],
    [
      'AssociateTableReplica on the table (a table policy can grant it)',
      { action: 'dynamodb:AssociateTableReplica', resource: TABLE },
      [TABLE],
      true,
    ],
    [
      "GetItem on another account's table of that name",
      { action: 'dynamodb:GetItem', resource: 'arn:aws:dynamodb:us-east-1:999999999901:table/orders' },
      [TABLE],
      false,
    ],
    [
      'GetItem on another table',
      { action: 'dynamodb:GetItem', resource: 'arn:aws:dynamodb:us-east-1:222222222222:table/iamspec-table' },
      [TABLE],
      false,
    ],
    ['AssociateTableReplica on *', { action: 'dynamodb:AssociateTableReplica', resource: '*' }, [TABLE], false],
    ['ListTables (no table policy grants it)', { action: 'dynamodb:ListTables', resource: TABLE }, [TABLE], false],
    ["GetRecords on the stream, for the table's policy", { action: 'dynamodb:GetRecords', resource: STREAM }, [TABLE], false],
    ["GetRecords on the stream, for the stream's policy", { action: 'dynamodb:GetRecords', resource: STREAM }, [STREAM], true],
    ["GetItem on the table, for the stream's policy", { action: 'dynamodb:GetItem', resource: TABLE }, [STREAM], false],
  ] as const)('%s', (_, request, attached, visible) => {
    expect(isVisibleTo(request, attached)).toBe(visible);
  });
});
