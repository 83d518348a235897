/**
 * Checks of DynamoDB resource-based policies: validation for attachment (PutResourcePolicy's
 * checks and known traps), Block Public Access, and external access as IAM Access Analyzer reports it.
 */
export { validate, type ValidateOptions } from './validate';
export { FINDING_RULES, formatFinding, sortFindings, type Finding, type FindingCode, type FindingRule, type Severity } from './findings';
export { checkPublicAccess, TRUSTED_KEYS, BLOCK_PUBLIC_ACCESS_SOURCE, type PublicAccessResult } from './public-access';
export { findExternalAccess, type ExternalAccessOptions, type ExternalGrant, type ExternalPrincipalKind } from './external-access';
export { ACCEPTED_SERVICE_PRINCIPALS, MAX_POLICY_BYTES, parseAttachTarget, type AttachTarget } from './validate-attachment';
