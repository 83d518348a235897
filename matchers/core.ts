/**
 * The iamspec matchers, framework-neutral: each takes the subject of `expect(...)` and the
 * matcher's arguments and returns `{ pass, message }`. `vitest.ts` and `jest.ts` only register
 * them and type them.
 *
 * Subject: a policy (document, JSON/YAML text, file path or `loadPolicy(...)`) or `policySet({...})`
 * (see `subject.ts`). Requests: `principal, action, { shorthand }` or a `fromCommand(...)` call (see
 * `request-shorthand.ts`). Wrong arguments fail the assertion with or without `.not`.
 */
import { analysisMatcher, type AnalysisMatcherName } from './analysis-matchers';
import { decisionMatcher } from './decision-matchers';
import type { MatcherContextLike, MatcherOutcome } from './matcher-context';

export type { MatcherContextLike, MatcherOutcome, MatcherUtilsLike } from './matcher-context';
export { MatcherArgumentError } from './argument-error';
export { fromTemplate, policySet, type FromTemplateOptions, type PolicySet, type PolicySetSpec } from './subject';
export type {
  CallerAndNetwork,
  CommandRequest,
  DecisionAssertions,
  ExternalAccessOptions,
  IamspecMatchers,
  PrincipalArgument,
  RequestShorthand,
  ReturnValuesValue,
  SelectValue,
  TrustedZone,
  ValidityOptions,
} from './types';
// The few library functions a matcher test writes next to its assertions (documented with the
// matchers); everything else comes from 'iamspec'.
export { loadPolicy, type PolicyInput } from '../src/policy/load';
export { fromCommand, type CallRequests, type FromCommandOptions, type KeySchema } from '../src/dynamodb/from-command';

type MatcherFunction = (this: MatcherContextLike, received: unknown, ...args: unknown[]) => MatcherOutcome;

function analysis(name: AnalysisMatcherName): MatcherFunction {
  return function (this: MatcherContextLike, received: unknown, ...args: unknown[]) {
    return analysisMatcher(name, this, received, args);
  };
}

/** The matchers to give `expect.extend`, by name. */
export const iamspecMatchers = {
  toAllow(this: MatcherContextLike, received: unknown, principal: unknown, second?: unknown, third?: unknown): MatcherOutcome {
    return decisionMatcher('toAllow', this, received, principal, second, third);
  },
  toDeny(this: MatcherContextLike, received: unknown, principal: unknown, second?: unknown, third?: unknown): MatcherOutcome {
    return decisionMatcher('toDeny', this, received, principal, second, third);
  },
  toExplicitlyDeny(this: MatcherContextLike, received: unknown, principal: unknown, second?: unknown, third?: unknown): MatcherOutcome {
    return decisionMatcher('toExplicitlyDeny', this, received, principal, second, third);
  },
  toImplicitlyDeny(this: MatcherContextLike, received: unknown, principal: unknown, second?: unknown, third?: unknown): MatcherOutcome {
    return decisionMatcher('toImplicitlyDeny', this, received, principal, second, third);
  },
  toBePublic: analysis('toBePublic'),
  toGrantExternalAccess: analysis('toGrantExternalAccess'),
  toOnlyGrantAccessTo: analysis('toOnlyGrantAccessTo'),
  toBeValidResourcePolicy: analysis('toBeValidResourcePolicy'),
} satisfies Record<string, MatcherFunction>;
