/**
 * The prepare-once path and the caches behind `evaluate` must never change a decision: the
 * prepared set, a fresh wrapper around the same documents, and a role session built from its
 * role's template all answer exactly as the plain, uncached path does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCaller, parseCallerUncached } from '../../src/engine/principal';
import {
  evaluate,
  loadPolicy,
  PolicyError,
  preparePolicySet,
  RequestError,
  type Decision,
  type PolicySetInput,
  type RequestInput,
} from '../../src/index';
import { policyArb as gatePolicyArb, requestArb as gateRequestArb } from '../gate/arbitraries';

/** Everything a decision says, in one comparable value (decision, decidedBy, reason, missing, trace, ledger, errors). */
const everything = (decision: Decision) => JSON.parse(JSON.stringify(decision)) as unknown;

const setArb: fc.Arbitrary<PolicySetInput> = fc.record({
  identityPolicies: fc.array(gatePolicyArb(false), { maxLength: 2 }),
  resourcePolicy: fc.option(gatePolicyArb(true), { nil: undefined }),
  permissionBoundary: fc.option(gatePolicyArb(false), { nil: undefined }),
});

/** Role sessions with names of their own, besides the gate's principals. */
const sessionRequestArb: fc.Arbitrary<RequestInput> = fc
  .tuple(gateRequestArb, fc.constantFrom('app', 'ops', 'other'), fc.stringMatching(/^[\w+=,.@-]{1,12}$/))
  .map(([request, role, session]) => ({ ...request, principal: `arn:aws:sts::111122223333:assumed-role/${role}/${session}` }));

const requestsArb = fc.array(fc.oneof(gateRequestArb, sessionRequestArb), { minLength: 1, maxLength: 4 });

describe('preparePolicySet(policies).evaluate(request) and evaluate(request, policies)', () => {
  it('give the same decision, trace and ledger, in plain and strict mode, for a prepared set, the same wrapper and a fresh one', () => {
    fc.assert(
      fc.property(setArb, requestsArb, fc.boolean(), (policies, requests, strict) => {
        const prepared = preparePolicySet(policies);
        for (const request of requests) {
          const plain = everything(evaluate(request, policies, { strict }));
          expect(everything(prepared.evaluate(request, { strict }))).toEqual(plain);
          expect(everything(evaluate({ ...request }, { ...policies }, { strict }))).toEqual(plain);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('evaluateAll on a prepared set gives the combined decision evaluateAll gives', async () => {
    const { evaluateAll } = await import('../../src/index');
    fc.assert(
      fc.property(setArb, requestsArb, (policies, requests) => {
        const ours = preparePolicySet(policies).evaluateAll(requests);
        const theirs = evaluateAll(requests, policies);
        expect(ours.decision).toBe(theirs.decision);
        expect(ours.decisions.map(everything)).toEqual(theirs.decisions.map(everything));
        expect(ours.first && everything(ours.first)).toEqual(theirs.first && everything(theirs.first));
      }),
      { numRuns: 100 },
    );
  });

  it('throws for a policy it cannot read when the set is prepared, not later', () => {
    expect(() =>
      preparePolicySet({ identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem' }] }] }),
    ).toThrow(PolicyError);
  });
});

describe('the set cache is keyed by content, and still checks every set it is given', () => {
  const resource = loadPolicy(
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'dynamodb:GetItem', Resource: '*' }],
    },
    { name: 'table' },
  );
  const identity = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }] };
  const request = {
    principal: 'arn:aws:iam::111122223333:user/alice',
    action: 'dynamodb:GetItem',
    resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/T',
  };

  it('a compiled resource policy put in the identity slot throws on every new wrapper, after the right placement was seen', () => {
    expect(evaluate(request, { resourcePolicy: resource, identityPolicies: [identity] }).decision).toBe('Allow');
    for (let i = 0; i < 3; i++) {
      expect(() => evaluate(request, { identityPolicies: [resource] })).toThrow(/names principals/);
    }
  });

  it('a list where a list belongs is checked on every wrapper', () => {
    expect(evaluate(request, { identityPolicies: [identity] }).decision).toBe('Allow');
    for (let i = 0; i < 3; i++) {
      expect(() => evaluate(request, { identityPolicies: identity as never })).toThrow(RequestError);
      expect(() => evaluate(request, { identityPolicies: identity as never })).toThrow(
        /^policies\.identityPolicies: is a list of policies; found an object$/,
      );
    }
  });

  it('one document in two slots, or two documents in swapped slots, are different sets', () => {
    const other = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'dynamodb:GetItem', Resource: '*' }] };
    const allowThenDeny = evaluate(request, { identityPolicies: [identity], permissionBoundary: other });
    const denyThenAllow = evaluate(request, { identityPolicies: [other], permissionBoundary: identity });
    expect(allowThenDeny.decidedBy.map((r) => r.policy)).toEqual(['permission-boundary']);
    expect(denyThenAllow.decidedBy.map((r) => r.policy)).toEqual(['identity']);
    // [a] then [a, b]: the list's end is part of the content.
    expect(evaluate(request, { identityPolicies: [identity, other] }).decision).toBe('ExplicitDeny');
    expect(evaluate(request, { identityPolicies: [identity] }).decision).toBe('Allow');
  });
});

describe('role sessions built from their role template', () => {
  const outcome = (f: () => unknown) => {
    try {
      return { value: f() };
    } catch (error) {
      return { error: error instanceof RequestError ? error.message : String(error) };
    }
  };

  const prefixArb = fc.constantFrom(
    'arn:aws:sts::111122223333:assumed-role/Admin/',
    'arn:aws-cn:sts::111122223333:assumed-role/Admin/',
    'arn:aws:sts::111122223333:assumed-role/',
    'arn:aws:sts::1111:assumed-role/Admin/',
    'arn:aws:sts:us-east-1:111122223333:assumed-role/Admin/',
    'arn:aws:sts::111122223333:assumed-role/Ad*min/',
    'arn:aws:sts::111122223333:assumed-role/a/b/',
    'arn:aws:iam::111122223333:assumed-role/Admin/',
    'arn:aws:sts::111122223333:federated-user/',
    'arn:aws:sts:111122223333:assumed-role/Admin/',
  );
  const nameArb = fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.constantFrom('', 's', 's 1', 's*', 'a?', 'x:y', 'tab\there', 'ü-session', 'a/b'),
  );

  it('give exactly the caller, or the error, the full parse gives (strings and descriptions)', () => {
    fc.assert(
      fc.property(
        prefixArb,
        nameArb,
        fc.option(fc.constantFrom('/', '/teams/', 'teams'), { nil: undefined }),
        fc.option(fc.constantFrom('AROA1'), { nil: undefined }),
        (prefix, name, rolePath, uniqueId) => {
          const arn = `${prefix}${name}`;
          expect(outcome(() => parseCaller(arn))).toEqual(outcome(() => parseCallerUncached(arn)));
          const description = { arn, ...(rolePath !== undefined ? { rolePath } : {}), ...(uniqueId !== undefined ? { uniqueId } : {}) };
          expect(outcome(() => parseCaller(description))).toEqual(outcome(() => parseCallerUncached(description)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('give each session its own aws:userid when the role has a unique id', () => {
    const table = 'arn:aws:dynamodb:us-east-1:111122223333:table/T';
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*', Condition: { StringEquals: { 'aws:userid': 'AROA1:alice' } } },
      ],
    };
    const as = (session: string) =>
      evaluate(
        {
          principal: { arn: `arn:aws:sts::111122223333:assumed-role/App/${session}`, uniqueId: 'AROA1' },
          action: 'dynamodb:GetItem',
          resource: table,
        },
        { identityPolicies: [policy] },
      ).decision;
    expect(as('alice')).toBe('Allow');
    expect(as('bob')).toBe('ImplicitDeny');
    expect(as('alice')).toBe('Allow');
  });
});

describe('a large context the test gives', () => {
  const table = 'arn:aws:dynamodb:us-east-1:111122223333:table/T';
  const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`aws:PrincipalTag/k${i}`, `v${i}`]));

  it('is read key by key past the point where lookups go through an index', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'dynamodb:GetItem',
          Resource: '*',
          Condition: { StringEquals: { 'aws:principaltag/K37': 'v37', 'aws:PrincipalTag/k3': 'v3' } },
        },
      ],
    };
    const decision = evaluate(
      { principal: 'arn:aws:iam::111122223333:user/u', action: 'dynamodb:GetItem', resource: table, context: many(40) },
      { identityPolicies: [policy] },
    );
    expect(decision.decision).toBe('Allow');
    expect([...decision.request.context.keys()].filter((k) => k.startsWith('aws:principaltag/'))).toHaveLength(40);
    expect(decision.request.context.get('aws:principaltag/k39')?.values).toEqual(['v39']);
  });

  it('is the one the request was resolved with, even if the test changes its object afterwards', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'dynamodb:Query',
          Resource: '*',
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': 'alfa#*' } },
        },
      ],
    };
    const context: Record<string, string | string[]> = { 'dynamodb:LeadingKeys': ['alfa#1'], 'aws:SourceVpce': 'vpce-1' };
    const decision = evaluate(
      { principal: 'arn:aws:iam::111122223333:user/u', action: 'dynamodb:Query', resource: table, context },
      { identityPolicies: [policy] },
    );
    (context['dynamodb:LeadingKeys'] as string[]).push('bravo#1');
    context['aws:SourceVpce'] = 'vpce-2';
    context['aws:SourceIp'] = '192.0.2.1';
    expect(decision.decision).toBe('Allow');
    expect(decision.request.context.get('dynamodb:leadingkeys')?.values).toEqual(['alfa#1']);
    expect(decision.request.context.get('aws:sourcevpce')?.values).toEqual(['vpce-1']);
    expect(decision.request.context.get('aws:sourceip')).toBeUndefined();
    expect(JSON.stringify(decision.trace)).not.toContain('bravo#1');
  });

  it('still refuses a key given twice in different case, early or late in the context', () => {
    for (const n of [3, 40]) {
      const context = { ...many(n), 'AWS:PRINCIPALTAG/K2': 'x' };
      expect(() =>
        evaluate(
          { principal: 'arn:aws:iam::111122223333:user/u', action: 'dynamodb:GetItem', resource: table, context },
          { identityPolicies: [] },
        ),
      ).toThrow(/given twice/);
    }
  });
});
