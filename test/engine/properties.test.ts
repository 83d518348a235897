import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, type PolicySetInput, type RequestInput } from '../../src/index';
import { policySetArb, requestArb, statementArb } from '../support/arbitraries';

type Doc = { Version: string; Statement: Record<string, unknown>[] };
const decisionOf = (request: RequestInput, set: PolicySetInput) => evaluate(request, set).decision;
const RUNS = { numRuns: 1500 };

describe('properties of the evaluator (fast-check)', () => {
  it('never throws on a well-formed request against valid policies', () => {
    fc.assert(
      fc.property(policySetArb, requestArb, (set, request) => {
        expect(['Allow', 'ExplicitDeny', 'ImplicitDeny']).toContain(decisionOf(request as RequestInput, set));
      }),
      RUNS,
    );
  });

  it('adding a Deny statement never turns a decision into Allow', () => {
    fc.assert(
      fc.property(
        policySetArb,
        requestArb,
        statementArb(false, 'Deny'),
        statementArb(true, 'Deny'),
        fc.boolean(),
        (set, request, idDeny, rbDeny, toResource) => {
          const before = decisionOf(request as RequestInput, set);
          const after =
            toResource && set.resourcePolicy
              ? decisionOf(request as RequestInput, {
                  ...set,
                  resourcePolicy: { ...set.resourcePolicy, Statement: [...(set.resourcePolicy as Doc).Statement, rbDeny] },
                })
              : decisionOf(request as RequestInput, {
                  ...set,
                  identityPolicies: [...set.identityPolicies, { Version: '2012-10-17', Statement: [idDeny] }],
                });
          if (after === 'Allow') expect(before).toBe('Allow');
          if (before !== 'Allow') expect(after).not.toBe('Allow');
        },
      ),
      RUNS,
    );
  });

  it('removing an Allow statement never turns a decision into Allow', () => {
    fc.assert(
      fc.property(policySetArb, requestArb, fc.nat(), (set, request, pick) => {
        const docs: Doc[] = [...(set.identityPolicies as Doc[]), ...(set.resourcePolicy ? [set.resourcePolicy as Doc] : [])];
        const allows = docs.flatMap((doc, d) => doc.Statement.map((s, i) => ({ d, i, s })).filter((x) => x.s.Effect === 'Allow'));
        fc.pre(allows.length > 0);
        const { d, i } = allows[pick % allows.length]!;
        const trimmed = docs.map((doc, k) => (k === d ? { ...doc, Statement: doc.Statement.filter((_, j) => j !== i) } : doc));
        fc.pre(trimmed[d]!.Statement.length > 0);
        const identityCount = set.identityPolicies.length;
        const smaller: PolicySetInput = {
          identityPolicies: trimmed.slice(0, identityCount),
          ...(set.resourcePolicy ? { resourcePolicy: trimmed[identityCount] } : {}),
        };
        const before = decisionOf(request as RequestInput, set);
        const after = decisionOf(request as RequestInput, smaller);
        if (after === 'Allow') expect(before).toBe('Allow');
      }),
      RUNS,
    );
  });

  it('the decision does not depend on statement order', () => {
    fc.assert(
      fc.property(policySetArb, requestArb, fc.nat(), (set, request, seed) => {
        const shuffle = (doc: Doc): Doc => {
          const statements = [...doc.Statement];
          for (let i = statements.length - 1; i > 0; i--) {
            const j = (seed + i * 7919) % (i + 1);
            [statements[i], statements[j]] = [statements[j]!, statements[i]!];
          }
          return { ...doc, Statement: statements };
        };
        const shuffled: PolicySetInput = {
          identityPolicies: (set.identityPolicies as Doc[]).map(shuffle).reverse(),
          ...(set.resourcePolicy ? { resourcePolicy: shuffle(set.resourcePolicy as Doc) } : {}),
        };
        expect(decisionOf(request as RequestInput, shuffled)).toBe(decisionOf(request as RequestInput, set));
      }),
      RUNS,
    );
  });

  it('explicit denies name only Deny statements and allows only Allow statements', () => {
    fc.assert(
      fc.property(policySetArb, requestArb, (set, request) => {
        const d = evaluate(request as RequestInput, set);
        const effects = d.trace
          .flatMap((p) => p.statements)
          .filter((s) => d.decidedBy.some((r) => r.policy === s.statement.policy && r.index === s.statement.index));
        for (const s of effects) {
          expect(s.applied).toBe(true);
          expect(s.effect).toBe(d.decision === 'ExplicitDeny' ? 'Deny' : 'Allow');
        }
        if (d.decision === 'ImplicitDeny') expect(d.missing.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });
});
