import { describe, expect, it } from 'vitest';
import { evaluate, explain, loadPolicy, PolicyError, RequestError, type DecisionKind, type PolicySetInput } from '../../src/index';
import { decide } from '../support/engine';

// Sources cited per block:
//  EVAL  = IAM User Guide, "Policy evaluation logic" and "Determining whether a request is allowed or denied within an account"
//  XACCT = IAM User Guide, "Cross-account policy evaluation logic"
//  DDB   = DynamoDB Developer Guide, "Using resource-based policies for DynamoDB" and the announcement's decision table
//  BOUND = IAM User Guide, "Permissions boundaries for IAM entities" (resource-based policies table)
//  SESS  = IAM User Guide, "Session policies"
//  SCP   = AWS Organizations User Guide, "Service control policies"; RCP = "Resource control policies"

const A = '111122223333';
const B = '444455556666';
const TABLE = `arn:aws:dynamodb:us-east-1:${A}:table/Music`;
const ALICE = `arn:aws:iam::${A}:user/alice`;
const BOB_B = `arn:aws:iam::${B}:user/bob`;
const ROLE = `arn:aws:iam::${A}:role/app`;
const SESSION = `arn:aws:sts::${A}:assumed-role/app/s1`;

const identity = (effect: 'Allow' | 'Deny', action = 'dynamodb:GetItem') => ({
  Version: '2012-10-17',
  Statement: [{ Sid: `Id${effect}`, Effect: effect, Action: action, Resource: '*' }],
});
const resourceFor = (principal: unknown, effect: 'Allow' | 'Deny' = 'Allow', action = 'dynamodb:GetItem') => ({
  Version: '2012-10-17',
  Statement: [{ Sid: `Rb${effect}`, Effect: effect, Principal: principal, Action: action, Resource: TABLE }],
});
const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const only = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

type Side = 'Allow' | 'neither' | 'Deny';
const sides: Side[] = ['Allow', 'neither', 'Deny'];

function setFor(id: Side, rb: Side, rbPrincipal: unknown): PolicySetInput {
  return {
    identityPolicies: id === 'neither' ? [identity('Allow', 'dynamodb:Query')] : [identity(id)],
    resourcePolicy: rb === 'neither' ? resourceFor(rbPrincipal, 'Allow', 'dynamodb:Query') : resourceFor(rbPrincipal, rb),
  };
}

describe('DDB/EVAL: the announcement decision table, within one account (resource policy names the user)', () => {
  const expected: Record<Side, Record<Side, DecisionKind>> = {
    Allow: { Allow: 'Allow', neither: 'Allow', Deny: 'ExplicitDeny' },
    neither: { Allow: 'Allow', neither: 'ImplicitDeny', Deny: 'ExplicitDeny' },
    Deny: { Allow: 'ExplicitDeny', neither: 'ExplicitDeny', Deny: 'ExplicitDeny' },
  };
  for (const rb of sides) {
    for (const id of sides) {
      it(`resource ${rb} × identity ${id} → ${expected[rb][id]}`, () => {
        expect(decide({ principal: ALICE }, setFor(id, rb, { AWS: ALICE })).decision).toBe(expected[rb][id]);
      });
    }
  }
});

describe('XACCT: across accounts both sides must allow', () => {
  const expected: Record<Side, Record<Side, DecisionKind>> = {
    Allow: { Allow: 'Allow', neither: 'ImplicitDeny', Deny: 'ExplicitDeny' },
    neither: { Allow: 'ImplicitDeny', neither: 'ImplicitDeny', Deny: 'ExplicitDeny' },
    Deny: { Allow: 'ExplicitDeny', neither: 'ExplicitDeny', Deny: 'ExplicitDeny' },
  };
  for (const rb of sides) {
    for (const id of sides) {
      it(`resource ${rb} × identity ${id} → ${expected[rb][id]}`, () => {
        expect(decide({ principal: BOB_B }, setFor(id, rb, { AWS: BOB_B })).decision).toBe(expected[rb][id]);
      });
    }
  }

  it('naming the other account delegates to its identity policies', () => {
    expect(decide({ principal: BOB_B }, { resourcePolicy: resourceFor({ AWS: B }), identityPolicies: [identity('Allow')] }).decision).toBe(
      'Allow',
    );
    const d = decide({ principal: BOB_B }, { resourcePolicy: resourceFor({ AWS: B }) });
    expect(d.decision).toBe('ImplicitDeny');
    expect(d.reason.code).toBe('cross-account-needs-both');
    expect(d.missing.map((m) => m.kind)).toEqual(['identity']);
  });

  it("an identity Allow alone does not reach another account's table", () => {
    const d = decide({ principal: BOB_B }, { identityPolicies: [identity('Allow')] });
    expect(d.decision).toBe('ImplicitDeny');
    expect(d.missing.map((m) => m.kind)).toEqual(['resource']);
  });
});

describe('EVAL: what a resource policy grants by itself within one account depends on whom it names', () => {
  it('naming only the account delegates: without an identity Allow it is an implicit deny', () => {
    for (const principal of [{ AWS: A }, { AWS: `arn:aws:iam::${A}:root` }]) {
      const d = decide({ principal: ALICE }, { resourcePolicy: resourceFor(principal) });
      expect(d.decision).toBe('ImplicitDeny');
      expect(d.reason.code).toBe('resource-policy-names-account');
    }
  });

  it('naming the user grants without an identity policy', () => {
    const d = decide({ principal: ALICE }, { resourcePolicy: resourceFor({ AWS: ALICE }) });
    expect(d.decision).toBe('Allow');
    expect(d.reason.code).toBe('resource-allow');
    expect(d.decidedBy.map((r) => `${r.policy}#${r.label}`)).toEqual(['resource#RbAllow']);
  });

  it('BOUND: naming the role grants to its sessions, but a boundary without an Allow caps it', () => {
    const set = { resourcePolicy: resourceFor({ AWS: ROLE }) };
    expect(decide({ principal: SESSION }, set).decision).toBe('Allow');
    const capped = decide({ principal: SESSION }, { ...set, permissionBoundary: only('s3:*') });
    expect(capped.decision).toBe('ImplicitDeny');
    expect(capped.missing.map((m) => m.kind)).toEqual(['permission-boundary']);
  });

  it('BOUND: naming the session itself is not capped by the boundary or session policy', () => {
    const set = { resourcePolicy: resourceFor({ AWS: SESSION }), permissionBoundary: only('s3:*'), sessionPolicies: [only('s3:*')] };
    expect(decide({ principal: SESSION }, set).decision).toBe('Allow');
  });

  it('SESS: naming the role, a session policy without an Allow caps the session', () => {
    const d = decide({ principal: SESSION }, { resourcePolicy: resourceFor({ AWS: ROLE }), sessionPolicies: [only('s3:*')] });
    expect(d.decision).toBe('ImplicitDeny');
    expect(d.reason.code).toBe('session-policy-no-allow');
  });

  it('a role path: the session matches the role ARN with its path only when told the path', () => {
    const withPath = resourceFor({ AWS: `arn:aws:iam::${A}:role/teams/app` });
    expect(decide({ principal: SESSION }, { resourcePolicy: withPath }).decision).toBe('ImplicitDeny');
    expect(decide({ principal: { arn: SESSION, rolePath: '/teams/' } }, { resourcePolicy: withPath }).decision).toBe('Allow');
  });

  it('SESS: a GetFederationToken session without a session policy has no permissions from identity policies', () => {
    const fed = `arn:aws:sts::${A}:federated-user/carol`;
    expect(decide({ principal: fed }, { identityPolicies: [identity('Allow')] }).decision).toBe('ImplicitDeny');
    expect(decide({ principal: fed }, { identityPolicies: [identity('Allow')], sessionPolicies: [identity('Allow')] }).decision).toBe(
      'Allow',
    );
    expect(decide({ principal: fed }, { resourcePolicy: resourceFor({ AWS: fed }) }).decision).toBe('Allow');
  });

  it('EVAL: the root user of the owning account is allowed unless explicitly denied', () => {
    expect(decide({ principal: A }, {}).decision).toBe('Allow');
    expect(decide({ principal: A }, { resourcePolicy: resourceFor({ AWS: A }, 'Deny') }).decision).toBe('ExplicitDeny');
  });

  it('a service principal is granted by the resource policy alone', () => {
    const d = decide(
      { principal: 'replication.dynamodb.amazonaws.com' },
      { resourcePolicy: resourceFor({ Service: 'replication.dynamodb.amazonaws.com' }) },
    );
    expect(d.decision).toBe('Allow');
    expect(decide({ principal: 'replication.dynamodb.amazonaws.com' }, { resourcePolicy: resourceFor({ AWS: ALICE }) }).decision).toBe(
      'ImplicitDeny',
    );
  });

  it('an anonymous caller is granted only by a "*" principal', () => {
    expect(decide({ principal: '*' }, { resourcePolicy: resourceFor('*') }).decision).toBe('Allow');
    expect(decide({ principal: '*' }, { resourcePolicy: resourceFor({ AWS: A }) }).decision).toBe('ImplicitDeny');
  });
});

describe('SCP, RCP and VPC endpoint policies only take away', () => {
  it('SCP: every level must allow; a level without an Allow is an implicit deny naming the level', () => {
    const set = { identityPolicies: [identity('Allow')], scps: [[allowAll], [only('dynamodb:Query')]] };
    const d = decide({ principal: ALICE }, set);
    expect(d.decision).toBe('ImplicitDeny');
    expect(d.missing).toMatchObject([{ kind: 'scp', level: 1 }]);
    expect(decide({ principal: ALICE }, { ...set, scps: [[allowAll], [only('dynamodb:*')]] }).decision).toBe('Allow');
  });

  it('SCP: an Allow in an SCP grants nothing by itself', () => {
    expect(decide({ principal: ALICE }, { scps: [[allowAll]] }).decision).toBe('ImplicitDeny');
  });

  it("SCP: also limits what a resource policy grants to the account's principals", () => {
    const d = decide({ principal: ALICE }, { resourcePolicy: resourceFor({ AWS: ALICE }), scps: [[only('s3:*')]] });
    expect(d.decision).toBe('ImplicitDeny');
  });

  it('SCP: even the root user of a member account is limited', () => {
    expect(decide({ principal: A }, { scps: [[only('s3:*')]] }).decision).toBe('ImplicitDeny');
  });

  it('RCP: a Deny applies to every caller, external ones included; RCPs need no Allow', () => {
    const rcp = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'NoExternal',
          Effect: 'Deny',
          Principal: '*',
          Action: 'dynamodb:*',
          Resource: '*',
          Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } },
        },
      ],
    };
    const set = { resourcePolicy: resourceFor({ AWS: BOB_B }), identityPolicies: [identity('Allow')] };
    expect(decide({ principal: BOB_B }, { ...set, rcps: [[rcp]] }).decision).toBe('ExplicitDeny');
    expect(decide({ principal: { arn: BOB_B, orgId: 'o-abc' } }, { ...set, rcps: [[rcp]] }).decision).toBe('Allow');
  });

  it('a VPC endpoint policy must allow the request too', () => {
    const set = { identityPolicies: [identity('Allow')] };
    const endpoint = (action: string) => ({ Statement: [{ Effect: 'Allow', Principal: '*', Action: action, Resource: '*' }] });
    expect(decide({ principal: ALICE }, { ...set, vpcEndpointPolicy: endpoint('dynamodb:GetItem') }).decision).toBe('Allow');
    const d = decide({ principal: ALICE }, { ...set, vpcEndpointPolicy: endpoint('dynamodb:Query') });
    expect(d.decision).toBe('ImplicitDeny');
    expect(d.reason.code).toBe('vpc-endpoint-no-allow');
  });

  it('permission boundary and identity policy intersect', () => {
    expect(decide({ principal: ALICE }, { identityPolicies: [identity('Allow')], permissionBoundary: only('dynamodb:*') }).decision).toBe(
      'Allow',
    );
    expect(decide({ principal: ALICE }, { identityPolicies: [identity('Allow')], permissionBoundary: only('s3:*') }).decision).toBe(
      'ImplicitDeny',
    );
    expect(decide({ principal: ALICE }, { identityPolicies: [only('s3:*')], permissionBoundary: only('dynamodb:*') }).decision).toBe(
      'ImplicitDeny',
    );
  });
});

describe('NotPrincipal, NotAction, NotResource', () => {
  const denyAllBut = (listed: string[]) => ({
    Statement: [
      { Sid: 'AllowAll', Effect: 'Allow', Principal: { AWS: A }, Action: 'dynamodb:*', Resource: TABLE },
      { Sid: 'DenyOthers', Effect: 'Deny', NotPrincipal: { AWS: listed }, Action: 'dynamodb:*', Resource: TABLE },
    ],
  });
  it('Deny with NotPrincipal spares the listed caller only when its account (and for a session, its role) is listed too', () => {
    const id = [identity('Allow')];
    expect(
      decide({ principal: ALICE }, { resourcePolicy: denyAllBut([ALICE, `arn:aws:iam::${A}:root`]), identityPolicies: id }).decision,
    ).toBe('Allow');
    expect(decide({ principal: ALICE }, { resourcePolicy: denyAllBut([ALICE]), identityPolicies: id }).decision).toBe('ExplicitDeny');
    // A session escapes only when it is listed too (see not-principal.test.ts for the page's table).
    expect(decide({ principal: SESSION }, { resourcePolicy: denyAllBut([SESSION, ROLE, A]), identityPolicies: id }).decision).toBe('Allow');
    expect(decide({ principal: SESSION }, { resourcePolicy: denyAllBut([ROLE, A]), identityPolicies: id }).decision).toBe('ExplicitDeny');
  });
  it('Deny with NotPrincipal always denies a principal with a permissions boundary', () => {
    const d = decide(
      { principal: ALICE },
      { resourcePolicy: denyAllBut([ALICE, A]), identityPolicies: [identity('Allow')], permissionBoundary: allowAll },
    );
    expect(d.decision).toBe('ExplicitDeny');
  });
  it('Allow with NotAction covers every other action, scoped by Resource', () => {
    const policy = { Statement: [{ Effect: 'Allow', NotAction: 'dynamodb:DeleteTable', Resource: TABLE }] };
    expect(decide({ action: 'dynamodb:GetItem' }, { identityPolicies: [policy] }).decision).toBe('Allow');
    expect(decide({ action: 'dynamodb:DeleteTable' }, { identityPolicies: [policy] }).decision).toBe('ImplicitDeny');
    expect(
      decide({ action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:us-east-1:${A}:table/Other` }, { identityPolicies: [policy] })
        .decision,
    ).toBe('ImplicitDeny');
  });
  it('Deny with NotResource denies everything but the listed resources', () => {
    const policy = {
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: '*', NotResource: TABLE },
      ],
    };
    expect(decide({}, { identityPolicies: [policy] }).decision).toBe('Allow');
    expect(decide({ resource: `${TABLE}/index/ByArtist` }, { identityPolicies: [policy] }).decision).toBe('ExplicitDeny');
  });
  it('actions compare case-insensitively; "table/Music*" also covers another table (a pitfall)', () => {
    const policy = {
      Statement: [{ Effect: 'Allow', Action: 'DYNAMODB:getitem', Resource: `arn:aws:dynamodb:us-east-1:${A}:table/Music*` }],
    };
    expect(decide({}, { identityPolicies: [policy] }).decision).toBe('Allow');
    expect(decide({ resource: `arn:aws:dynamodb:us-east-1:${A}:table/MusicArchive` }, { identityPolicies: [policy] }).decision).toBe(
      'Allow',
    );
  });
  it('a table-only Resource does not cover its indexes', () => {
    const policy = { Statement: [{ Effect: 'Allow', Action: 'dynamodb:Query', Resource: TABLE }] };
    expect(decide({ action: 'dynamodb:Query', resource: `${TABLE}/index/ByArtist` }, { identityPolicies: [policy] }).decision).toBe(
      'ImplicitDeny',
    );
  });
  it('a variable in Resource that has no value matches nothing; in NotResource it excludes nothing', () => {
    const allowVar = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:dynamodb:*:*:table/${aws:PrincipalTag/team}' }],
    };
    expect(decide({ resource: `arn:aws:dynamodb:us-east-1:${A}:table/blue` }, { identityPolicies: [allowVar] }).decision).toBe(
      'ImplicitDeny',
    );
    expect(
      decide(
        { principal: { arn: ALICE, tags: { team: 'blue' } }, resource: `arn:aws:dynamodb:us-east-1:${A}:table/blue` },
        { identityPolicies: [allowVar] },
      ).decision,
    ).toBe('Allow');
    const denyVar = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: '*', NotResource: 'arn:aws:dynamodb:*:*:table/${aws:PrincipalTag/team}' },
      ],
    };
    expect(decide({ resource: `arn:aws:dynamodb:us-east-1:${A}:table/blue` }, { identityPolicies: [denyVar] }).decision).toBe(
      'ExplicitDeny',
    );
  });
});

describe('the request: derived keys, bare table names, and bad input', () => {
  it('derives aws:PrincipalArn (the role for a session), account, type and tags, never overriding the caller', () => {
    const policy = {
      Statement: [
        {
          Effect: 'Allow',
          Action: '*',
          Resource: '*',
          Condition: {
            ArnEquals: { 'aws:PrincipalArn': ROLE },
            StringEquals: { 'aws:PrincipalType': 'AssumedRole', 'aws:PrincipalAccount': A, 'aws:PrincipalTag/team': 'blue' },
          },
        },
      ],
    };
    expect(decide({ principal: { arn: SESSION, tags: { team: 'blue' } } }, { identityPolicies: [policy] }).decision).toBe('Allow');
    expect(
      decide(
        { principal: { arn: SESSION, tags: { team: 'blue' } }, context: { 'aws:PrincipalType': 'User' } },
        { identityPolicies: [policy] },
      ).decision,
    ).toBe('ImplicitDeny');
  });

  it("a bare table name resolves to the caller's own account and region; the explanation says so", () => {
    const central = `arn:aws:dynamodb:us-east-1:222222222222:table/rbac-central-table`;
    const rb = {
      Statement: [{ Sid: 'Tenants', Effect: 'Allow', Principal: { AWS: BOB_B }, Action: 'dynamodb:GetItem', Resource: central }],
    };
    const set = { resourcePolicy: rb, identityPolicies: [identity('Allow')] };
    expect(decide({ principal: BOB_B, resource: central }, set).decision).toBe('Allow');
    const byName = decide({ principal: BOB_B, resource: 'rbac-central-table', region: 'us-east-1' }, set);
    expect(byName.request.resource).toBe(`arn:aws:dynamodb:us-east-1:${B}:table/rbac-central-table`);
    expect(byName.decision).toBe('Allow'); // the identity policy allows its own account's table of that name
    expect(explain(byName)).toContain('the bare table name "rbac-central-table" resolves to the caller\'s own account');
  });

  it.each([
    [{ principal: ALICE, action: 'GetItem', resource: TABLE }, 'action'],
    [{ principal: ALICE, action: 'dynamodb:GetItem', resource: 'arn:aws:dynamodb:us-east-1' }, 'resource'],
    [{ principal: 'arn:aws:iam::1234:user/x', action: 'dynamodb:GetItem', resource: TABLE }, 'principal'],
    [{ principal: ALICE, action: 'dynamodb:GetItem', resource: 'Music' }, 'region'],
    [
      { principal: ALICE, action: 'dynamodb:GetItem', resource: TABLE, context: { 'aws:SourceIp': 'not-an-ip' } },
      'context["aws:SourceIp"]',
    ],
    [
      { principal: ALICE, action: 'dynamodb:GetItem', resource: TABLE, context: { 'aws:CurrentTime': 'yesterday' } },
      'context["aws:CurrentTime"]',
    ],
    [
      { principal: ALICE, action: 'dynamodb:GetItem', resource: TABLE, context: { 'aws:MultiFactorAuthAge': 'ten' } },
      'context["aws:MultiFactorAuthAge"]',
    ],
    [
      { principal: ALICE, action: 'dynamodb:GetItem', resource: TABLE, context: { 'aws:SecureTransport': 'yes' } },
      'context["aws:SecureTransport"]',
    ],
  ])('rejects a malformed request: %j', (request, field) => {
    expect(() => evaluate(request as never, {})).toThrowError(RequestError);
    try {
      evaluate(request as never, {});
    } catch (error) {
      expect((error as RequestError).field).toBe(field);
    }
  });

  it('rejects a resource-based policy in the identity slot', () => {
    const rb = loadPolicy(resourceFor({ AWS: ALICE }), { name: 'central' });
    expect(() => decide({}, { identityPolicies: [rb] })).toThrowError(PolicyError);
  });
});

describe('the answer: decidedBy, trace, ledger, strict mode', () => {
  const central = loadPolicy(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadOwnRows',
          Effect: 'Allow',
          Principal: { AWS: ALICE },
          Action: 'dynamodb:Query',
          Resource: TABLE,
          Condition: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': 'alice#*' },
            StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' },
          },
        },
        { Sid: 'NoDeletes', Effect: 'Deny', Principal: '*', Action: 'dynamodb:DeleteItem', Resource: TABLE },
      ],
    },
    { name: 'central' },
  );

  it('names the deciding statement and, for the others, the first element that did not match', () => {
    const d = decide({ action: 'dynamodb:Query', context: { 'dynamodb:LeadingKeys': ['bob#1'] } }, { resourcePolicy: central });
    expect(d.decision).toBe('ImplicitDeny');
    const statements = d.trace.flatMap((p) => p.statements);
    expect(statements[0]!.mismatch).toMatchObject({
      element: 'Condition',
      operator: 'ForAllValues:StringLike',
      key: 'dynamodb:LeadingKeys',
      policyValues: ['alice#*'],
      requestValues: ['bob#1'],
    });
    expect(statements[1]!.mismatch).toMatchObject({ element: 'Action', requestValue: 'dynamodb:Query' });
  });

  it('keeps a ledger of what rested on absent keys, and strict mode refuses such an Allow', () => {
    const d = decide({ action: 'dynamodb:Query', context: { 'dynamodb:LeadingKeys': ['alice#1'] } }, { resourcePolicy: central });
    expect(d.decision).toBe('Allow');
    expect(d.ledger).toMatchObject([{ key: 'aws:SourceVpce', reliance: 'if-exists', applied: true }]);
    const strict = evaluate(
      { principal: ALICE, action: 'dynamodb:Query', resource: TABLE, context: { 'dynamodb:LeadingKeys': ['alice#1'] } },
      { resourcePolicy: central },
      { strict: true },
    );
    expect(strict.errors.map((e) => e.code)).toEqual(['allow-rests-on-absent-key']);
    const scan = decide({ action: 'dynamodb:Query' }, { resourcePolicy: central });
    expect(scan.ledger.map((e) => e.reliance).sort()).toEqual(['for-all-values', 'if-exists']);
  });

  it('explicit deny lists every Deny that applied', () => {
    const d = decide({ action: 'dynamodb:DeleteItem' }, { resourcePolicy: central, identityPolicies: [identity('Deny', 'dynamodb:*')] });
    expect(d.decision).toBe('ExplicitDeny');
    expect(d.decidedBy.map((r) => `${r.policy}#${r.label}`).sort()).toEqual(['central#NoDeletes', 'identity#IdDeny']);
    expect(explain(d)).toMatch(/^ExplicitDeny: /);
  });

  it('serialises to JSON with the trace', () => {
    const d = decide({ action: 'dynamodb:Query', context: { 'dynamodb:LeadingKeys': ['alice#1'] } }, { resourcePolicy: central });
    const json = JSON.parse(JSON.stringify(d));
    expect(json.decision).toBe('Allow');
    expect(json.trace[0].statements).toHaveLength(2);
  });
});

describe('DDB: DeleteResourcePolicy API reference: the root user can always delete a policy that denies it', () => {
  const lockout = { Statement: [{ Sid: 'DenyAll', Effect: 'Deny', Principal: '*', Action: 'dynamodb:*', Resource: TABLE }] };
  it('root may delete the resource policy despite its Deny, but nothing else', () => {
    const d = decide({ principal: A, action: 'dynamodb:DeleteResourcePolicy' }, { resourcePolicy: lockout });
    expect(d.decision).toBe('Allow');
    expect(d.reason.message).toContain('lock-out');
    expect(decide({ principal: A, action: 'dynamodb:PutResourcePolicy' }, { resourcePolicy: lockout }).decision).toBe('ExplicitDeny');
    expect(
      decide({ principal: ALICE, action: 'dynamodb:DeleteResourcePolicy' }, { resourcePolicy: lockout, identityPolicies: [allowAll] })
        .decision,
    ).toBe('ExplicitDeny');
  });
  it('an SCP Deny still applies to the root user', () => {
    const scpDeny = {
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: 'dynamodb:DeleteResourcePolicy', Resource: '*' },
      ],
    };
    expect(decide({ principal: A, action: 'dynamodb:DeleteResourcePolicy' }, { resourcePolicy: lockout, scps: [[scpDeny]] }).decision).toBe(
      'ExplicitDeny',
    );
  });
});

describe('a misspelt DynamoDB action in a request is an error with a suggestion, never a quiet deny', () => {
  it('dynamodb:GetItems → did you mean dynamodb:GetItem?', () => {
    expect(() => decide({ action: 'dynamodb:GetItems' }, {})).toThrowError(
      /"dynamodb:GetItems" is not a DynamoDB action \(did you mean "dynamodb:GetItem"\?\)/,
    );
    expect(decide({ action: 'DYNAMODB:getitem' }, { identityPolicies: [identity('Allow')] }).decision).toBe('Allow');
  });
});
