/**
 * `fromTemplate(...)` in the matchers: the policies a template deploys, straight into `policySet`.
 */
import { describe, expect, test } from 'vitest';
import { fromTemplate, MatcherArgumentError, policySet } from '../../matchers/vitest';
import { TemplateError } from '../../src/templates/index';

const TEMPLATE = 'test/fixtures/templates/announcement.yaml';
const TABLE = 'arn:aws:dynamodb:us-east-1:444455556666:table/rbac-central-table';
const deployed = { accountId: '444455556666' };

describe('fromTemplate', () => {
  const app = policySet(fromTemplate(TEMPLATE, { ...deployed, resource: 'CentralTable', role: 'AppRole' }));

  test("the table policy and the role's identity policies decide as deployed", () => {
    expect(app).toAllow('arn:aws:iam::444455556666:role/orders-app', 'dynamodb:Query', {
      resource: TABLE,
      decidedBy: 'AppRole.ReadCentral#ReadTable',
    });
    expect(app).toDeny('arn:aws:iam::444455556666:role/orders-app', 'dynamodb:PutItem', { resource: TABLE });
  });

  test('a stream policy, and a Terraform plan', () => {
    // A lone resource-based policy: the caller's own account is taken to allow.
    const stream = fromTemplate(TEMPLATE, { ...deployed, stream: 'CentralTable' }).resource;
    expect(stream).toAllow('arn:aws:iam::111122223333:role/Admin', 'dynamodb:GetRecords', {
      resource: `${TABLE}/stream/2024-01-11T16:35:51.514`,
    });
    const plan = 'test/fixtures/templates/announcement.tfplan.json';
    const before = fromTemplate(plan, { resource: 'aws_dynamodb_table.central', planSide: 'before' }).resource;
    expect(before).toAllow('arn:aws:iam::111122223333:user/foo', 'dynamodb:GetItem', {
      resource: TABLE,
      decidedBy: 'aws_dynamodb_resource_policy.central#Statement1',
    });
    expect(fromTemplate(plan, { resource: 'aws_dynamodb_table.central' }).resource).toDeny(
      'arn:aws:iam::111122223333:user/foo',
      'dynamodb:GetItem',
      { resource: TABLE },
    );
  });

  test('names that are not in the template, and missing names, are errors', () => {
    expect(() => fromTemplate(TEMPLATE, { resource: 'CentralTabel' })).toThrow(TemplateError);
    expect(() => fromTemplate(TEMPLATE, {})).toThrow(MatcherArgumentError);
  });
});
