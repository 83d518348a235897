/**
 * dead-allow's promise, as a property: when it says (exactly) that no request can use an Allow,
 * then in every request AWS can send where that Allow applies, a Deny of the same policy applies
 * too. Random policies and requests over the diff properties' vocabulary.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDeadAllows } from '../../src/checks/dead-allow';
import { impossibleContext } from '../../src/request-space/possible-requests';
import { evaluate, policyFromObject, type RequestContext } from '../../src/index';
import { policyArb, requestArb, statementArb, type Document } from './arbitraries';

/**
 * One Allow and a few Deny statements, some of them the Allow's own principals, actions and
 * resources under other conditions: dead Allows are common among these.
 */
function allowAndDeniesArb(withPrincipal: boolean): fc.Arbitrary<Document> {
  const deny = fc.tuple(statementArb(withPrincipal), fc.boolean());
  return fc.tuple(statementArb(withPrincipal), fc.array(deny, { minLength: 1, maxLength: 3 })).map(([allow, denies]) => {
    const strip = ({ Sid: _sid, Condition: _condition, ...rest }: Record<string, unknown>) => rest;
    const conditionOf = (s: Record<string, unknown>) => (s.Condition === undefined ? {} : { Condition: s.Condition });
    return {
      Version: '2012-10-17',
      Statement: [
        { ...strip(allow), ...conditionOf(allow), Effect: 'Allow' },
        ...denies.map(([d, mirror]) => ({ ...strip(mirror ? allow : d), ...conditionOf(d), Effect: 'Deny' })),
      ],
    };
  });
}

describe('dead-allow never calls a usable Allow dead', () => {
  for (const asResource of [true, false]) {
    it(`${asResource ? 'resource' : 'identity'}-based policies`, () => {
      let checked = 0;
      fc.assert(
        fc.property(
          fc.oneof(policyArb(asResource), allowAndDeniesArb(asResource)),
          fc.array(requestArb, { minLength: 20, maxLength: 40 }),
          (doc, requests) => {
            const policy = policyFromObject(doc, { name: 'p', kind: asResource ? 'resource' : 'identity' });
            const dead = findDeadAllows(policy).filter((d) => d.exact);
            if (dead.length === 0) return;
            checked++;
            const set = asResource ? { resourcePolicy: policy } : { identityPolicies: [policy] };
            for (const request of requests) {
              if (impossibleContext([request.action], (request.context ?? {}) as RequestContext) !== undefined) continue;
              const trace = evaluate(request, set).trace.find((t) => t.policy === 'p')!;
              const applied = (i: number) => trace.statements.find((s) => s.statement.index === i)?.applied === true;
              const denied = trace.statements.some((s) => s.applied && s.effect === 'Deny');
              for (const d of dead) {
                if (applied(d.statement.index) && !denied) {
                  throw new Error(
                    `statement ${d.statement.label} was called dead, but ${JSON.stringify(request)} uses it\npolicy: ` +
                      `${JSON.stringify(doc)}`,
                  );
                }
              }
            }
          },
        ),
        { numRuns: 200 },
      );
      // The property said something: some generated policies had Allow statements called dead.
      expect(checked).toBeGreaterThan(5);
    }, 120_000);
  }
});
