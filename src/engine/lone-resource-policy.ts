/**
 * The one convention for a resource-based policy given alone (the matchers' `expect(policy)`,
 * `iamspec diff`, `iamspec explain --policy`): the question asked is what that
 * policy allows, so the caller's own account is assumed to allow the request. An identity-based
 * policy that allows everything stands in for the caller's side, and every tool says so with
 * `LONE_RESOURCE_POLICY_NOTE`. Asking for no identity-based policy at all is explicit
 * (`identitySide: 'nothing'`): then only what the resource policy grants by itself is allowed.
 */
import { policyFromObject } from '../policy/load';
import type { Policy, StatementRef } from '../policy/model';
import type { PolicySetInput } from './policy-set';

/** The name of the stand-in identity policy; tools leave its statement out of what they report. */
export const ASSUMED_IDENTITY_POLICY = 'assumed-identity';

/** The stand-in's document, for tools that write it out (scenario files made by `iamspec diff`). */
export const ASSUMED_IDENTITY_DOCUMENT = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'AllowsEverything', Effect: 'Allow', Action: '*', Resource: '*' }],
} as const;

export const ASSUMED_IDENTITY: Policy = policyFromObject(ASSUMED_IDENTITY_DOCUMENT, { name: ASSUMED_IDENTITY_POLICY, kind: 'identity' });

/** What every tool says when the stand-in was used; each adds how to ask otherwise. */
export const LONE_RESOURCE_POLICY_NOTE =
  "only a resource-based policy was given, so the caller's own account was assumed to allow the " +
  'request (an identity-based policy allowing everything stood in for it)';

/** `all`: the convention (the identity side allows everything); `nothing`: the caller has no identity-based policy. */
export type LoneIdentitySide = 'all' | 'nothing';

export function isAssumedIdentity(ref: StatementRef): boolean {
  return ref.policy === ASSUMED_IDENTITY_POLICY;
}

/** The policy set a lone resource-based policy is decided with. */
export function loneResourcePolicySet(resourcePolicy: Policy, identitySide: LoneIdentitySide): PolicySetInput {
  return identitySide === 'all' ? { resourcePolicy, identityPolicies: [ASSUMED_IDENTITY] } : { resourcePolicy, identityPolicies: [] };
}
