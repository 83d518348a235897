/**
 * One entry point for whatever a user points at: a CDK cloud assembly directory (or one stack
 * template inside it, read with the assembly's environment and nested stacks), a Terraform plan's
 * JSON (its planned side unless asked otherwise), or a CloudFormation/SAM template.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isMap, isScalar } from '../source/yaml-library';
import { parsePositionedDocument } from '../source/document';
import { CLOUDFORMATION_TAGS } from './cfn-text';
import { cloudAssemblyOf } from './cdk';
import { checkStringArgument, checkTemplateOptions, READ_DEPLOYED_OPTION_FIELDS } from './options';
import type { TemplateOptions } from './cloudformation';
import { deployedPolicies } from './extract';
import { readFileText } from './files';
import { readCloudFormationText } from './cloudformation';
import { mergeDeployed, qualifyNames, type DeployedPolicies } from './model';
import { terraformPlanOf } from './terraform';

export interface ReadDeployedOptions extends Omit<TemplateOptions, 'name'> {
  /** For a Terraform plan: the prior values (`before`) or the planned ones (`after`, the default). */
  readonly planSide?: 'before' | 'after';
}

export type DeployedSource = 'cloudformation' | 'cdk' | 'terraform';

/** What a path holds, from its content: a directory with manifest.json is a cloud assembly. */
export function deployedSourceOf(path: string, text?: string): DeployedSource {
  if (statSync(path).isDirectory()) return 'cdk';
  if (isTerraformPlanText(text ?? readFileText(path))) return 'terraform';
  return existsSync(join(dirname(path), 'manifest.json')) ? 'cdk' : 'cloudformation';
}

/**
 * Whether a path is infrastructure code rather than a policy file: a cloud assembly directory, a
 * Terraform plan, or a template (a mapping with `Resources`).
 */
export function isDeployment(path: string): boolean {
  if (!existsSync(path)) return false;
  if (statSync(path).isDirectory()) return existsSync(join(path, 'manifest.json'));
  return isDeploymentText(readFileText(path));
}

/** Whether text is a Terraform plan or a template (a mapping with `Resources`). */
export function isDeploymentText(text: string): boolean {
  if (isTerraformPlanText(text)) return true;
  const parsed = parsePositionedDocument(text, { customTags: CLOUDFORMATION_TAGS });
  const root = parsed.ok ? parsed.document.doc.contents : undefined;
  return isMap(root) && root.items.some((pair) => isScalar(pair.key) && pair.key.value === 'Resources');
}

function isTerraformPlanText(text: string): boolean {
  return /"format_version"/.test(text.slice(0, 4096)) && /"(resource_changes|planned_values)"/.test(text);
}

/** Reads a template or a plan given as text (a version of a file at a git ref, for instance). */
export function readDeployedText(text: string, name: string, options: ReadDeployedOptions = {}): DeployedPolicies {
  checkStringArgument(text, 'text');
  checkStringArgument(name, 'name');
  checkTemplateOptions(options, READ_DEPLOYED_OPTION_FIELDS);
  const { planSide = 'after', ...templateOptions } = options;
  if (isTerraformPlanText(text)) return terraformPlanOf(text, name, templateOptions)[planSide];
  return deployedPolicies(readCloudFormationText(text, name, templateOptions));
}

/** Nothing deployed: the side of a diff where a template does not exist. */
export function emptyDeployed(source: string): DeployedPolicies {
  return {
    source,
    tables: [],
    principals: [],
    organizationPolicies: [],
    vpcEndpoints: [],
    standIns: [],
    unknowns: [],
    managedPolicyData: undefined,
  };
}

/** Reads what a template, assembly or plan deploys. */
export function readDeployed(path: string, options: ReadDeployedOptions = {}): DeployedPolicies {
  checkStringArgument(path, 'path');
  checkTemplateOptions(options, READ_DEPLOYED_OPTION_FIELDS);
  const { planSide = 'after', ...templateOptions } = options;
  if (!existsSync(path)) return readFileText(path) as never; // Throws the TemplateError for a missing file.
  if (statSync(path).isDirectory()) {
    const assembly = cloudAssemblyOf(path, templateOptions);
    // Stacks reuse logical ids: each stack's names carry its construct path.
    return mergeDeployed(
      path,
      assembly.stacks.map((s) => (assembly.stacks.length > 1 ? qualifyNames(s.deployed, s.displayName) : s.deployed)),
    );
  }
  const text = readFileText(path);
  const source = deployedSourceOf(path, text);
  if (source === 'terraform') return terraformPlanOf(text, path, templateOptions)[planSide];
  if (source === 'cdk') {
    const assembly = cloudAssemblyOf(dirname(path), templateOptions);
    const stack = assembly.stacks.find((s) => resolve(s.templateFile) === resolve(path));
    if (stack) return stack.deployed;
  }
  return deployedPolicies(readCloudFormationText(text, path, templateOptions));
}
