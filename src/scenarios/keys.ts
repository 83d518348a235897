/**
 * The vocabulary of a scenario file: the keys each kind of mapping takes. The loader rejects every
 * other key, and a test holds `schema/scenario.schema.json` to exactly these lists.
 */

export const FILE_KEYS = ['description', 'policies', 'principals', 'resources', 'organization', 'strict', 'cases'] as const;

/** A named policy under `policies:`. */
export const POLICY_DEFINITION_KEYS = ['file', 'document', 'template', 'resource', 'stream', 'description'] as const;

/** A policy given in place (in a principal, resource, organization or case) instead of by name. */
export const INLINE_POLICY_KEYS = ['name', 'file', 'document'] as const;

export const PRINCIPAL_KEYS = [
  'arn',
  'template',
  'role',
  'description',
  'identityPolicies',
  'permissionBoundary',
  'sessionPolicies',
  'scps',
  'vpcEndpointPolicy',
  'tags',
  'orgId',
  'orgPaths',
  'sourceIdentity',
  'mfa',
  'rolePath',
  'uniqueId',
  'webIdentity',
  'federatedBy',
  'context',
  'region',
] as const;

export const RESOURCE_KEYS = ['arn', 'description', 'policy', 'rcps', 'keySchema', 'tags'] as const;

export const KEY_SCHEMA_KEYS = ['partitionKey', 'sortKey', 'indexes'] as const;

export const INDEX_KEY_SCHEMA_KEYS = ['partitionKey', 'sortKey'] as const;

export const ORGANIZATION_KEYS = ['scps', 'rcps'] as const;

/** The policy slots a case may override. */
export const CASE_POLICY_KEYS = [
  'identityPolicies',
  'resourcePolicy',
  'permissionBoundary',
  'sessionPolicies',
  'scps',
  'rcps',
  'vpcEndpointPolicy',
] as const;

export const CASE_KEYS = [
  'name',
  'description',
  'principal',
  'action',
  'call',
  'resource',
  'context',
  'region',
  'resourceAccount',
  ...CASE_POLICY_KEYS,
  'expect',
  'decidedBy',
  'knownDefect',
  'strict',
  'each',
] as const;

/** The case keys an `each:` may vary: all but the name and `each` itself. */
export const EXPANDABLE_KEYS: readonly string[] = CASE_KEYS.filter((k) => k !== 'name' && k !== 'each');
