/**
 * Reading the policies infrastructure code deploys: CloudFormation and SAM templates, CDK cloud
 * assemblies and Terraform plans. Pure: text or files in, compiled policies tied to ARNs out.
 */
import { readCloudFormationText, type TemplateOptions } from './cloudformation';
import { deployedPolicies } from './extract';
import { readFileText } from './files';
import type { DeployedPolicies } from './model';
import { checkStringArgument, checkTemplateOptions, TEMPLATE_OPTION_FIELDS } from './options';

export { TemplateError, formatTemplateIssue, type TemplateIssue, type TemplateIssueInput } from './errors';
export type { TemplateOptions } from './cloudformation';
export { givenManagedPolicies, type ManagedPolicyDocuments } from './managed-policies';
export { allPolicies, mergeDeployed } from './model';
export type {
  DeployedEndpoint,
  DeployedOrganizationPolicy,
  DeployedPolicies,
  DeployedPrincipal,
  DeployedTable,
  StandIn,
  TemplateSite,
  UnknownValue,
} from './model';

/** Reads a CloudFormation or SAM template given as text (JSON or YAML). */
export function readTemplateText(text: string, template: string, options: TemplateOptions = {}): DeployedPolicies {
  checkStringArgument(text, 'text');
  checkStringArgument(template, 'template');
  checkTemplateOptions(options, TEMPLATE_OPTION_FIELDS);
  return deployedPolicies(readCloudFormationText(text, template, options));
}

/** Reads a CloudFormation or SAM template file. */
export function readTemplateFile(file: string, options: TemplateOptions = {}): DeployedPolicies {
  checkStringArgument(file, 'file');
  checkTemplateOptions(options, TEMPLATE_OPTION_FIELDS);
  return readTemplateText(readFileText(file), file, options);
}

export { readCloudAssembly, type CdkOptions, type CdkStack, type CloudAssembly } from './cdk';
export { findPrincipal, findTable } from './lookup';
export { readTerraformPlan, readTerraformPlanText, type TerraformOptions, type TerraformPlan } from './terraform';
export { renamePolicy } from '../policy/rename';
export {
  deployedSourceOf,
  emptyDeployed,
  isDeployment,
  isDeploymentText,
  readDeployed,
  readDeployedText,
  type DeployedSource,
  type ReadDeployedOptions,
} from './read';
