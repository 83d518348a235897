/**
 * `iamspec diff` on two versions of a scenario world: the tenants example with an identity policy
 * and a table policy changed, and the no-miss property over random worlds (two principals with their
 * own identity policies, one table with its own resource policy).
 */
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffWorlds } from '../../src/gate/diff-worlds';
import type { CliIO } from '../../src/cli/command';
import { command as diffCommand } from '../../src/cli/commands/diff';
import { evaluate, type PolicySetInput, type RequestInput, type StatementRef } from '../../src/index';
import { loadScenarioFile, loadScenarioText } from '../../src/scenarios/load';
import type { Scenario } from '../../src/scenarios/model';
import { mutationArb, policyArb, requestArb, type Document } from './arbitraries';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const OLD = 'test/fixtures/gate/world/old/tenants.iam.yaml';
const NEW = 'test/fixtures/gate/world/new/tenants.iam.yaml';

async function runDiff(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: repo, color: false };
  return { code: await diffCommand.run(args, io), stdout, stderr };
}

describe('diff of two scenario worlds', () => {
  it('finds what an identity-policy change and a table-policy change open, principal by principal', () => {
    const diff = diffWorlds(loadScenarioFile(OLD, { cwd: repo }), loadScenarioFile(NEW, { cwd: repo }));
    expect(diff.evaluatedAs).toBe('world');
    expect(diff.exact).toBe(true);
    const summary = diff.changes.map((c) => [
      c.direction,
      (c.request.principal as { arn: string }).arn ?? c.request.principal,
      c.request.action,
      c.request.context?.['dynamodb:LeadingKeys'] ?? null,
    ]);
    expect(summary).toEqual([
      ['widened', 'arn:aws:sts::333333333333:assumed-role/bravo-reader/bravo-fn', 'dynamodb:GetItem', ['bravo1']],
      ['widened', 'arn:aws:sts::333333333333:assumed-role/bravo-reader/bravo-fn', 'dynamodb:Query', ['bravo1']],
      ['widened', 'arn:aws:sts::444444444444:assumed-role/charlie-reader/charlie-fn', 'dynamodb:Query', null],
    ]);
    // Both sides of the cross-account grant decide it now.
    expect(diff.changes[2]!.after.decidedBy.map((r) => `${r.policy}#${r.label}`)).toEqual([
      'charlie-reader#ReadTheCentralTable',
      'central#CharlieReadsItsItems',
    ]);
    expect(diff.principalsOnlyIn).toEqual({ old: [], new: [] });
  });

  it('is what `iamspec diff OLD.iam.yaml NEW.iam.yaml` runs, and it fails the gate', async () => {
    const result = await runDiff([OLD, NEW]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Scenario world: evaluated as the scenario world');
    expect((await runDiff([OLD, OLD])).code).toBe(0);
  });

  it('refuses to mix a world and a policy, and to write scenarios for worlds', async () => {
    expect((await runDiff([OLD, 'test/fixtures/gate/3-prefix-only.json'])).code).toBe(2);
    expect((await runDiff([OLD, NEW, '--write-scenarios', 'unused'])).code).toBe(2);
  });
});

/** A world of two principals in two accounts and one table, each with its own policy. */
function worldText(alice: Document, bob: Document, table: Document): string {
  return JSON.stringify({
    policies: { alice: { document: alice }, bob: { document: bob }, table: { document: table } },
    principals: {
      alice: { arn: 'arn:aws:iam::111122223333:user/alice', identityPolicies: ['alice'] },
      bob: { arn: 'arn:aws:iam::444455556666:user/bob', identityPolicies: ['bob'] },
    },
    resources: { music: { arn: 'arn:aws:dynamodb:us-east-1:111122223333:table/Music', policy: 'table' } },
    // A scenario file needs a case; the diff does not look at them.
    cases: [{ name: 'placeholder', principal: 'alice', action: 'dynamodb:GetItem', resource: 'music', expect: 'deny' }],
  });
}

function world(alice: Document, bob: Document, table: Document): Scenario {
  return loadScenarioText(worldText(alice, bob, table), { path: 'world.iam.yaml', cwd: repo });
}

/** The oracle: the world's policy set for a request, built independently of diff-worlds.ts. */
function setOf(w: Scenario, name: string, resource: string): PolicySetInput {
  const principal = w.principals.get(name)!;
  const table = w.resources[0]!;
  const governed = resource === table.arn || resource.startsWith(`${table.arn}/index/`);
  return {
    identityPolicies: principal.caller.identityPolicies,
    ...(governed && table.side.resourcePolicy ? { resourcePolicy: table.side.resourcePolicy } : {}),
  };
}

describe('diffWorlds never misses a changed decision', () => {
  it('property: random worlds and small edits of one of their policies', () => {
    const edit = fc.tuple(fc.constantFrom(0, 1, 2), mutationArb(true), mutationArb(false));
    fc.assert(
      fc.property(
        policyArb(false),
        policyArb(false),
        policyArb(true),
        edit,
        fc.array(requestArb, { minLength: 15, maxLength: 15 }),
        (alice, bob, table, [which, resourceEdit, identityEdit], requests) => {
          const next = [alice, bob, table].map((doc, i) => (i !== which ? doc : i === 2 ? resourceEdit(doc) : identityEdit(doc))) as [
            Document,
            Document,
            Document,
          ];
          const before = world(alice, bob, table);
          const after = world(...next);
          const diff = diffWorlds(before, after);
          expect(diff.bounds).toEqual([]);
          const shape = (decision: string, refs: readonly StatementRef[]) =>
            `${decision}[${refs.map((r) => `${r.policy}#${r.index}`).join(',')}]`;
          const reported = new Set(
            diff.changes.map((c) => `${shape(c.before.decision, c.before.decidedBy)}>${shape(c.after.decision, c.after.decidedBy)}`),
          );
          for (const [name, arn] of [
            ['alice', 'arn:aws:iam::111122223333:user/alice'],
            ['bob', 'arn:aws:iam::444455556666:user/bob'],
          ] as const) {
            for (const r of requests) {
              const request: RequestInput = { ...r, principal: arn };
              const resource = request.resource ?? '*';
              const b = evaluate(request, setOf(before, name, resource));
              const a = evaluate(request, setOf(after, name, resource));
              if (b.decision === a.decision) continue;
              const seen = `${shape(b.decision, b.decidedBy)}>${shape(a.decision, a.decidedBy)}`;
              if (!reported.has(seen))
                throw new Error(
                  `missed ${seen} for ${JSON.stringify(request)}; reported ${[...reported].join(' | ')}\nbefore: ` +
                    `${JSON.stringify([alice, bob, table])}\nafter: ${JSON.stringify(next)}`,
                );
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 30_000); // 60 worlds take 4–6 s on a loaded machine: past the 5 s default, not wrong
});
