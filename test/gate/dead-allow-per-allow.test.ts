/**
 * dead-allow judges each Allow against only the Denies that may meet it, over those statements'
 * request classes. As a property on random policies, against the computation over the whole
 * policy's classes (`findDeadAllowsOverWholePolicy`): an Allow one of them calls dead (exactly)
 * the other calls dead too, blocked by the same Denies. (Where they disagree, the message says
 * whether the request that the other found really uses the Allow.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeAllowsTogether, judgeEachAllow, type DeadAllow } from '../../src/checks/dead-allow';
import { evaluate, policyFromObject } from '../../src/index';
import { policyArb, statementArb, type Document } from './arbitraries';

/** Allows and Denies mixed, several of each, some Denies mirroring an earlier statement: dead Allows are common. */
function mixedPolicyArb(withPrincipal: boolean): fc.Arbitrary<Document> {
  const entry = fc.tuple(statementArb(withPrincipal), fc.constantFrom('Allow', 'Deny'), fc.nat(4));
  return fc.array(entry, { minLength: 2, maxLength: 7 }).map((entries) => ({
    Version: '2012-10-17',
    Statement: entries.map(([s, effect, mirror], i) => {
      const source = effect === 'Deny' && mirror < i ? entries[mirror]![0] : s;
      const { Sid: _sid, Condition: _condition, ...rest } = source;
      return { ...rest, ...(s.Condition === undefined ? {} : { Condition: s.Condition }), Effect: effect };
    }),
  }));
}

const blockers = (d: DeadAllow) => d.blockedBy.map((r) => r.index);

describe('dead-allow per Allow gives the whole-policy verdicts', () => {
  for (const asResource of [true, false]) {
    it(`${asResource ? 'resource' : 'identity'}-based policies`, () => {
      let agreed = 0;
      fc.assert(
        fc.property(fc.oneof(policyArb(asResource), { arbitrary: mixedPolicyArb(asResource), weight: 3 }), (doc) => {
          const policy = policyFromObject(doc, { name: 'p', kind: asResource ? 'resource' : 'identity' });
          const reference = judgeAllowsTogether(policy);
          const fast = judgeEachAllow(policy);
          const set = asResource ? { resourcePolicy: policy } : { identityPolicies: [policy] };
          for (const [mine, theirs] of [
            [fast, reference],
            [reference, fast],
          ] as const) {
            for (const d of mine.dead.filter((x) => x.exact)) {
              const other = theirs.dead.find((x) => x.statement.index === d.statement.index);
              // Called dead exactly by one, usable by the other: show the other's request is wrong.
              if (other === undefined) {
                const request = theirs.witnesses.get(d.statement.index);
                const applied =
                  request === undefined
                    ? []
                    : evaluate(request, set)
                        .trace.find((t) => t.policy === 'p')!
                        .statements.filter((s) => s.applied);
                const usedBy = applied.some((s) => s.statement.index === d.statement.index) && !applied.some((s) => s.effect === 'Deny');
                throw new Error(
                  `statement ${d.statement.label}: dead for one computation, ${usedBy ? 'and' : 'but'} usable for ` +
                    `the other by ${JSON.stringify(request)} in ${JSON.stringify(doc)}`,
                );
              }
              if (other.exact) {
                expect(blockers(d)).toEqual(blockers(other));
                agreed++;
              }
            }
          }
        }),
        { numRuns: 300 },
      );
      // The property said something: some generated policies had dead Allows both called dead exactly.
      expect(agreed).toBeGreaterThan(10);
    }, 180_000);
  }
});
