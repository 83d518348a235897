/**
 * The types a test author meets: what the matchers take, and the matcher signatures that the
 * Vitest and Jest augmentations both extend (so that the two frameworks cannot drift apart).
 */
import type { CallRequests } from '../src/dynamodb/from-command';
import type { PrincipalDescription, RequestContext } from '../src/engine/request-types';

/** The caller: an ARN, a 12-digit account id (its root user), a service principal, or a description. */
export type PrincipalArgument = string | PrincipalDescription;

/** The values DynamoDB sends in `dynamodb:Select` (Query and Scan API reference). */
export type SelectValue = 'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES' | 'SPECIFIC_ATTRIBUTES' | 'COUNT';

/** The values DynamoDB sends in `dynamodb:ReturnValues` (PutItem/UpdateItem/DeleteItem API reference). */
export type ReturnValuesValue = 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW';

/** Who calls and over which network: meaningful for any request, shorthand or SDK call alike. */
export interface CallerAndNetwork {
  /** `aws:SourceIp`. */
  readonly sourceIp?: string;
  /** `aws:SourceVpce`: the VPC endpoint the request came through. */
  readonly sourceVpce?: string;
  /** `aws:SourceVpc`. */
  readonly sourceVpc?: string;
  /** `aws:SecureTransport`. */
  readonly secureTransport?: boolean;
  /** The caller's principal tags (`aws:PrincipalTag/<key>`). */
  readonly principalTags?: Readonly<Record<string, string>>;
  /** The organization of the caller's account (`aws:PrincipalOrgID`). */
  readonly orgId?: string;
  /** Any other condition key, by its full name. */
  readonly context?: RequestContext;
}

/** What the assertion checks beyond the decision itself. */
export interface DecisionAssertions {
  /**
   * The statement(s) that must be among those that decided: a Sid (`'Statement3'`), a
   * `policy#label` (`'central-table#Statement3'`), or a list of them. A label is the Sid, or the
   * 0-based index as text for a statement without one.
   */
  readonly decidedBy?: string | readonly string[];
  /** Refuse an Allow that rests on a condition key the request did not carry: the test fails either way. */
  readonly strict?: boolean;
}

/** The DynamoDB-friendly way to describe one request. */
export interface RequestShorthand extends CallerAndNetwork, DecisionAssertions {
  /**
   * The table, index or stream ARN (a bare table name resolves in the caller's account and
   * `region`). Default: the first ARN without wildcards that the resource-based policy names.
   */
  readonly resource?: string;
  /** `dynamodb:LeadingKeys`: the partition-key values; always sent as a multivalued key. */
  readonly leadingKeys?: string | readonly string[];
  /** `dynamodb:Attributes`: the attribute names; always sent as a multivalued key. */
  readonly attributes?: string | readonly string[];
  /** `dynamodb:Select`. */
  readonly select?: SelectValue;
  /** `dynamodb:ReturnValues`. */
  readonly returnValues?: ReturnValuesValue;
  /** The Region of the endpoint called: where a bare table name resolves. */
  readonly region?: string;
  readonly command?: never;
  readonly requests?: never;
}

/**
 * A real SDK call, as `fromCommand(...)` turns it into the requests AWS authorizes, plus who calls
 * and what to check. Allowed only when every one of its requests is.
 */
export type CommandRequest = CallRequests &
  CallerAndNetwork &
  DecisionAssertions & {
    readonly resource?: never;
    readonly leadingKeys?: never;
    readonly attributes?: never;
    readonly select?: never;
    readonly returnValues?: never;
    readonly region?: never;
  };

/** The accounts (and optionally the organization) trusted not to count as external. */
export type TrustedZone = readonly string[] | { readonly orgId: string; readonly accounts?: readonly string[] };

export interface ExternalAccessOptions {
  /**
   * Grants to anyone outside this zone count as external. Default: the account that owns the
   * resource the policy names.
   */
  readonly outside?: TrustedZone;
}

export interface ValidityOptions {
  /** The table or stream ARN the policy is for; checks that its statements fit that resource. */
  readonly attachTo?: string;
}

/**
 * The iamspec matchers, with `R` the framework's assertion result (`void` for a synchronous
 * assertion). Every matcher also works under `.not`.
 */
export interface IamspecMatchers<R> {
  /** The request is allowed. */
  toAllow(principal: PrincipalArgument, action: string, request?: RequestShorthand | CommandRequest): R;
  /** The SDK call is allowed: each request it makes is. */
  toAllow(principal: PrincipalArgument, call: CommandRequest): R;
  /** The request is denied, explicitly or implicitly. */
  toDeny(principal: PrincipalArgument, action: string, request?: RequestShorthand | CommandRequest): R;
  toDeny(principal: PrincipalArgument, call: CommandRequest): R;
  /** A Deny statement applies to the request. */
  toExplicitlyDeny(principal: PrincipalArgument, action: string, request?: RequestShorthand | CommandRequest): R;
  toExplicitlyDeny(principal: PrincipalArgument, call: CommandRequest): R;
  /** No Deny applies, and the Allows needed are missing. */
  toImplicitlyDeny(principal: PrincipalArgument, action: string, request?: RequestShorthand | CommandRequest): R;
  toImplicitlyDeny(principal: PrincipalArgument, call: CommandRequest): R;
  /** The resource-based policy grants access to anyone (public access). */
  toBePublic(): R;
  /** The resource-based policy grants access to some principal outside the trusted zone. */
  toGrantExternalAccess(options?: ExternalAccessOptions): R;
  /** Every principal the resource-based policy's Allow statements name is among these principals or accounts. */
  toOnlyGrantAccessTo(principals: readonly string[]): R;
  /** The resource-based policy has no error-level finding (warnings and suggestions are allowed). */
  toBeValidResourcePolicy(options?: ValidityOptions): R;
}
