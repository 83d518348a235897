/**
 * Type tests for the prepare-once API (checked by `tsc --noEmit -p .`, never run).
 */
import { expectTypeOf } from 'expect-type';
import {
  preparePolicySet,
  type CombinedDecision,
  type Decision,
  type PolicySetInput,
  type PreparedPolicySet,
  type RequestInput,
} from '../../src/index';

declare const policies: PolicySetInput;
declare const request: RequestInput;
const set = preparePolicySet(policies);

expectTypeOf(set).toEqualTypeOf<PreparedPolicySet>();
expectTypeOf(set.evaluate(request)).toEqualTypeOf<Decision>();
expectTypeOf(set.evaluate(request, { strict: true })).toEqualTypeOf<Decision>();
expectTypeOf(set.evaluateAll([request])).toEqualTypeOf<CombinedDecision>();
// @ts-expect-error a prepared set takes the request only: the policies are in it
set.evaluate(request, policies);
