/**
 * What a caller gives `evaluate`: the request, as a test describes it.
 *
 * Plain data. Everything here is optional except the action, so that a test says only what
 * matters to it; what AWS would derive (principal type, account, region...) is derived in
 * `request.ts`, never overriding what the caller gave.
 */

/** A condition-key value as a test writes it. Arrays make a multivalued key. */
export type ContextValue = string | number | boolean | readonly (string | number | boolean)[];

/** Condition keys by name; names are case-insensitive, as in AWS. */
export type RequestContext = Readonly<Record<string, ContextValue | undefined>>;

/** A principal with what AWS knows about it beyond its ARN. */
export interface PrincipalDescription {
  /**
   * The caller: an IAM user, role (taken as a session of that role), assumed-role session,
   * federated user or account root ARN; a 12-digit account id (its root); a service principal such
   * as `lambda.amazonaws.com`; or `"*"` / `"anonymous"` for an unsigned request.
   */
  readonly arn: string;
  /** Principal tags (`aws:PrincipalTag/<key>`); for a session, the session's tags. */
  readonly tags?: Readonly<Record<string, string>>;
  /** The organization of the principal's account (`aws:PrincipalOrgID`). */
  readonly orgId?: string;
  /** `aws:PrincipalOrgPaths`, e.g. `o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/`. */
  readonly orgPaths?: readonly string[];
  /** `aws:SourceIdentity` of a role session. */
  readonly sourceIdentity?: string;
  /** Whether the session was authenticated with MFA (`aws:MultiFactorAuthPresent`); omit for long-term keys. */
  readonly mfa?: boolean;
  /**
   * The role's path for an assumed-role session (session ARNs omit it, role ARNs in policies have
   * it), e.g. `/teams/`. Default `/`.
   */
  readonly rolePath?: string;
  /** The unique id (`AIDA...` for a user, `AROA...` for a role), which gives `aws:userid`. */
  readonly uniqueId?: string;
  /** Web-identity claims, e.g. `{ 'www.amazon.com:user_id': 'amzn1.account.X' }`. */
  readonly webIdentity?: Readonly<Record<string, string>>;
  /**
   * How a federated-user session was made: the IAM user whose GetFederationToken call created it
   * (its ARN). A resource policy naming that user grants to the session, capped as AWS caps it.
   */
  readonly federatedBy?: string;
}

export type PrincipalInput = string | PrincipalDescription;

/** One request to authorize. */
export interface RequestInput {
  readonly principal: PrincipalInput;
  /** `service:Action`, e.g. `dynamodb:Query`; case-insensitive. */
  readonly action: string;
  /**
   * The resource ARN; for DynamoDB a bare table name, which resolves to the table of that name in
   * the principal's own account and region; `"*"` for actions that take no resource.
   */
  readonly resource?: string;
  /** The account that owns the resource, for ARNs that carry none (S3). */
  readonly resourceAccount?: string;
  /** The region of the endpoint called; used to resolve bare table names. */
  readonly region?: string;
  /** Condition keys and values. */
  readonly context?: RequestContext;
}
