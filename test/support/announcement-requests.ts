/**
 * Requests that exercise the announcement's four example policies (allowed, refused by omission,
 * refused by a Deny), for comparing the verdicts of a policy deployed through a template with those
 * of the standalone file it was written from. The caller's own account allows everything: each
 * request is decided by the resource-based policy.
 */
import { evaluate } from '../../src/engine/evaluate';
import type { RequestInput } from '../../src/engine/request-types';
import { loadPolicyFile } from '../../src/policy/load';
import type { Policy } from '../../src/policy/model';

export const TABLE_444 = 'arn:aws:dynamodb:us-east-1:444455556666:table/rbac-central-table';
export const STREAM_444 = `${TABLE_444}/stream/2024-01-11T16:35:51.514`;
export const TABLE_222 = 'arn:aws:dynamodb:us-east-1:222222222222:table/rbac-central-table';
const USER = (name: string, account = '111122223333') => `arn:aws:iam::${account}:user/${name}`;
const ADMIN = 'arn:aws:iam::111122223333:role/Admin';

export const EXAMPLE_FILES = {
  1: 'scenarios/policies/announcement/1-specific-users-getitem.json',
  2: 'scenarios/policies/announcement/2-admin-stream-read.json',
  3: 'scenarios/policies/announcement/3-fine-grained-query.json',
  4: 'scenarios/policies/announcement/4-admin-source-ip-and-vpce.json',
} as const;

export type Example = keyof typeof EXAMPLE_FILES;

const queryContext = (attributes: string[], keys: string[]) => ({
  'dynamodb:Attributes': attributes,
  'dynamodb:LeadingKeys': keys,
  'dynamodb:Select': 'SPECIFIC_ATTRIBUTES',
});

export const REQUESTS: Readonly<Record<Example, readonly RequestInput[]>> = {
  1: ['foo', 'foobar', 'bar'].flatMap((user) =>
    ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'].map((action) => ({ principal: USER(user), action, resource: TABLE_444 })),
  ),
  2: [ADMIN, 'arn:aws:iam::111122223333:role/Other'].flatMap((principal) =>
    ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'].map((action) => ({
      principal,
      action,
      resource: STREAM_444,
    })),
  ),
  3: [
    {
      principal: USER('foo', '111111111111'),
      action: 'dynamodb:Query',
      resource: TABLE_222,
      context: queryContext(['ProductName'], ['ProductCatalog-1']),
    },
    {
      principal: USER('foo', '111111111111'),
      action: 'dynamodb:Query',
      resource: TABLE_222,
      context: queryContext(['ProductName', 'Secret'], ['ProductCatalog-1']),
    },
    {
      principal: USER('foo', '111111111111'),
      action: 'dynamodb:Query',
      resource: TABLE_222,
      context: queryContext(['ProductName'], ['Other-1']),
    },
    {
      principal: USER('bar', '111111111111'),
      action: 'dynamodb:Query',
      resource: TABLE_222,
      context: queryContext(['ProductName'], ['ProductCatalog-1']),
    },
    { principal: USER('foo', '111111111111'), action: 'dynamodb:Scan', resource: TABLE_222 },
  ],
  4: [
    ['192.0.2.7', 'vpce-1a2b3c4d'],
    ['198.51.100.7', 'vpce-1a2b3c4d'],
    ['192.0.2.7', 'vpce-9999'],
    ['2001:db8:1234:5678::1', 'vpce-1a2b3c4d'],
  ].map(([ip, vpce]) => ({
    principal: ADMIN,
    action: 'dynamodb:PutItem',
    resource: TABLE_444,
    context: { 'aws:SourceIp': ip!, 'aws:SourceVpce': vpce! },
  })),
};

const CALLER_ALLOWS_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** Each request's decision and the Sids that decided it. */
export function verdicts(policy: Policy, example: Example): string[] {
  return REQUESTS[example].map((request) => {
    const decision = evaluate(request, { identityPolicies: [CALLER_ALLOWS_ALL], resourcePolicy: policy });
    return `${decision.decision} ${decision.decidedBy
      .filter((s) => s.kind === 'resource')
      .map((s) => s.label)
      .join(',')}`;
  });
}

export function standalone(example: Example): Policy {
  return loadPolicyFile(EXAMPLE_FILES[example]);
}
