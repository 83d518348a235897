import { describe, expect, it } from 'vitest';
import type { DecisionKind } from '../../src/index';
import { decide } from '../support/engine';

// Source: IAM User Guide, "AWS JSON policy elements: NotPrincipal"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html)
// Its role example lists the session, the role and the account; a session must be named exactly.

describe('NotPrincipal with Allow: "allows all principals except the one named in the NotPrincipal element"', () => {
  const account = '123456789012';
  const table = `arn:aws:dynamodb:us-east-1:${account}:table/T`;
  // The example, word for word.
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${account}:user/test-user` }, Action: 'dynamodb:GetItem', Resource: table },
    ],
  };
  const cases: [string, string, DecisionKind][] = [
    ['the named user is left out', `arn:aws:iam::${account}:user/test-user`, 'ImplicitDeny'],
    ['another user of the account is granted', `arn:aws:iam::${account}:user/other-user`, 'Allow'],
    ['a role session of the account is granted', `arn:aws:sts::${account}:assumed-role/app/s1`, 'Allow'],
  ];
  for (const [name, principal, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      const decision = decide({ principal, resource: table }, { resourcePolicy: policy });
      expect(decision.decision).toBe(expected);
    });
  }
  it('listing the caller without its account is enough to leave it out (the Deny rule is not applied to Allow)', () => {
    const decision = decide({ principal: `arn:aws:iam::${account}:user/test-user`, resource: table }, { resourcePolicy: policy });
    expect(decision.decidedBy).toEqual([]);
    const [statement] = decision.trace.flatMap((p) => p.statements);
    expect(statement?.applied).toBe(false);
    expect(statement?.mismatch?.element).toBe('NotPrincipal');
  });
  it('listing a role leaves out its sessions, as Principal would name them', () => {
    const byRole = {
      Version: '2012-10-17',
      Statement: [{ ...policy.Statement[0], NotPrincipal: { AWS: `arn:aws:iam::${account}:role/app` } }],
    };
    expect(decide({ principal: `arn:aws:sts::${account}:assumed-role/app/s1`, resource: table }, { resourcePolicy: byRole }).decision).toBe(
      'ImplicitDeny',
    );
  });
});

describe('NotPrincipal with Deny: AWS "might validate the account first, then the role, and then the assumed-role user"', () => {
  // The page's examples: the user Bob with his account; the assumed-role session
  // cross-account-read-only-role/ReadOnlyUser with its role and its account.
  const account = '444455556666';
  const table = `arn:aws:dynamodb:us-east-1:${account}:table/Music`;
  const root = `arn:aws:iam::${account}:root`;
  const bob = `arn:aws:iam::${account}:user/Bob`;
  const role = `arn:aws:iam::${account}:role/cross-account-read-only-role`;
  const session = `arn:aws:sts::${account}:assumed-role/cross-account-read-only-role/ReadOnlyUser`;
  const otherSession = `arn:aws:sts::${account}:assumed-role/cross-account-read-only-role/SomeoneElse`;
  const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const denyAllBut = (listed: string[]) => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: listed }, Action: 'dynamodb:*', Resource: table }],
  });
  const cases: [string, string, string[], DecisionKind][] = [
    ['a user listed with its account escapes', bob, [bob, root], 'Allow'],
    ['a user listed without its account is denied', bob, [bob], 'ExplicitDeny'],
    ['another user of a listed account is denied', `arn:aws:iam::${account}:user/Alice`, [bob, root], 'ExplicitDeny'],
    ['the account itself escapes when listed', root, [bob, root], 'Allow'],
    ['a session listed with its role and its account escapes', session, [session, role, root], 'Allow'],
    ['a session whose role and account are listed, but not itself, is denied', session, [role, root], 'ExplicitDeny'],
    ['another session of a listed role is denied', otherSession, [session, role, root], 'ExplicitDeny'],
    ['a listed session without its role is denied', session, [session, root], 'ExplicitDeny'],
    ['a listed session without its account is denied', session, [session, role], 'ExplicitDeny'],
    ['a role given without a session cannot be shown to be listed: denied', role, [session, role, root], 'ExplicitDeny'],
  ];
  for (const [name, principal, listed, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      const decision = decide({ principal, resource: table }, { resourcePolicy: denyAllBut(listed), identityPolicies: [allowAll] });
      expect(decision.decision).toBe(expected);
    });
  }
  it('the reason says which level a Deny with NotPrincipal did not list', () => {
    const decision = decide(
      { principal: session, resource: table },
      { resourcePolicy: denyAllBut([role, root]), identityPolicies: [allowAll] },
    );
    expect(decision.reason.message).toContain(
      `NotPrincipal does not list the session ${session}; AWS checks the account, then the role, then the session`,
    );
    const byRole = decide(
      { principal: role, resource: table },
      { resourcePolicy: denyAllBut([session, role, root]), identityPolicies: [allowAll] },
    );
    expect(byRole.reason.message).toContain('does not list a session (the caller was given as a role, with no session)');
    const user = decide({ principal: bob, resource: table }, { resourcePolicy: denyAllBut([bob]), identityPolicies: [allowAll] });
    expect(user.reason.message).toContain('NotPrincipal does not list its account');
  });
  it('a listed session with a permissions boundary is still denied', () => {
    const decision = decide(
      { principal: session, resource: table },
      { resourcePolicy: denyAllBut([session, role, root]), identityPolicies: [allowAll], permissionBoundary: allowAll },
    );
    expect(decision.decision).toBe('ExplicitDeny');
  });
});
