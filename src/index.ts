/**
 * iamspec: decide AWS requests the way AWS does, and say which statement decided.
 *
 * The public API, listed name by name: what is not here is internal and may change without notice.
 * api/iamspec.api.md records this surface with its types; a test fails when the two disagree (update
 * the report with `npm run api:update`). The engine (`evaluate`, `explain`) stands on the policy model
 * (`loadPolicy`); the DynamoDB model, registered with the engine here, and the analyses stand on both.
 */
import './dynamodb/register';

// --- the engine -------------------------------------------------------------------------------------
export {
  evaluate,
  evaluateAll,
  preparePolicySet,
  type CombinedDecision,
  type EvaluateOptions,
  type PreparedPolicySet,
} from './engine/evaluate';
export { explain, type ExplainOptions } from './engine/explain';
export type {
  AbsenceReliance,
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
} from './engine/decision-types';
export type { PolicyLevel, PolicySetInput } from './engine/policy-set';
export type { ContextValue, PrincipalDescription, PrincipalInput, RequestContext, RequestInput } from './engine/request-types';
export { resolveRequest, type ContextEntry, type ResolvedRequest } from './engine/request';
export { RequestError } from './problems/request-error';
export type { Caller, CallerKind } from './engine/principal';
export { registerService, type NameResolution, type ResourcePlace, type ServiceModel } from './engine/services';

// --- problems: one shape for whatever goes wrong, wherever -------------------------------------------
export { formatProblem, type Problem, type ProblemLocation, type Severity } from './problems/problem';
export type { Position } from './source/position';

// --- the policy model -------------------------------------------------------------------------------
export { loadPolicy, loadPolicyFile, parsePolicy, policyFromObject, type LoadOptions, type PolicyInput } from './policy/load';
export {
  PolicyError,
  formatIssue,
  formatLocation,
  type PolicyErrorCode,
  type PolicyIssue,
  type PolicyIssueInput,
  type SourceLocation,
} from './policy/errors';
export type { Condition, Effect, Policy, PolicyKind, PolicyVersion, Statement, StatementRef } from './policy/model';
export { formatArn, splitArn, type ArnParts } from './policy/arn';
export {
  GLOBAL_CONDITION_KEYS,
  WEB_IDENTITY_KEYS,
  findGlobalConditionKey,
  findWebIdentityKey,
  type GlobalConditionKey,
} from './condition-keys/global';

// --- DynamoDB ---------------------------------------------------------------------------------------
export {
  backupArn,
  exportArn,
  globalTableArn,
  importArn,
  indexArn,
  parseDynamoArn,
  resolveTableReference,
  streamArn,
  tableArn,
  tableArnOf,
  type ArnLocation,
  type BackupResource,
  type DynamoArnParse,
  type DynamoResource,
  type DynamoResourceType,
  type ExportResource,
  type GlobalTableResource,
  type ImportResource,
  type IndexResource,
  type StreamResource,
  type TableReference,
  type TableResource,
  type TableScopedResource,
} from './dynamodb/arn';
export {
  ACTION_COUNT,
  API_TO_ACTIONS,
  CATALOG_SOURCE,
  DYNAMODB_ACTIONS,
  MULTI_ACCOUNT_GLOBAL_TABLES_SOURCE,
  RESOURCE_POLICY_SOURCE,
  SERVICE_PREFIX,
  apiAuthorization,
  expandActionPattern,
  findAction,
  streamPolicyCanGrant,
  suggestAction,
  tablePolicyCanGrant,
  type AccessLevel,
  type AccessLevels,
  type ActionResourceType,
  type ApiAuthorization,
  type ApiClient,
  type AuthorizedPer,
  type DynamoAction,
  type ResourcePolicySupport,
  type SituationalAction,
  type Support,
} from './dynamodb/catalog';
export {
  DYNAMODB_CONDITION_KEYS,
  actionSupportsKey,
  describeConditionKey,
  findDynamoConditionKey,
  type DescribedConditionKey,
  type DynamoConditionKey,
} from './dynamodb/condition-keys';
export {
  CallError,
  SUPPORTED_COMMANDS,
  commandName,
  fromCommand,
  type AuthorizationContextValue,
  type AuthorizationRequest,
  type CallRequests,
  type CommandLike,
  type FromCommandOptions,
  type IndexKeySchema,
  type KeySchema,
} from './dynamodb/from-command';

// --- policy checks ----------------------------------------------------------------------------------
export { validate, type ValidateOptions } from './checks/validate';
export { FINDING_RULES, formatFinding, type Finding, type FindingCode, type FindingRule } from './checks/findings';
export { BLOCK_PUBLIC_ACCESS_SOURCE, TRUSTED_KEYS, checkPublicAccess, type PublicAccessResult } from './checks/public-access';
export { findExternalAccess, type ExternalAccessOptions, type ExternalGrant, type ExternalPrincipalKind } from './checks/external-access';

// --- the regression gate ----------------------------------------------------------------------------
export {
  diffPolicies,
  type ChangeDirection,
  type DecisionChange,
  type DecisionSide,
  type DiffOptions,
  type EvaluatedAs,
  type PolicyDiff,
  type PolicyVersionInfo,
} from './gate/diff';
export { diffWorlds, type WorldDiff } from './gate/diff-worlds';
export {
  MUTATION_OPERATORS,
  runMutation,
  type Mutant,
  type MutantStatus,
  type MutationOperator,
  type MutationOptions,
  type MutationReport,
} from './gate/mutate';
export {
  checkMinCoverage,
  coverageFromRun,
  coverageOf,
  unexercised,
  type CoverageGate,
  type CoverageReport,
  type PolicyCoverage,
  type StatementCoverage,
} from './gate/coverage';

// --- scenario files ---------------------------------------------------------------------------------
export { loadScenarioFile, loadScenarioText, type ScenarioLoadOptions } from './scenarios/load';
export { ScenarioError, formatScenarioIssue, type ScenarioIssue } from './scenarios/errors';
export { runScenario, type CaseResult, type CaseStatus, type RunOptions } from './scenarios/run';
export { runScenarioFile, runScenarioSuite, type FileResult, type SuiteOptions, type SuiteResult, type Totals } from './scenarios/suite';
export { SCENARIO_FILE_GLOB, discoverScenarioFiles, type Discovery } from './scenarios/discover';
export type {
  CaseTarget,
  DecidedByExpectation,
  Expectation,
  Scenario,
  ScenarioCase,
  ScenarioPrincipal,
  ScenarioResource,
} from './scenarios/model';

// --- templates: the policies infrastructure code deploys -------------------------------------------
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
  type TemplateIssueInput,
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
export { diffDeployed, type DeployedDiff } from './gate/diff-deployed';
