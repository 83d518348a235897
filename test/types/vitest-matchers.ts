/**
 * Type tests for `iamspec/vitest` (checked by `tsc --noEmit -p .`, never run): importing the
 * module types the matchers on Vitest's `expect`, right calls compile and wrong ones do not.
 */
import { expectTypeOf } from 'expect-type';
import { expect, type Assertion } from 'vitest';
import { fromCommand, loadPolicy, policySet, scenarioTests, type PolicySet, type RequestShorthand } from '../../matchers/vitest';

declare const document: object;
const policy = loadPolicy(document);
const set = policySet({ resource: document, identity: { app: document } });
const call = fromCommand('GetItem', { TableName: 'orders', Key: { pk: { S: 'a' } } }, { account: '111122223333', region: 'us-east-1' });

expectTypeOf(set).toEqualTypeOf<PolicySet>();
expectTypeOf<Assertion<typeof policy>['toAllow']>().returns.toEqualTypeOf<void>();
expectTypeOf<Assertion<unknown>['toBePublic']>().toEqualTypeOf<() => void>();
expectTypeOf<Assertion<unknown>['toOnlyGrantAccessTo']>().parameter(0).toEqualTypeOf<readonly string[]>();
expectTypeOf<RequestShorthand['select']>().toEqualTypeOf<
  'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES' | 'SPECIFIC_ATTRIBUTES' | 'COUNT' | undefined
>();

// Never called: the calls are here to be type-checked.
expectTypeOf(scenarioTests).parameter(0).toEqualTypeOf<string | readonly string[]>();

export function rightCalls(): void {
  expect(policy).toAllow('arn:aws:iam::111122223333:role/app', 'dynamodb:GetItem');
  expect(policy).toAllow('111122223333', 'dynamodb:Query', {
    leadingKeys: 'a',
    attributes: ['x'],
    select: 'SPECIFIC_ATTRIBUTES',
    decidedBy: 'Statement1',
  });
  expect(policy).toAllow({ arn: 'arn:aws:iam::111122223333:role/app', tags: { team: 'x' } }, 'dynamodb:GetItem', {
    sourceVpce: 'vpce-1',
    strict: true,
  });
  expect(set).not.toDeny('arn:aws:iam::111122223333:role/app', 'dynamodb:GetItem', {
    resource: 'orders',
    region: 'us-east-1',
    decidedBy: ['a#b', 'c'],
  });
  expect(set).toExplicitlyDeny('111122223333', call);
  expect(set).toImplicitlyDeny('111122223333', 'dynamodb:GetItem', { ...call, sourceVpce: 'vpce-1', decidedBy: 'Deny1' });
  expect(policy).toBePublic();
  expect(policy).not.toGrantExternalAccess();
  expect(policy).toGrantExternalAccess({ outside: ['111122223333'] });
  expect(policy).toGrantExternalAccess({ outside: { orgId: 'o-a1b2c3d4e5', accounts: ['111122223333'] } });
  expect(policy).toOnlyGrantAccessTo(['111122223333', 'arn:aws:iam::111122223333:role/app']);
  expect(policy).toBeValidResourcePolicy({ attachTo: 'arn:aws:dynamodb:us-east-1:111122223333:table/orders' });
  expect.soft(policy).toAllow('111122223333', 'dynamodb:GetItem');
}

export function wrongCalls(): void {
  // @ts-expect-error the action is required
  expect(policy).toAllow('111122223333');
  // @ts-expect-error the principal is a string or a description, not a number
  expect(policy).toAllow(111122223333, 'dynamodb:GetItem');
  // @ts-expect-error unknown shorthand key
  expect(policy).toAllow('111122223333', 'dynamodb:GetItem', { leadingKey: 'a' });
  // @ts-expect-error dynamodb:Select has four values
  expect(policy).toAllow('111122223333', 'dynamodb:Query', { select: 'SPECIFIC' });
  // @ts-expect-error a shorthand resource does not go with an SDK call
  expect(policy).toAllow('111122223333', { ...call, resource: 'orders' });
  // @ts-expect-error decidedBy names statements by string
  expect(policy).toDeny('111122223333', 'dynamodb:GetItem', { decidedBy: 3 });
  // @ts-expect-error toBePublic takes no argument
  expect(policy).toBePublic(true);
  // @ts-expect-error outside is a list of accounts or an organization
  expect(policy).toGrantExternalAccess({ outside: '111122223333' });
  // @ts-expect-error a list of principals
  expect(policy).toOnlyGrantAccessTo('111122223333');
  // @ts-expect-error attachTo is an ARN
  expect(policy).toBeValidResourcePolicy({ attachTo: 1 });
  // @ts-expect-error policySet has no such role
  policySet({ resources: document });
}
