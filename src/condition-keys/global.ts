/**
 * The AWS global condition keys: which exist, what type their values have, whether they carry
 * several values, and when AWS puts them in a request context at all.
 *
 * Facts are from the IAM User Guide page "AWS global condition context keys" and, for web-identity
 * keys, from "Available keys for AWS web identity federation"; sentences are our own. The page groups
 * keys by what they describe (principal, role session, network, resource, request); we keep that
 * grouping because a reader of a failing test thinks in the same terms.
 *
 * Key names are case-insensitive in IAM, so every lookup here folds case. Tag-style keys
 * (`aws:PrincipalTag/team`) are one definition per family; the part after the slash is the tag key.
 */

export const GLOBAL_KEYS_SOURCE = {
  url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
  retrieved: '2026-11-28',
  note: 'stored copy consulted on 2026-11-28; the page carries no date of its own',
} as const;

/** Value types as AWS names them; `ArrayOf...` marks a multivalued key (the docs' "(list)"). */
export type ConditionKeyType = 'String' | 'ARN' | 'Bool' | 'Date' | 'Numeric' | 'IPAddress' | 'Binary' | 'ArrayOfString' | 'ArrayOfARN';

/** What every condition key definition says, global or service-specific. */
export interface ConditionKeyDefinition {
  /** Canonical spelling; a tag-style family is written `aws:PrincipalTag/${TagKey}`. */
  readonly name: string;
  readonly type: ConditionKeyType;
  /** True when the request context may hold several values: use `ForAnyValue`/`ForAllValues`. */
  readonly multivalued: boolean;
  readonly description: string;
}

export type GlobalKeyCategory = 'principal' | 'role-session' | 'network' | 'resource' | 'request';

/**
 * How often a key is in the request context: `always` (every request, anonymous ones included),
 * `signed-requests` (every request signed with AWS credentials), or `conditional` (see `presentWhen`).
 * A test framework needs this because a condition on an absent key behaves differently.
 */
export type KeyAvailability = 'always' | 'signed-requests' | 'conditional';

export interface GlobalConditionKey extends ConditionKeyDefinition {
  readonly category: GlobalKeyCategory;
  /** True for the `aws:PrincipalTag/`, `aws:ResourceTag/` and `aws:RequestTag/` families. */
  readonly tagStyle: boolean;
  readonly availability: KeyAvailability;
  /** When the key is in the request context, in a sentence. */
  readonly presentWhen: string;
  /** Further operator families the key may be compared with (`aws:EpochTime` is Date and Numeric). */
  readonly alsoComparableAs?: readonly ConditionKeyType[];
  /** AWS calls these keys sensitive: a wildcard in their values has no valid use. */
  readonly sensitive: boolean;
  /**
   * Cross-service keys carry another service's prefix (`ec2:`, `lambda:` ...) but AWS lists them
   * with the global keys because they describe the session, whatever service is called.
   */
  readonly crossService: boolean;
}

type KeySpec = Omit<GlobalConditionKey, 'tagStyle' | 'sensitive' | 'crossService' | 'multivalued'>;

// The keys the page lists as sensitive; kept as a set so the flag below is computed, not typed 40 times.
const SENSITIVE = new Set(
  [
    'aws:PrincipalAccount',
    'aws:PrincipalOrgID',
    'aws:ResourceAccount',
    'aws:ResourceOrgID',
    'aws:SourceAccount',
    'aws:SourceOrgID',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:VpceAccount',
    'aws:VpceOrgID',
  ].map((k) => k.toLowerCase()),
);

const TAG_SUFFIX = '/${TagKey}';

function define(spec: KeySpec): GlobalConditionKey {
  return {
    ...spec,
    multivalued: spec.type.startsWith('ArrayOf'),
    tagStyle: spec.name.endsWith(TAG_SUFFIX),
    sensitive: SENSITIVE.has(spec.name.toLowerCase()),
    crossService: !spec.name.startsWith('aws:'),
  };
}

const VIA_ENDPOINT = 'only when the request arrives through a VPC endpoint';
const SERVICE_PRINCIPAL_CALL = 'only when an AWS service principal calls directly (not a service role, not forward access sessions)';
const ON_BEHALF_OF_RESOURCE = 'only when an AWS service principal calls on behalf of a resource whose configuration triggered the call';
const FORWARDED = "only when a service reuses the caller's credentials to call another service (forward access sessions)";

export const GLOBAL_CONDITION_KEYS: readonly GlobalConditionKey[] = [
  // --- the principal -------------------------------------------------------------------------
  define({
    name: 'aws:PrincipalArn',
    type: 'ARN',
    category: 'principal',
    availability: 'signed-requests',
    presentWhen: 'every signed request; for a role session it is the role ARN, not the session ARN',
    description: 'ARN of the principal that signed the request (role, user, federated user or root).',
  }),
  define({
    name: 'aws:PrincipalAccount',
    type: 'String',
    category: 'principal',
    availability: 'always',
    presentWhen: 'every request; anonymous requests carry the value "anonymous"',
    description: 'Account id the calling principal belongs to.',
  }),
  define({
    name: 'aws:PrincipalOrgPaths',
    type: 'ArrayOfString',
    category: 'principal',
    availability: 'conditional',
    presentWhen: "only when the principal's account belongs to an AWS Organizations organization",
    description: "Organizations paths (o-.../r-.../ou-.../) of the principal's account.",
  }),
  define({
    name: 'aws:PrincipalOrgID',
    type: 'String',
    category: 'principal',
    availability: 'conditional',
    presentWhen: "only when the principal's account belongs to an organization",
    description: "Organization id (o-...) of the principal's account.",
  }),
  define({
    name: 'aws:PrincipalTag/${TagKey}',
    type: 'String',
    category: 'principal',
    availability: 'conditional',
    presentWhen: 'when the user, the role or the session carries a tag with that key; one key per tag',
    description: 'Value of one tag on the calling user, role or session.',
  }),
  define({
    name: 'aws:PrincipalIsAWSService',
    type: 'Bool',
    category: 'principal',
    availability: 'signed-requests',
    presentWhen: 'every signed request; true only when a service principal acts directly',
    description: 'Whether the caller is an AWS service principal acting on its own.',
  }),
  define({
    name: 'aws:PrincipalServiceName',
    type: 'String',
    category: 'principal',
    availability: 'conditional',
    presentWhen: SERVICE_PRINCIPAL_CALL,
    description: 'Name of the calling service principal, e.g. cloudtrail.amazonaws.com.',
  }),
  define({
    name: 'aws:PrincipalServiceNamesList',
    type: 'ArrayOfString',
    category: 'principal',
    availability: 'conditional',
    presentWhen: SERVICE_PRINCIPAL_CALL,
    description: 'Every service principal name of the calling service, Regional ones included.',
  }),
  define({
    name: 'aws:PrincipalType',
    type: 'String',
    category: 'principal',
    availability: 'always',
    presentWhen: 'every request, anonymous ones included',
    description: 'Kind of caller: Account, User, FederatedUser, AssumedRole or Anonymous.',
  }),
  define({
    name: 'aws:userid',
    type: 'String',
    category: 'principal',
    availability: 'always',
    presentWhen: 'every request, anonymous ones included',
    description: 'Unique id of the caller; for a role session, role id and session name joined by a colon.',
  }),
  define({
    name: 'aws:username',
    type: 'String',
    category: 'principal',
    availability: 'conditional',
    presentWhen: 'only for IAM users; absent for root, roles, IAM Identity Center users and anonymous calls',
    description: 'Friendly name of the calling IAM user.',
  }),

  // --- the role session ------------------------------------------------------------------------
  define({
    name: 'aws:AssumedRoot',
    type: 'Bool',
    category: 'role-session',
    availability: 'conditional',
    presentWhen: 'only when the credentials come from sts:AssumeRoot',
    description: 'Whether the caller uses a privileged root session obtained with AssumeRoot.',
  }),
  define({
    name: 'aws:FederatedProvider',
    type: 'String',
    category: 'role-session',
    availability: 'conditional',
    presentWhen: 'only in sessions of roles assumed through an OIDC provider (AssumeRoleWithWebIdentity)',
    description:
      'Identity provider that authenticated the federated identity: a name such as ' +
      'cognito-identity.amazonaws.com for built-in providers, an OIDC provider ARN otherwise.',
    alsoComparableAs: ['ARN'],
  }),
  define({
    name: 'aws:TokenIssueTime',
    type: 'Date',
    category: 'role-session',
    availability: 'conditional',
    presentWhen: 'only when the caller uses temporary credentials',
    description: 'When the temporary credentials in use were issued.',
  }),
  define({
    name: 'aws:SignInSessionArn',
    type: 'ARN',
    category: 'role-session',
    availability: 'conditional',
    presentWhen: 'only for requests from an AWS Sign-In OAuth session (aws login, AWS MCP Server); never for console sessions',
    description: 'ARN of the AWS Sign-In session the credentials came from.',
  }),
  define({
    name: 'aws:MultiFactorAuthAge',
    type: 'Numeric',
    category: 'role-session',
    availability: 'conditional',
    presentWhen: 'only with temporary credentials obtained with MFA; absent for long-term access keys',
    description: 'Seconds since the caller last authenticated with MFA.',
  }),
  define({
    name: 'aws:MultiFactorAuthPresent',
    type: 'Bool',
    category: 'role-session',
    availability: 'conditional',
    presentWhen: 'only with temporary credentials (console users, role sessions, GetSessionToken); absent for long-term access keys',
    description: 'Whether MFA validated the temporary credentials in use.',
  }),
  define({
    name: 'aws:ChatbotSourceArn',
    type: 'ARN',
    category: 'role-session',
    availability: 'conditional',
    presentWhen: 'only in role sessions started by Amazon Q Developer in chat applications',
    description: 'Chat configuration ARN that started the role session.',
  }),
  define({
    name: 'aws:Ec2InstanceSourceVpc',
    type: 'String',
    category: 'role-session',
    availability: 'conditional',
    presentWhen: 'only when the request is signed with Amazon EC2 instance role credentials',
    description: 'VPC id the EC2 role credentials were delivered to.',
  }),
  define({
    name: 'aws:Ec2InstanceSourcePrivateIPv4',
    type: 'IPAddress',
    category: 'role-session',
    availability: 'conditional',
    presentWhen: 'only when the request is signed with Amazon EC2 instance role credentials',
    description: 'Private IPv4 address of the primary network interface the EC2 role credentials were delivered to.',
  }),
  define({
    name: 'aws:SourceIdentity',
    type: 'String',
    category: 'role-session',
    availability: 'conditional',
    presentWhen: 'only in role sessions where a source identity was set when the role was assumed (it persists through role chaining)',
    description: 'Source identity fixed on the role session.',
  }),
  define({
    name: 'ec2:RoleDelivery',
    type: 'Numeric',
    category: 'role-session',
    availability: 'conditional',
    presentWhen: 'only in role sessions created by an Amazon EC2 instance',
    description: 'Instance metadata service version that delivered the credentials (1.0 or 2.0).',
  }),
  define({
    name: 'ec2:SourceInstanceArn',
    type: 'ARN',
    category: 'role-session',
    availability: 'conditional',
    presentWhen: 'only in role sessions created by an Amazon EC2 instance',
    description: 'ARN of the EC2 instance the role session was created for.',
  }),
  define({
    name: 'glue:RoleAssumedBy',
    type: 'String',
    category: 'role-session',
    availability: 'conditional',
    presentWhen: 'only when AWS Glue itself calls with a service role on your behalf',
    description: 'Always glue.amazonaws.com when present.',
  }),
  define({
    name: 'glue:CredentialIssuingService',
    type: 'String',
    category: 'role-session',
    availability: 'conditional',
    presentWhen: 'only for calls coming from an AWS Glue job or development endpoint',
    description: 'Always glue.amazonaws.com when present.',
  }),
  define({
    name: 'codebuild:BuildArn',
    type: 'ARN',
    category: 'role-session',
    availability: 'conditional',
    presentWhen: 'only for calls made with a role assumed by AWS CodeBuild',
    description: 'ARN of the CodeBuild build the credentials were delivered to.',
  }),
  define({
    name: 'codebuild:ProjectArn',
    type: 'ARN',
    category: 'role-session',
    availability: 'conditional',
    presentWhen: 'only for calls made with a role assumed by AWS CodeBuild',
    description: 'ARN of the CodeBuild project whose build received the credentials.',
  }),
  define({
    name: 'lambda:SourceFunctionArn',
    type: 'ARN',
    category: 'role-session',
    availability: 'conditional',
    presentWhen: "only for calls from a Lambda function's execution environment (and some Lambda-made calls)",
    description: 'ARN of the Lambda function the credentials were delivered to.',
  }),
  define({
    name: 'ssm:SourceInstanceArn',
    type: 'ARN',
    category: 'role-session',
    availability: 'conditional',
    presentWhen: 'only when credentials were delivered to a Systems Manager managed instance (not an EC2 instance profile)',
    description: 'ARN of the managed instance the credentials were delivered to.',
  }),
  define({
    name: 'identitystore:UserId',
    type: 'String',
    category: 'role-session',
    availability: 'conditional',
    presentWhen: 'only when the caller is an IAM Identity Center user',
    description: 'Identity Center user id of the caller.',
  }),

  // --- the network -------------------------------------------------------------------------------
  define({
    name: 'aws:SourceIp',
    type: 'IPAddress',
    category: 'network',
    availability: 'conditional',
    // The project's reference notes (iam-semantics.md section 9) say this holds "the service's IP"
    // when a service calls on your behalf. The AWS page instead keeps the caller's address for forward
    // access sessions (its example allows them through aws:SourceIp) and says network context is
    // redacted on service-to-service calls; the page is followed.
    presentWhen:
      'every request except those made through a VPC endpoint (public addresses only); forward access ' +
      "sessions keep the original caller's address; AWS redacts network context on service-to-service " +
      'calls',
    description: 'IP address (IPv4 or IPv6) the request came from.',
  }),
  define({
    name: 'aws:SourceVpc',
    type: 'String',
    category: 'network',
    availability: 'conditional',
    presentWhen: VIA_ENDPOINT,
    description: 'Id of the VPC the VPC endpoint belongs to.',
  }),
  define({
    name: 'aws:SourceVpcArn',
    type: 'ARN',
    category: 'network',
    availability: 'conditional',
    // The consulted copy of the page does not list DynamoDB among the services that set this key.
    presentWhen: `${VIA_ENDPOINT}, and only for the services the page lists (DynamoDB is not among them in the copy consulted)`,
    description: 'ARN of the VPC the VPC endpoint belongs to.',
  }),
  define({
    name: 'aws:SourceVpce',
    type: 'String',
    category: 'network',
    availability: 'conditional',
    presentWhen: VIA_ENDPOINT,
    description: 'Id of the VPC endpoint the request came through.',
  }),
  define({
    name: 'aws:VpceAccount',
    type: 'String',
    category: 'network',
    availability: 'conditional',
    presentWhen: `${VIA_ENDPOINT}, for the services the page lists (DynamoDB is one)`,
    description: 'Account that owns the VPC endpoint the request came through.',
  }),
  define({
    name: 'aws:VpceOrgID',
    type: 'String',
    category: 'network',
    availability: 'conditional',
    presentWhen: `${VIA_ENDPOINT} owned by an account in an organization, for the services the page lists (DynamoDB is one)`,
    description: "Organization id of the VPC endpoint owner's account.",
  }),
  define({
    name: 'aws:VpceOrgPaths',
    type: 'ArrayOfString',
    category: 'network',
    availability: 'conditional',
    presentWhen: `${VIA_ENDPOINT} owned by an account in an organization, for the services the page lists (DynamoDB is one)`,
    description: "Organizations paths of the VPC endpoint owner's account.",
  }),
  define({
    name: 'aws:VpcSourceIp',
    type: 'IPAddress',
    category: 'network',
    availability: 'conditional',
    presentWhen: VIA_ENDPOINT,
    description: 'IP address the request came from inside the VPC.',
  }),

  // --- the resource ------------------------------------------------------------------------------
  define({
    name: 'aws:ResourceAccount',
    type: 'String',
    category: 'resource',
    availability: 'conditional',
    presentWhen: 'for most actions of most services (a short list of actions, none of them DynamoDB, lacks it)',
    description: 'Account that owns the resource the request acts on.',
  }),
  define({
    name: 'aws:ResourceOrgID',
    type: 'String',
    category: 'resource',
    availability: 'conditional',
    presentWhen: "only when the resource owner's account belongs to an organization",
    description: "Organization id of the resource owner's account.",
  }),
  define({
    name: 'aws:ResourceOrgPaths',
    type: 'ArrayOfString',
    category: 'resource',
    availability: 'conditional',
    presentWhen: "only when the resource owner's account belongs to an organization",
    description: "Organizations paths of the resource owner's account.",
  }),
  define({
    name: 'aws:ResourceTag/${TagKey}',
    type: 'String',
    category: 'resource',
    availability: 'conditional',
    presentWhen:
      'when the resource has a tag with that key, or the request creates it with one; only for ' +
      'resources that support tag-based authorization',
    description: 'Value of one tag on the resource.',
  }),

  // --- the request -------------------------------------------------------------------------------
  define({
    name: 'aws:CalledVia',
    type: 'ArrayOfString',
    category: 'request',
    availability: 'conditional',
    presentWhen: FORWARDED,
    description: "Ordered service principals that called on the principal's behalf.",
  }),
  define({
    name: 'aws:CalledViaFirst',
    type: 'String',
    category: 'request',
    availability: 'conditional',
    presentWhen: FORWARDED,
    description: 'First service in the chain of forwarded calls.',
  }),
  define({
    name: 'aws:CalledViaLast',
    type: 'String',
    category: 'request',
    availability: 'conditional',
    presentWhen: FORWARDED,
    description: 'Last service in the chain of forwarded calls.',
  }),
  define({
    name: 'aws:CalledViaAWSMCP',
    type: 'String',
    category: 'request',
    availability: 'conditional',
    presentWhen: "only when an AWS MCP service calls with the principal's credentials",
    description: 'Service principal of the AWS MCP service that made the call.',
  }),
  define({
    name: 'aws:ViaAWSService',
    type: 'Bool',
    category: 'request',
    availability: 'always',
    presentWhen: 'every request; true for forward access sessions, false for direct calls',
    description: "Whether a service made this call with the caller's credentials.",
  }),
  define({
    name: 'aws:ViaAWSMCPService',
    type: 'Bool',
    category: 'request',
    availability: 'conditional',
    presentWhen: 'when an AWS MCP server calls a downstream service on behalf of a principal',
    description: 'Whether an AWS MCP service forwarded this call.',
  }),
  define({
    name: 'aws:CurrentTime',
    type: 'Date',
    category: 'request',
    availability: 'always',
    presentWhen: 'every request',
    description: 'Date and time of the request.',
  }),
  define({
    name: 'aws:EpochTime',
    type: 'Date',
    category: 'request',
    availability: 'always',
    presentWhen: 'every request',
    description: 'Time of the request in seconds since 1970-01-01; compares as a date or a number.',
    alsoComparableAs: ['Numeric'],
  }),
  define({
    name: 'aws:referer',
    type: 'String',
    category: 'request',
    availability: 'conditional',
    presentWhen: 'only for browser requests that followed a link; caller-controlled, never proof of anything',
    description: 'HTTP Referer header of the request.',
  }),
  define({
    name: 'aws:RequestedRegion',
    type: 'String',
    category: 'request',
    availability: 'always',
    presentWhen: 'every request',
    description: 'Region of the endpoint called.',
  }),
  define({
    name: 'aws:RequestTag/${TagKey}',
    type: 'String',
    category: 'request',
    availability: 'conditional',
    presentWhen: 'when the request passes a tag with that key; one key per tag',
    description: 'Value of one tag passed in the request.',
  }),
  define({
    name: 'aws:TagKeys',
    type: 'ArrayOfString',
    category: 'request',
    availability: 'conditional',
    presentWhen: 'when the operation can pass tags in the request',
    description: 'Tag keys passed in the request.',
  }),
  define({
    name: 'aws:SecureTransport',
    type: 'Bool',
    category: 'request',
    availability: 'always',
    presentWhen: 'every request',
    description: 'Whether the request was sent over TLS.',
  }),
  define({
    name: 'aws:SourceAccount',
    type: 'String',
    category: 'request',
    availability: 'conditional',
    presentWhen: ON_BEHALF_OF_RESOURCE,
    description: 'Account of the resource on whose behalf a service principal calls.',
  }),
  define({
    name: 'aws:SourceArn',
    type: 'ARN',
    category: 'request',
    availability: 'conditional',
    presentWhen: ON_BEHALF_OF_RESOURCE,
    description: 'ARN of the resource on whose behalf a service principal calls; never the caller ARN.',
  }),
  define({
    name: 'aws:SourceOrgID',
    type: 'String',
    category: 'request',
    availability: 'conditional',
    presentWhen: `${ON_BEHALF_OF_RESOURCE}, and that resource's account is in an organization`,
    description: 'Organization id of the account owning the resource on whose behalf a service calls.',
  }),
  define({
    name: 'aws:SourceOrgPaths',
    type: 'ArrayOfString',
    category: 'request',
    availability: 'conditional',
    presentWhen: `${ON_BEHALF_OF_RESOURCE}, and that resource's account is in an organization`,
    description: 'Organizations paths of the account owning the resource on whose behalf a service calls.',
  }),
  define({
    name: 'aws:UserAgent',
    type: 'String',
    category: 'request',
    availability: 'always',
    presentWhen: 'every request; caller-controlled, never proof of anything',
    description: 'User-Agent of the client that sent the request.',
  }),
  define({
    name: 'aws:IsMcpServiceAction',
    type: 'Bool',
    category: 'request',
    availability: 'conditional',
    presentWhen: 'set to true only when an MCP service authorizes one of its own actions',
    description: 'Whether the action being authorized is an MCP service action.',
  }),
];

// --- web identity -------------------------------------------------------------------------------

/**
 * Claims of a web-identity session (AssumeRoleWithWebIdentity) that IAM exposes as keys named
 * `<provider>:<claim>`. They exist only in sessions federated through that provider; DynamoDB's
 * fine-grained access control examples substitute them as `${www.amazon.com:user_id}` and the like.
 */
export interface WebIdentityKey extends ConditionKeyDefinition {
  readonly provider: string;
  readonly claim: string;
}

function webKey(provider: string, claim: string, description: string, multivalued = false): WebIdentityKey {
  return {
    name: `${provider}:${claim}`,
    provider,
    claim,
    type: multivalued ? 'ArrayOfString' : 'String',
    multivalued,
    description,
  };
}

export const WEB_IDENTITY_KEYS: readonly WebIdentityKey[] = [
  webKey('www.amazon.com', 'user_id', 'Login with Amazon user id.'),
  webKey('www.amazon.com', 'app_id', 'Login with Amazon application id.'),
  webKey('graph.facebook.com', 'id', 'Facebook user id.'),
  webKey('graph.facebook.com', 'app_id', 'Facebook application id.'),
  webKey('accounts.google.com', 'sub', 'Google user id.'),
  webKey('accounts.google.com', 'aud', 'Google application (client) id.'),
  webKey('accounts.google.com', 'oaud', 'Google other audience claim of the token.'),
  webKey('cognito-identity.amazonaws.com', 'sub', 'Amazon Cognito identity id of the user.'),
  webKey('cognito-identity.amazonaws.com', 'aud', 'Amazon Cognito identity pool id.'),
  webKey(
    'cognito-identity.amazonaws.com',
    'amr',
    'Amazon Cognito authentication methods: authenticated or unauthenticated, and the login provider.',
    true,
  ),
];

// --- lookup -------------------------------------------------------------------------------------

const BY_LOWER_NAME = new Map(GLOBAL_CONDITION_KEYS.map((k) => [k.name.toLowerCase(), k]));
const TAG_FAMILIES = GLOBAL_CONDITION_KEYS.filter((k) => k.tagStyle).map((k) => ({
  prefix: k.name.slice(0, k.name.length - TAG_SUFFIX.length + 1).toLowerCase(), // keeps the slash
  key: k,
}));
const WEB_BY_LOWER_NAME = new Map(WEB_IDENTITY_KEYS.map((k) => [k.name.toLowerCase(), k]));

/** Splits `aws:PrincipalTag/team` into its family and tag key; undefined for other keys. */
export function splitTagStyleKey(name: string): { family: GlobalConditionKey; tagKey: string } | undefined {
  const lower = name.toLowerCase();
  for (const { prefix, key } of TAG_FAMILIES) {
    if (lower.startsWith(prefix) && lower.length > prefix.length) {
      return { family: key, tagKey: name.slice(prefix.length) };
    }
  }
  return undefined;
}

/**
 * The definition of a global condition key, case-insensitively. A tag-style name with its tag key
 * (`aws:PrincipalTag/team`) returns its family's definition; the bare family name
 * (`aws:PrincipalTag`) or an empty tag key returns undefined because no such key exists.
 */
export function findGlobalConditionKey(name: string): GlobalConditionKey | undefined {
  const exact = BY_LOWER_NAME.get(name.toLowerCase());
  if (exact !== undefined && !exact.tagStyle) return exact;
  return splitTagStyleKey(name)?.family;
}

export function findWebIdentityKey(name: string): WebIdentityKey | undefined {
  return WEB_BY_LOWER_NAME.get(name.toLowerCase());
}

/** Whether AWS sets the key only on requests that arrive through a VPC endpoint (`aws:SourceVpce`...). */
export function onlyThroughVpcEndpoint(name: string): boolean {
  return findGlobalConditionKey(name)?.presentWhen.startsWith(VIA_ENDPOINT) === true;
}
