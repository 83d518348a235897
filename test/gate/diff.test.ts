/**
 * `diffPolicies` on cases a reviewer would write by hand: each edit, the change it should report,
 * and the concrete request that shows it.
 */
import { describe, expect, it } from 'vitest';
import { diffPolicies, type DecisionChange, type PolicyDiff } from '../../src/gate/diff';
import { loadPolicyFile, PolicyError } from '../../src/index';

const A1 = '111122223333';
const A2 = '444455556666';
const TABLE = `arn:aws:dynamodb:us-east-1:${A1}:table/Music`;
const fixture = (path: string) => new URL(`../fixtures/${path}`, import.meta.url).pathname;

function resourcePolicy(...statements: object[]): object {
  return { Version: '2012-10-17', Statement: statements };
}

function allow(extra: object = {}): object {
  return {
    Sid: 'Read',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${A2}:role/reader` },
    Action: 'dynamodb:GetItem',
    Resource: TABLE,
    ...extra,
  };
}

function only(diff: PolicyDiff, direction: DecisionChange['direction']): DecisionChange[] {
  return diff.changes.filter((c) => c.direction === direction);
}

function principalOf(change: DecisionChange): string {
  return typeof change.request.principal === 'string' ? change.request.principal : change.request.principal.arn;
}

describe('the announcement example 3', () => {
  it('refuses the as-published policy: its principal ARN has a space (invalid input, with the line)', () => {
    const asPublished = fixture('announcement/as-published/3-fine-grained-query.json');
    let error: unknown;
    try {
      diffPolicies(asPublished, fixture('announcement/corrected/3-fine-grained-query.json'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    const issue = (error as PolicyError).issues[0]!;
    expect(issue.location.line).toBe(7);
    expect(issue.message).toContain('arn:aws:iam:: 111111111111:user/foo');
  });

  it('reports the leading-key requests the prefix fix opens, with ProductCatalog-1', () => {
    const diff = diffPolicies(
      loadPolicyFile(fixture('gate/3-prefix-only.json')),
      loadPolicyFile(fixture('announcement/corrected/3-fine-grained-query.json')),
    );
    expect(diff.exact).toBe(true);
    expect(diff.evaluatedAs).toBe('resource');
    expect(diff.changes).toHaveLength(1);
    const [change] = diff.changes;
    expect(change!.direction).toBe('widened');
    expect(change!.request).toEqual({
      principal: 'arn:aws:iam::111111111111:user/foo',
      action: 'dynamodb:Query',
      resource: 'arn:aws:dynamodb:us-east-1:222222222222:table/rbac-central-table',
      context: { 'dynamodb:LeadingKeys': ['ProductCatalog-1'] },
    });
    expect(change!.before.decision).toBe('ImplicitDeny');
    expect(change!.before.unmet[0]).toContain('ForAllValues:StringEquals on dynamodb:LeadingKeys');
    expect(change!.after.decision).toBe('Allow');
    expect(change!.after.decidedBy.map((r) => [r.label, r.line])).toEqual([['Statement3', 4]]);
    // The other keys' classes that let the statement apply: Attributes absent or listed (2), ReturnValues (2), Select (2).
    expect(change!.classes).toBe(8);
  });

  it('reports the same requests as narrowed in the other direction', () => {
    const diff = diffPolicies(
      loadPolicyFile(fixture('announcement/corrected/3-fine-grained-query.json')),
      loadPolicyFile(fixture('gate/3-prefix-only.json')),
    );
    expect(diff.changes.map((c) => [c.direction, c.request.context])).toEqual([
      ['narrowed', { 'dynamodb:LeadingKeys': ['ProductCatalog-1'] }],
    ]);
  });
});

interface Case {
  readonly name: string;
  readonly old: object | null;
  readonly new: object | null;
  readonly expect: (diff: PolicyDiff) => void;
}

const CASES: readonly Case[] = [
  {
    name: 'a principal widened to "*" opens the table to anonymous callers and every account',
    old: resourcePolicy(allow()),
    new: resourcePolicy(allow({ Principal: '*' })),
    expect: (diff) => {
      const principals = only(diff, 'widened').map(principalOf);
      expect(principals).toContain('*');
      expect(principals).toContain(`arn:aws:iam::${A2}:user/iamspec-unnamed-user`);
      expect(only(diff, 'narrowed')).toEqual([]);
    },
  },
  {
    name: 'a Deny added narrows access, decided by the Deny',
    old: resourcePolicy(allow()),
    new: resourcePolicy(allow(), {
      Sid: 'NoReader',
      Effect: 'Deny',
      Principal: { AWS: `arn:aws:iam::${A2}:role/reader` },
      Action: 'dynamodb:GetItem',
      Resource: TABLE,
    }),
    expect: (diff) => {
      const narrowed = only(diff, 'narrowed');
      expect(narrowed.map(principalOf)).toContain(`arn:aws:iam::${A2}:role/reader`);
      for (const change of narrowed)
        expect(change.after).toMatchObject({ decision: 'ExplicitDeny', decidedBy: [expect.objectContaining({ label: 'NoReader' })] });
    },
  },
  {
    name: 'an address range widened from /25 to /24 is shown by an address inside the /24 only',
    old: resourcePolicy(allow({ Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/25' } } })),
    new: resourcePolicy(allow({ Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } })),
    expect: (diff) => {
      const widened = only(diff, 'widened');
      expect(widened.length).toBeGreaterThan(0);
      const address = widened[0]!.request.context!['aws:SourceIp'] as string;
      expect(['192.0.2.128', '192.0.2.255']).toContain(address);
    },
  },
  {
    name: 'a numeric bound moved shows the value just inside the new bound',
    old: resourcePolicy(allow({ Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } })),
    new: resourcePolicy(allow({ Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '7200' } } })),
    expect: (diff) => {
      const values = only(diff, 'widened').map((c) => Number(c.request.context!['aws:MultiFactorAuthAge']));
      expect(values.length).toBeGreaterThan(0);
      for (const v of values) expect(v >= 3600 && v < 7200).toBe(true);
    },
  },
  {
    name: 'a date bound moved shows a date between the two bounds',
    old: resourcePolicy(allow({ Condition: { DateLessThan: { 'aws:CurrentTime': '2025-01-01T00:00:00Z' } } })),
    new: resourcePolicy(allow({ Condition: { DateLessThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } } })),
    expect: (diff) => {
      const dates = only(diff, 'widened').map((c) => Date.parse(c.request.context!['aws:CurrentTime'] as string));
      expect(dates.length).toBeGreaterThan(0);
      for (const d of dates) expect(d >= Date.parse('2025-01-01T00:00:00Z') && d < Date.parse('2026-01-01T00:00:00Z')).toBe(true);
    },
  },
  {
    name: 'GetItem widened to Get* names the other Get actions as changing alike',
    old: resourcePolicy(allow()),
    new: resourcePolicy(allow({ Action: 'dynamodb:Get*' })),
    expect: (diff) => {
      const widened = only(diff, 'widened').filter((c) => principalOf(c) === `arn:aws:iam::${A2}:role/reader`);
      expect(widened.length).toBeGreaterThan(0);
      const actions = widened.flatMap((c) => [c.request.action, ...c.sameForActions]);
      expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:GetResourcePolicy']));
      expect(actions).not.toContain('dynamodb:GetItem');
    },
  },
  {
    name: 'a table resource widened to its indexes shows an index ARN',
    old: resourcePolicy(allow({ Action: 'dynamodb:Query' })),
    new: resourcePolicy(allow({ Action: 'dynamodb:Query', Resource: [TABLE, `${TABLE}/index/*`] })),
    expect: (diff) => {
      const resources = only(diff, 'widened').map((c) => c.request.resource);
      expect(resources.length).toBeGreaterThan(0);
      for (const r of resources) expect(r).toMatch(new RegExp(`^${TABLE}/index/.+`));
    },
  },
  {
    name: 'StringEqualsIfExists made StringEquals narrows the requests that lack the key',
    old: resourcePolicy(allow({ Condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } } })),
    new: resourcePolicy(allow({ Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } })),
    expect: (diff) => {
      const narrowed = only(diff, 'narrowed');
      expect(narrowed.length).toBeGreaterThan(0);
      for (const c of narrowed) expect(c.request.context?.['aws:SourceVpce']).toBeUndefined();
    },
  },
  {
    name: 'an identity policy edit is evaluated as the identity policy',
    old: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: TABLE }] },
    new: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: TABLE }] },
    expect: (diff) => {
      expect(diff.evaluatedAs).toBe('identity');
      const widened = only(diff, 'widened');
      expect(widened.every((c) => c.request.action === 'dynamodb:PutItem')).toBe(true);
      // Only callers of the table's own account: across accounts the table has no resource policy.
      expect(widened.every((c) => principalOf(c).includes(A1))).toBe(true);
    },
  },
  {
    name: 'a deleted policy narrows everything it allowed',
    old: resourcePolicy(allow()),
    new: null,
    expect: (diff) => {
      expect(diff.new.present).toBe(false);
      expect(only(diff, 'narrowed').map(principalOf)).toContain(`arn:aws:iam::${A2}:role/reader`);
      expect(only(diff, 'widened')).toEqual([]);
    },
  },
  {
    name: 'statement order, Sids, element order and "x" vs ["x"] change nothing',
    old: resourcePolicy(allow({ Condition: { StringEquals: { 'aws:SourceVpce': ['vpce-1'] } } }), {
      Sid: 'Deny',
      Effect: 'Deny',
      Principal: '*',
      Action: ['dynamodb:DeleteTable'],
      Resource: [TABLE],
    }),
    new: resourcePolicy(
      { Resource: TABLE, Action: 'dynamodb:DeleteTable', Principal: '*', Effect: 'Deny' },
      {
        Sid: 'Other',
        Resource: [TABLE],
        Condition: { StringEquals: { 'aws:sourcevpce': 'vpce-1' } },
        Action: ['dynamodb:getitem'],
        Principal: { AWS: [`arn:aws:iam::${A2}:role/reader`] },
        Effect: 'Allow',
      },
    ),
    expect: (diff) => {
      expect(diff.changes).toEqual([]);
      expect(diff.exact).toBe(true);
    },
  },
  {
    name: 'a Deny whose condition changes from Bool to BoolIfExists also denies requests without the key',
    old: resourcePolicy(allow(), {
      Sid: 'Tls',
      Effect: 'Deny',
      Principal: '*',
      Action: 'dynamodb:*',
      Resource: TABLE,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    }),
    new: resourcePolicy(allow(), {
      Sid: 'Tls',
      Effect: 'Deny',
      Principal: '*',
      Action: 'dynamodb:*',
      Resource: TABLE,
      Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
    }),
    expect: (diff) => {
      expect(diff.changes.length).toBeGreaterThan(0);
      for (const c of diff.changes) {
        expect(c.request.context?.['aws:SecureTransport']).toBeUndefined();
        expect(c.after.decision).toBe('ExplicitDeny');
      }
    },
  },
];

describe('diffPolicies: edits and the changes they make', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const diff = diffPolicies(c.old, c.new);
    c.expect(diff);
  });
});

describe('what diff refuses and what it says it bounded', () => {
  it('refuses versions of different kinds', () => {
    const identity = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: TABLE }] };
    expect(() => diffPolicies(resourcePolicy(allow()), identity)).toThrow(/different kinds of policy/);
  });

  it('says how it bounded a class with more combinations of condition values than the limit', () => {
    const conditions = {
      StringEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'], 'aws:PrincipalTag/team': ['a', 'b'], 'aws:SourceAccount': [A1, A2] },
    };
    const diff = diffPolicies(
      resourcePolicy(allow({ Condition: conditions })),
      resourcePolicy(allow({ Condition: { ...conditions, Bool: { 'aws:SecureTransport': 'true' } } })),
      { maxContextsPerClass: 5 },
    );
    expect(diff.exact).toBe(false);
    expect(diff.bounds.join('\n')).toMatch(
      /more combinations of condition values than the limit of 5: combinations were tried with the fewest keys present first/,
    );
  });

  it('says where policy variables make its classes stand-ins', () => {
    const old = resourcePolicy(allow({ Resource: `arn:aws:dynamodb:us-east-1:${A1}:table/\${aws:PrincipalTag/team}` }));
    const diff = diffPolicies(old, resourcePolicy(allow()));
    expect(diff.exact).toBe(false);
    expect(diff.notes.join('\n')).toContain('policy variable');
  });
});
