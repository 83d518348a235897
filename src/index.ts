/**
 * iamspec: decide AWS requests the way AWS does, and say which statement decided.
 *
 * The public API. The engine (`evaluate`, `explain`) stands on the policy model (`loadPolicy`);
 * the DynamoDB model and the analyses stand on both.
 */
export { evaluate, evaluateAll, preparePolicySet, type CombinedDecision, type EvaluateOptions, type PreparedPolicySet } from './engine/evaluate';
export { explain, formatRef, type ExplainOptions } from './engine/explain';
export type {
  Decision,
  DecisionKind,
  EvaluationIssue,
  LedgerEntry,
  Mismatch,
  MissingAllow,
  PolicyTrace,
  Reason,
  ReasonCode,
  StatementTrace,
  AbsenceReliance,
} from './engine/decision-types';
export type { PolicySetInput, PolicyLevel } from './engine/policy-set';
export type { ContextValue, PrincipalDescription, PrincipalInput, RequestContext, RequestInput } from './engine/request-types';
export { resolveRequest, type ResolvedRequest, type ContextEntry } from './engine/request';
export { parseCaller, principalMatch, type Caller, type CallerKind, type PrincipalMatch } from './engine/principal';

export { loadPolicy, loadPolicyFile, parsePolicy, policyFromObject, type LoadOptions, type PolicyInput } from './policy/load';
export { PolicyError, RequestError, formatIssue, formatLocation, type PolicyErrorCode, type PolicyIssue, type SourceLocation } from './policy/errors';
export type { Policy, PolicyKind, PolicyVersion, Statement, StatementRef, Condition, Effect } from './policy/model';
export { isCompiledPolicy } from './policy/model';
export { splitArn, formatArn, type ArnParts } from './policy/arn';
export { compileWildcard } from './policy/wildcard';
export { firstConcreteResource } from './policy/named-resources';

export * from './analysis/index';
export * from './scenarios/index';
export * from './dynamodb/index';
export { GLOBAL_CONDITION_KEYS, WEB_IDENTITY_KEYS, findGlobalConditionKey, findWebIdentityKey, type GlobalConditionKey } from './policy/global-keys';
export {
  readTemplateFile,
  readTemplateText,
  readCloudAssembly,
  readTerraformPlan,
  readTerraformPlanText,
  readDeployed,
  findTable,
  findPrincipal,
  givenManagedPolicies,
  TemplateError,
  formatTemplateIssue,
  type TemplateIssue,
  type TemplateOptions,
  type CdkOptions,
  type CloudAssembly,
  type CdkStack,
  type TerraformPlan,
  type TerraformOptions,
  type ReadDeployedOptions,
  type DeployedPolicies,
  type DeployedTable,
  type DeployedPrincipal,
  type DeployedOrganizationPolicy,
  type DeployedEndpoint,
  type StandIn,
  type UnknownValue,
  type ManagedPolicyDocuments,
} from './templates/index';
export { diffDeployed, type DeployedDiff } from './analysis/diff-deployed';
