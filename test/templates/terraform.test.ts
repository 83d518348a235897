/**
 * Terraform plans as `terraform show -json` writes them (format 1.x, hand-written to the documented
 * shape in test/fixtures/templates/announcement.tfplan.json): before and after values of each
 * resource change, policies as rendered JSON text, unknown values reported and never guessed.
 */
import { describe, expect, test } from 'vitest';
import { findPrincipal, findTable, readTerraformPlan, readTerraformPlanText, TemplateError } from '../../src/templates/index';
import { standalone, TABLE_222, TABLE_444, verdicts } from '../support/announcement-requests';

const PLAN = 'test/fixtures/templates/announcement.tfplan.json';
const plan = readTerraformPlan(PLAN);

describe("the announcement's examples deployed by a Terraform plan", () => {
  test('before: example 1 on the table, example 2 on its stream; after: example 4, and example 3 in the tenant account', () => {
    const table = (side: typeof plan.before, name: string) => findTable(side, name);
    expect(verdicts(table(plan.before, 'aws_dynamodb_table.central').policy!, 1)).toEqual(verdicts(standalone(1), 1));
    expect(verdicts(table(plan.before, 'aws_dynamodb_table.central').stream!.policy!, 2)).toEqual(verdicts(standalone(2), 2));
    expect(verdicts(table(plan.after, 'aws_dynamodb_table.central').policy!, 4)).toEqual(verdicts(standalone(4), 4));
    const tenant = table(plan.after, 'aws_dynamodb_resource_policy.tenant_catalog');
    expect(tenant.arn).toBe(TABLE_222);
    expect(verdicts(tenant.policy!, 3)).toEqual(verdicts(standalone(3), 3));
    // The tenant's policy is created by the plan: it is not there before.
    expect(plan.before.tables.map((t) => t.arn)).toEqual([TABLE_444]);
  });

  test('a role: inline policy and attached managed policy, before and after', () => {
    const before = findPrincipal(plan.before, 'aws_iam_role.app');
    const after = findPrincipal(plan.after, 'aws_iam_role.app');
    expect(before.arn).toBe('arn:aws:iam::444455556666:role/app');
    expect(before.identityPolicies.map((p) => p.name)).toEqual(['aws_iam_role.app.read', 'aws_iam_policy.audit']);
    expect(after.identityPolicies[0]!.statements.map((s) => s.ref.label)).toEqual(['ReadCentral', 'Everything']);
  });

  test('values known only after apply are reported, and what rests on them left out', () => {
    expect(plan.before.unknowns).toEqual([]);
    expect(plan.after.unknowns.map((u) => [u.resource, u.attribute])).toEqual([
      ['aws_iam_role_policy.worker', 'policy'],
      ['aws_iam_role.worker', 'arn'],
    ]);
    expect(plan.after.principals.map((p) => p.name)).toEqual(['aws_iam_role.app']);
  });

  test('SCPs with their targets, VPC endpoint policies with their ids', () => {
    expect(plan.after.organizationPolicies.map((o) => [o.name, o.kind, o.targets])).toEqual([
      ['aws_organizations_policy.guard', 'scp', ['r-abcd']],
    ]);
    expect(plan.after.vpcEndpoints.map((e) => [e.endpointId, e.serviceName, e.policy.kind])).toEqual([
      ['vpce-1a2b3c4d', 'com.amazonaws.us-east-1.dynamodb', 'vpc-endpoint'],
    ]);
  });
});

describe('what is not a plan, or not a policy, is an error naming the plan and the resource', () => {
  test.each([
    ['not JSON', 'nope', /plan\.json at \(template\): the plan is not valid JSON/],
    ['not a plan', '{}', /not a Terraform plan: `terraform show -json PLANFILE` writes format_version and resource_changes/],
    ['another format', '{"format_version":"2.0","resource_changes":[]}', /plan format_version 2\.0 is not read; format 1\.x is/],
  ])('%s', (_name, text, message) => {
    expect(() => readTerraformPlanText(text, 'plan.json')).toThrow(message);
  });

  test('an invalid policy document is located at its resource change', () => {
    const text = JSON.stringify({
      format_version: '1.2',
      resource_changes: [
        {
          address: 'aws_dynamodb_resource_policy.x',
          mode: 'managed',
          type: 'aws_dynamodb_resource_policy',
          change: {
            actions: ['create'],
            before: null,
            after: {
              resource_arn: TABLE_444,
              policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Permit","Principal":"*","Action":"dynamodb:GetItem"}]}',
            },
            after_unknown: {},
          },
        },
      ],
    });
    let error: unknown;
    try {
      readTerraformPlanText(text, 'plan.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).issues[0]).toMatchObject({
      resource: 'aws_dynamodb_resource_policy.x',
      path: 'resource_changes[0].change.after.policy.Statement[0].Effect',
    });
  });
});

describe('users, attachments and RCPs in a plan', () => {
  const doc = (action: string) =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
  const change = (address: string, after: Record<string, unknown>) => ({
    address,
    mode: 'managed',
    type: address.split('.')[0],
    name: address.split('.')[1],
    change: { actions: ['no-op'], before: after, after, after_unknown: {} },
  });
  const plan = (...changes: object[]) => JSON.stringify({ format_version: '1.2', resource_changes: changes });

  test('a user with its own policy and a policy attached to several users', () => {
    const read = readTerraformPlanText(
      plan(
        change('aws_iam_user.ana', { name: 'ana', arn: 'arn:aws:iam::444455556666:user/ana' }),
        change('aws_iam_user_policy.ana', { user: 'ana', name: 'own', policy: doc('dynamodb:GetItem') }),
        change('aws_iam_policy.shared', { name: 'shared', arn: 'arn:aws:iam::444455556666:policy/shared', policy: doc('dynamodb:Query') }),
        change('aws_iam_policy_attachment.shared', {
          name: 'shared',
          users: ['ana', 'bob'],
          roles: [],
          groups: [],
          policy_arn: 'arn:aws:iam::444455556666:policy/shared',
        }),
        change('aws_organizations_policy.perimeter', {
          id: 'p-1',
          type: 'RESOURCE_CONTROL_POLICY',
          content: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Deny', Principal: '*', Action: 'dynamodb:*', Resource: '*' }],
          }),
        }),
      ),
      'plan.json',
    );
    expect(read.after.principals.map((p) => [p.name, p.type, p.identityPolicies.map((x) => x.name)])).toEqual([
      ['aws_iam_user.ana', 'user', ['aws_iam_user_policy.ana', 'aws_iam_policy.shared']],
    ]);
    expect(read.after.organizationPolicies.map((o) => [o.kind, o.policy.kind])).toEqual([['rcp', 'rcp']]);
  });

  test('a user gets the policies of its groups, by either kind of membership', () => {
    const read = readTerraformPlanText(
      plan(
        change('aws_iam_user.ana', { name: 'ana', arn: 'arn:aws:iam::444455556666:user/ana' }),
        change('aws_iam_user_group_membership.ana', { user: 'ana', groups: ['readers'] }),
        change('aws_iam_group_membership.writers', { name: 'writers', group: 'writers', users: ['ana'] }),
        change('aws_iam_group_policy.readers', { group: 'readers', name: 'read', policy: doc('dynamodb:GetItem') }),
        change('aws_iam_policy.write', { name: 'write', arn: 'arn:aws:iam::444455556666:policy/write', policy: doc('dynamodb:PutItem') }),
        change('aws_iam_group_policy_attachment.writers', { group: 'writers', policy_arn: 'arn:aws:iam::444455556666:policy/write' }),
        change('aws_iam_group_policy.others', { group: 'others', name: 'other', policy: doc('dynamodb:DeleteTable') }),
      ),
      'plan.json',
    );
    expect(read.after.principals[0]!.identityPolicies.map((p) => p.name)).toEqual(['aws_iam_group_policy.readers', 'aws_iam_policy.write']);
  });

  test('a customer managed policy the plan does not hold is an error naming the attachment', () => {
    const text = plan(
      change('aws_iam_role.app', { name: 'app', arn: 'arn:aws:iam::444455556666:role/app' }),
      change('aws_iam_role_policy_attachment.app', { role: 'app', policy_arn: 'arn:aws:iam::444455556666:policy/elsewhere' }),
    );
    expect(() => readTerraformPlanText(text, 'plan.json')).toThrow(
      'plan.json (resource aws_iam_role_policy_attachment.app) at ' +
        'resource_changes[1].change.before.policy_arn: the managed policy ' +
        'arn:aws:iam::444455556666:policy/elsewhere is not defined here: give its document ' +
        '(managedPolicies)',
    );
  });
});
