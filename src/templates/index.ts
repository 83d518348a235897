/**
 * Reading the policies infrastructure code deploys: CloudFormation and SAM templates, CDK cloud
 * assemblies and Terraform plans. Pure: text or files in, compiled policies tied to ARNs out.
 */
import { readFileSync } from 'node:fs';
import { readCloudFormationText, type TemplateOptions } from './cloudformation';
import { TemplateError } from './errors';
import { deployedPolicies } from './extract';
import type { DeployedPolicies } from './model';

export { TemplateError, formatTemplateIssue, type TemplateIssue } from './errors';
export type { TemplateOptions } from './cloudformation';
export { givenManagedPolicies, type ManagedPolicyDocuments } from './managed-policies';
export { allPolicies, mergeDeployed } from './model';
export type { DeployedEndpoint, DeployedOrganizationPolicy, DeployedPolicies, DeployedPrincipal, DeployedTable, StandIn, TemplateSite } from './model';

/** Reads a CloudFormation or SAM template given as text (JSON or YAML). */
export function readTemplateText(text: string, template: string, options: TemplateOptions = {}): DeployedPolicies {
  return deployedPolicies(readCloudFormationText(text, template, options));
}

export function readFileText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new TemplateError([{ message: `cannot read the template: ${why}`, template: file, path: '' }]);
  }
}

/** Reads a CloudFormation or SAM template file. */
export function readTemplateFile(file: string, options: TemplateOptions = {}): DeployedPolicies {
  return readTemplateText(readFileText(file), file, options);
}
