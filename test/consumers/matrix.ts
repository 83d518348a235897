/**
 * The assertions every combination of the consumer matrix must pass, as a describe block per
 * combination; vitest.test.ts and jest.test.ts call it for their runner's combinations (two files,
 * so the two halves run in parallel).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FixtureProject } from '../support/fixture-project';
import { checkProject, createProject, outputOf, readReport, runnerArgs, type ProjectOutcome } from './check-project';
import { DECIDING_STATEMENT, FAILING_TEST, PASSING_TEST, scenarioFiles, type Combination } from './projects';

/** The tests a project's scenario files make, each passing. */
function scenarioTestNames(c: Combination): Record<string, string> {
  const labels = Object.keys(scenarioFiles(c.runner === 'vitest' && c.shards === true)).map((path) =>
    path.replace(/^scenarios\/|\.iam\.yaml$/g, ''),
  );
  return Object.fromEntries(
    labels.flatMap((label) => [
      [`${label} reads`, 'passed'],
      [`${label} cannot delete`, 'passed'],
    ]),
  );
}

export function describeCombination(c: Combination): void {
  describe(`${c.name}: ${c.why}`, () => {
    let project: FixtureProject | undefined;
    let outcome: ProjectOutcome;
    beforeAll(async () => {
      project = await createProject(c);
      outcome = await checkProject(c, project);
    }, 600_000);
    afterAll(() => project?.cleanup());

    test('one matcher test passes, one fails naming the deciding statement, and the scenario cases pass', () => {
      const { run } = outcome;
      expect(run.timedOut).toBe(false);
      expect(outcome.tests, outputOf(run, outcome.project)).toEqual({
        [PASSING_TEST]: 'passed',
        [FAILING_TEST]: 'failed',
        ...scenarioTestNames(c),
      });
      expect(run.code).toBe(1);
      expect(outcome.failures[FAILING_TEST]).toContain('Received: "ExplicitDeny"');
      expect(outcome.failures[FAILING_TEST]).toContain(DECIDING_STATEMENT);
    });

    test('tsc --noEmit accepts the project', () => {
      expect(outputOf(outcome.tsc, outcome.project).trim()).toBe('');
      expect(outcome.tsc.code).toBe(0);
    });

    if (c.runner === 'vitest' && c.shards) {
      test('--shard=1/2 and --shard=2/2 run each scenario file exactly once between them', async () => {
        const shards = [];
        for (const n of [1, 2]) {
          const [command, args] = runnerArgs('vitest', `shard${n}.json`, [`--shard=${n}/2`]);
          const run = await outcome.project.run(command, args, { timeoutMs: 120_000 });
          expect(run.timedOut).toBe(false);
          shards.push(
            readReport(outcome.project, `shard${n}.json`).testResults.map((r) => r.name.replace(/^.*\/(scenarios|test)\//, '$1/')),
          );
        }
        const scenarioFilesRun = shards.map((files) => files.filter((f) => f.endsWith('.iam.yaml')));
        expect(scenarioFilesRun.every((files) => files.length > 0)).toBe(true);
        expect(scenarioFilesRun.flat().sort()).toEqual(Object.keys(scenarioFiles(true)).sort());
        expect(shards.flat().filter((f) => f.endsWith('.test.ts'))).toEqual(['test/orders-table.test.ts']);
      }, 300_000);
    }
  });
}
