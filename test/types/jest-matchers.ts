/**
 * Type tests for `iamspec/jest` (checked by `tsc --noEmit -p .`, never run): the matchers are
 * typed on the `expect` of `@jest/globals` (module `expect`) and on the global `jest.Matchers`
 * that @types/jest gives the global `expect`.
 */
import { expect } from '@jest/globals';
import { expectTypeOf } from 'expect-type';
import { fromCommand, scenarioTests, policySet } from '../../matchers/jest';

declare const document: object;
const set = policySet({ resource: document });
const call = fromCommand('Query', {
  TableName: 'arn:aws:dynamodb:us-east-1:111122223333:table/orders',
  KeyConditionExpression: 'pk = :p',
  ExpressionAttributeValues: { ':p': { S: 'a' } },
});

expectTypeOf<ReturnType<typeof expect<unknown>>['toAllow']>().returns.toEqualTypeOf<void>();
expectTypeOf<ReturnType<typeof expect<unknown>>['rejects']['toDeny']>().returns.toEqualTypeOf<Promise<void>>();
expectTypeOf<jest.Matchers<void, unknown>['toBePublic']>().toEqualTypeOf<() => void>();
expectTypeOf<jest.Matchers<void, unknown>['toOnlyGrantAccessTo']>().parameter(0).toEqualTypeOf<readonly string[]>();

expectTypeOf(scenarioTests).parameter(0).toEqualTypeOf<string | readonly string[]>();

export function rightCalls(): void {
  expect(set).toAllow('arn:aws:iam::111122223333:role/app', 'dynamodb:GetItem', { leadingKeys: ['a'], sourceIp: '192.0.2.1' });
  expect(set).not.toExplicitlyDeny('111122223333', call);
  expect(set).toImplicitlyDeny('111122223333', 'dynamodb:Query', { ...call, decidedBy: 'x' });
  expect(document).toBePublic();
  expect(document).not.toGrantExternalAccess({ outside: { orgId: 'o-a1b2c3d4e5' } });
  expect(document).toOnlyGrantAccessTo(['*']);
  expect(document).toBeValidResourcePolicy();
}

export function wrongCalls(): void {
  // @ts-expect-error the action is required
  expect(set).toDeny('111122223333');
  // @ts-expect-error unknown shorthand key
  expect(set).toAllow('111122223333', 'dynamodb:GetItem', { sourceVPCE: 'vpce-1' });
  // @ts-expect-error dynamodb:ReturnValues has five values
  expect(set).toAllow('111122223333', 'dynamodb:UpdateItem', { returnValues: 'ALL' });
  // @ts-expect-error a list of principals
  expect(document).not.toOnlyGrantAccessTo(111122223333);
  // @ts-expect-error attachTo is an ARN
  expect(document).toBeValidResourcePolicy({ attachTo: ['arn'] });
}
