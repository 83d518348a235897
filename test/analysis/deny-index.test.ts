/**
 * The Deny index only narrows where the analyses look: for every Allow, the Denies it finds are
 * exactly those a scan of the whole policy finds, in document order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confiningDenies, denyConditionConfines } from '../../src/checks/public-access';
import { actionsCovered, overridingDenies, principalsCovered, resourcesCovered } from '../../src/checks/statement-scope';
import { loadPolicy } from '../../src/index';
import type { Statement } from '../../src/policy/model';
import { policyArb } from '../gate/arbitraries';

const TABLE = 'arn:aws:dynamodb:us-east-1:111122223333:table/Music';

/** Deny statements with literal and wildcard actions and resources, with and without conditions. */
const denyArb = fc
  .record({
    Effect: fc.constant('Deny'),
    Principal: fc.constantFrom('*', { AWS: 'arn:aws:iam::111122223333:role/app' }),
    Action: fc.oneof(
      fc.constantFrom('dynamodb:GetItem', 'dynamodb:getitem', 'dynamodb:Query', 'dynamodb:*', 'dynamodb:Get*'),
      fc.constant(['dynamodb:PutItem', 'dynamodb:GetItem']),
    ),
    Resource: fc.constantFrom(
      TABLE,
      TABLE.replace('table/Music', 'table/MUSIC'),
      TABLE.replace('us-east-1', 'US-EAST-1'),
      `${TABLE}/index/*`,
      `${TABLE}/index/ByArtist`,
      '*',
      [TABLE, `${TABLE}/index/ByArtist`],
    ),
    Condition: fc.constantFrom(undefined, { StringNotEquals: { 'aws:PrincipalAccount': '111122223333' } }),
  })
  .map((d) => (d.Condition === undefined ? { Effect: d.Effect, Principal: d.Principal, Action: d.Action, Resource: d.Resource } : d));

function scanOverriding(allow: Statement, statements: readonly Statement[]): Statement[] {
  return statements.filter(
    (s) =>
      s !== allow &&
      s.effect === 'Deny' &&
      s.conditions.length === 0 &&
      principalsCovered(s, allow) &&
      actionsCovered(s, allow) &&
      resourcesCovered(s, allow),
  );
}

function scanConfining(allow: Statement, statements: readonly Statement[]): Statement[] {
  return statements.filter(
    (s) =>
      s.effect === 'Deny' &&
      s.principal !== undefined &&
      !s.principal.negated &&
      s.principal.anyone &&
      s.conditions.length > 0 &&
      s.conditions.every(denyConditionConfines) &&
      actionsCovered(s, allow) &&
      resourcesCovered(s, allow),
  );
}

describe('the Deny index behind overridingDenies and confiningDenies', () => {
  it('finds exactly the Denies a scan of the whole policy finds, in order', () => {
    fc.assert(
      fc.property(policyArb(true), fc.array(denyArb, { maxLength: 6 }), fc.nat(), (policy, denies, at) => {
        const statements = [...policy.Statement];
        for (const deny of denies) statements.splice(at % (statements.length + 1), 0, deny);
        const compiled = loadPolicy({ Version: '2012-10-17', Statement: statements }, { kind: 'resource' }).statements;
        for (const allow of compiled.filter((s) => s.effect === 'Allow')) {
          expect(overridingDenies(allow, compiled)).toEqual(scanOverriding(allow, compiled));
          expect(confiningDenies(allow, compiled)).toEqual(scanConfining(allow, compiled));
        }
      }),
      { numRuns: 500 },
    );
  });
});
