/**
 * A scenario file after loading: every name resolved, every policy compiled once, every case
 * expanded and checked. Plain data that `run.ts` evaluates without looking anything up by name.
 */
import type { DecisionKind } from '../engine/decision-types';
import type { PrincipalDescription, RequestContext } from '../engine/request-types';
import type { KeySchema } from '../dynamodb/from-command/model';
import type { Policy } from '../policy/model';

/** What a case expects: `deny` accepts either kind of deny. */
export type Expectation = 'allow' | 'deny' | 'explicit-deny' | 'implicit-deny';

export const EXPECTATIONS: readonly Expectation[] = ['allow', 'deny', 'explicit-deny', 'implicit-deny'];

/** Whether a decision meets an expectation. */
export function meets(expectation: Expectation, decision: DecisionKind): boolean {
  switch (expectation) {
    case 'allow':
      return decision === 'Allow';
    case 'deny':
      return decision !== 'Allow';
    case 'explicit-deny':
      return decision === 'ExplicitDeny';
    case 'implicit-deny':
      return decision === 'ImplicitDeny';
  }
}

/** Where something is in a scenario file. */
export interface SourcePoint {
  readonly line: number;
  readonly column: number;
}

/** Levels from the organization root through the OUs to the account; each level one or more policies. */
export type PolicyLevels = readonly (readonly Policy[])[];

/**
 * The policies on the caller's side of a request. Cases that change none of them share one object
 * per principal, so that the evaluator's cache of prepared policy sets is hit.
 */
export interface CallerSide {
  readonly identityPolicies: readonly Policy[];
  readonly permissionBoundary: Policy | undefined;
  readonly sessionPolicies: readonly Policy[];
  readonly scps: PolicyLevels;
  readonly vpcEndpointPolicy: Policy | undefined;
}

/** The policies on the resource's side: its resource-based policy and the RCPs of its account. */
export interface ResourceSide {
  readonly resourcePolicy: Policy | undefined;
  readonly rcps: PolicyLevels;
}

export interface ScenarioPrincipal {
  readonly name: string;
  readonly description: PrincipalDescription;
  readonly caller: CallerSide;
  /** Condition keys every request of this principal carries (its network, for instance). */
  readonly context: RequestContext;
  /** The Region of the endpoint it calls: where a bare table name resolves. */
  readonly region: string | undefined;
}

export interface ScenarioResource {
  readonly name: string;
  readonly arn: string;
  readonly side: ResourceSide;
  readonly keySchema: KeySchema | undefined;
  /** Its tags, as `aws:ResourceTag/<key>` for every request on it. */
  readonly tags: Readonly<Record<string, string>>;
}

/** What the case asks AWS to authorize. */
export type CaseTarget =
  | {
      readonly kind: 'action';
      readonly action: string;
      /** As the evaluator takes it: an ARN, `*`, or a bare table name (resolved in the caller's account). */
      readonly resource: string;
    }
  | {
      readonly kind: 'call';
      /** The DynamoDB operation, e.g. `Query`. */
      readonly command: string;
      readonly input: Readonly<Record<string, unknown>>;
    };

/** A `decidedBy` entry: a statement (`policy#label`) or any statement of a policy (`policy`). */
export interface DecidedByExpectation {
  readonly policy: string;
  readonly label: string | undefined;
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

export interface ScenarioCase {
  /** Unique in its file; an expanded case carries the values it was expanded with. */
  readonly name: string;
  readonly description: string | undefined;
  /** The line and column of the case in the scenario file (of its `each` entry's case for expanded ones). */
  readonly line: number;
  readonly column: number;
  readonly principal: {
    readonly description: PrincipalDescription;
    readonly caller: CallerSide;
    readonly region: string | undefined;
  };
  readonly target: CaseTarget;
  /** The principal's context keys with the case's on top. */
  readonly context: RequestContext;
  readonly region: string | undefined;
  readonly resourceAccount: string | undefined;
  /** Set when the case replaces the resource side (its resource policy or RCPs); else looked up by ARN. */
  readonly resourceOverride: Partial<ResourceSide> | undefined;
  readonly expect: Expectation;
  readonly decidedBy: readonly DecidedByExpectation[];
  /**
   * Why the case fails today: it documents a defect and is left out of the default run (it runs
   * with `--include-known-defects`). Undefined for ordinary cases.
   */
  readonly knownDefect: string | undefined;
  /** Evaluate in strict mode: an Allow that rests on a key the request did not carry fails. */
  readonly strict: boolean;
}

export interface Scenario {
  /** The file as shown to people (relative to the working directory). */
  readonly file: string;
  /** Its absolute path. */
  readonly path: string;
  readonly description: string | undefined;
  readonly principals: ReadonlyMap<string, ScenarioPrincipal>;
  readonly resources: readonly ScenarioResource[];
  /** RCP levels for resources that are not named in the file. */
  readonly defaultRcps: PolicyLevels;
  readonly cases: readonly ScenarioCase[];
  /** The absolute paths of the policy files it reads (for watch mode). */
  readonly policyFiles: readonly string[];
}
