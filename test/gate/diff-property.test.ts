/**
 * The diff's promise, as properties: it never misses a request whose decision changed, and it finds
 * no change between two writings of the same policy.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { diffPolicies } from '../../src/gate/diff';
import { evaluate, policyFromObject, type Policy, type PolicySetInput, type RequestInput, type StatementRef } from '../../src/index';
import { keyOnlyPolicyArb, keyOnlyRequestArb, mutationArb, policyArb, requestArb, type Document } from './arbitraries';

const identityAllowsAll = policyFromObject(
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  { name: 'caller', kind: 'identity' },
);

function setFor(policy: Policy, asResource: boolean, identitySide: 'all' | 'nothing'): PolicySetInput {
  if (!asResource) return { identityPolicies: [policy] };
  return identitySide === 'all' ? { resourcePolicy: policy, identityPolicies: [identityAllowsAll] } : { resourcePolicy: policy };
}

/** Runs the no-miss property for one pair of documents and a batch of requests. */
function checkNoMiss(
  oldDoc: Document,
  newDoc: Document,
  requests: readonly RequestInput[],
  asResource: boolean,
  identitySide: 'all' | 'nothing' = 'all',
): void {
  const oldPolicy = policyFromObject(oldDoc, { name: 'old' });
  const newPolicy = policyFromObject(newDoc, { name: 'new' });
  const diff = diffPolicies(oldPolicy, newPolicy, { identitySide });
  expect(diff.bounds).toEqual([]);
  const sets = [setFor(oldPolicy, asResource, identitySide), setFor(newPolicy, asResource, identitySide)] as const;
  // Soundness: every reported change is real.
  for (const change of diff.changes) {
    expect(evaluate(change.request, sets[0]).decision).toBe(change.before.decision);
    expect(evaluate(change.request, sets[1]).decision).toBe(change.after.decision);
  }
  // Completeness: every request that changes is shown by a reported change that changes the same
  // way *through the same statements* (decision and deciding statements of the diffed policy, before
  // and after), so a request class the enumeration missed cannot hide behind another change.
  const shape = (decision: string, refs: readonly StatementRef[]) =>
    `${decision}[${refs
      .filter((r) => r.policy === 'old' || r.policy === 'new')
      .map((r) => r.index)
      .join(',')}]`;
  const reported = new Set(
    diff.changes.map((c) => `${shape(c.before.decision, c.before.decidedBy)}>${shape(c.after.decision, c.after.decidedBy)}`),
  );
  for (const request of requests) {
    const before = evaluate(request, sets[0]);
    const after = evaluate(request, sets[1]);
    if (before.decision === after.decision) continue;
    const seen = `${shape(before.decision, before.decidedBy)}>${shape(after.decision, after.decidedBy)}`;
    if (!reported.has(seen)) {
      throw new Error(
        `diff missed ${seen} for ${JSON.stringify(request)}\nold: ${JSON.stringify(oldDoc)}\nnew: ` +
          `${JSON.stringify(newDoc)}\nreported: ${[...reported].join(' | ')}`,
      );
    }
  }
}

describe('diffPolicies never misses a changed decision', () => {
  for (const asResource of [true, false]) {
    const label = asResource ? 'resource-based' : 'identity-based';

    it(`${label}: a policy and a small edit of it`, () => {
      fc.assert(
        fc.property(
          policyArb(asResource),
          fc.array(mutationArb(asResource), { minLength: 1, maxLength: 2 }),
          fc.array(requestArb, { minLength: 20, maxLength: 20 }),
          (oldDoc, edits, requests) => {
            const newDoc = edits.reduce((doc, edit) => edit(doc), oldDoc);
            checkNoMiss(oldDoc, newDoc, requests, asResource);
          },
        ),
        { numRuns: 150 },
      );
    });

    it(`${label}: two unrelated policies`, () => {
      fc.assert(
        fc.property(
          policyArb(asResource),
          policyArb(asResource),
          fc.array(requestArb, { minLength: 20, maxLength: 20 }),
          (oldDoc, newDoc, requests) => {
            checkNoMiss(oldDoc, newDoc, requests, asResource);
          },
        ),
        { numRuns: 80 },
      );
    });

    if (asResource) {
      it('resource-based, with no identity-side Allow: what the resource policy grants by itself', () => {
        fc.assert(
          fc.property(
            policyArb(true),
            fc.array(mutationArb(true), { minLength: 1, maxLength: 2 }),
            fc.array(requestArb, { minLength: 20, maxLength: 20 }),
            (oldDoc, edits, requests) => {
              const newDoc = edits.reduce((doc, edit) => edit(doc), oldDoc);
              checkNoMiss(oldDoc, newDoc, requests, true, 'nothing');
            },
          ),
          { numRuns: 100 },
        );
      });
    }

    it(`${label}: statements that differ only in conditions on a multivalued key (sets of values, absence)`, () => {
      fc.assert(
        fc.property(
          keyOnlyPolicyArb(asResource),
          keyOnlyPolicyArb(asResource),
          fc.array(keyOnlyRequestArb, { minLength: 30, maxLength: 30 }),
          (oldDoc, newDoc, requests) => {
            checkNoMiss(oldDoc, newDoc, requests, asResource);
          },
        ),
        { numRuns: 200 },
      );
    });
  }
});

/** Writings of the same policy: statements shuffled, Sids changed, single values as arrays and back. */
function rewrite(doc: Document, seed: number): Document {
  const copy = structuredClone(doc);
  const statements = copy.Statement.map((s, i) => {
    const out: Record<string, unknown> = {};
    // Element order within a statement does not matter either.
    const keys = Object.keys(s).reverse();
    for (const key of keys) {
      const value = s[key];
      if (key === 'Sid') continue;
      if (typeof value === 'string' && ['Action', 'NotAction', 'Resource', 'NotResource'].includes(key)) out[key] = [value];
      else if (Array.isArray(value) && value.length === 1) out[key] = value[0];
      else out[key] = value;
    }
    out.Sid = `Renamed${(i + seed) % 7}x${i}`;
    return out;
  });
  // A deterministic shuffle.
  const order = statements.map((_, i) => i).sort((a, b) => ((a * 31 + seed) % 11) - ((b * 31 + seed) % 11));
  copy.Statement = order.map((i) => statements[i]!);
  return copy;
}

describe('diffPolicies finds no change between writings of the same policy', () => {
  for (const asResource of [true, false]) {
    it(asResource ? 'resource-based' : 'identity-based', () => {
      fc.assert(
        fc.property(policyArb(asResource), fc.nat(1000), fc.boolean(), (doc, seed, asYaml) => {
          const other = rewrite(doc, seed);
          // Formatting: the same document as YAML text, or as indented JSON text.
          const newInput = asYaml ? stringify(other) : JSON.stringify(other, null, 7);
          const diff = diffPolicies(JSON.stringify(doc), newInput);
          expect(diff.changes).toEqual([]);
        }),
        { numRuns: 100 },
      );
    });
  }
});
